/** The customers screen (S5) driven through the desk at 80x24: its keys, state and writes are the desk's. */
import React from 'react';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { Store } from '../../store/index.js';
import { importCustomersCsv } from '../../customers/customer-csv.js';
import { CustomersScreen } from './CustomersScreen.js';
import { initialCustomersUi } from '../../desk/customers-screen.js';
import { tempStore } from '../../../test/helpers/temp-store.js';
import { NOON } from '../../../test/helpers/clock.js';
import { deskConsole, KEY } from '../../../test/helpers/desk-console.js';

let t: ReturnType<typeof tempStore>;
let store: Store;
let desk: Awaited<ReturnType<typeof deskConsole>> | null = null;

beforeEach(() => {
  t = tempStore();
  store = t.store;
  const csv = path.join(path.dirname(t.file), 'base.csv');
  fs.writeFileSync(csv, [
    'name,company,phone,category,note,street,house,city',
    'Zdeněk Novák,Pekárna Novák s.r.o.,+420 777 123 456,vip,Ring twice,Vinohradská,12,Praha',
    'Jana Nováková,,602 111 222,,,Korunní,3,Praha',
    'Petr Svoboda,,603 333 444,spam,,,,Brno',
    'Olga Horák,,606 666 777,staff,,,,Praha',
  ].join('\n'));
  const r = importCustomersCsv(store, csv, { region: 'CZ' });
  if (!r.ok || !r.committed) throw new Error('seeding the customer base failed');
});
afterEach(() => { desk?.close(); desk = null; t.cleanup(); });

const idOf = (name: string) => store.customerSearch.search(name)[0].id;

/** The console at 80x24 on the customers screen; every frame waited for is held to the frame rules. */
async function customersScreen() {
  desk = await deskConsole(store, { now: NOON });
  const d = desk;
  d.type('C');
  await d.until((f) => f.includes('Deliveries and calls'), 'the customers screen');
  return d;
}

describe('customers screen through the desk (80x24, real customer base)', () => {
  it('searches as you type by name, by any phone format and by address', async () => {
    const d = await customersScreen();
    await d.until((f) => f.includes('Olga Horák') && f.includes('Petr Svoboda'));
    d.type('nov');
    let f = await d.until((x) => !x.includes('Svoboda'), 'filtered list');
    expect(f).toContain('Jana Nováková');
    expect(f).toContain('Zdeněk Novák');
    expect(d.runner.state.customersScreen?.ui.query).toBe('nov');
    for (let i = 0; i < 3; i++) d.type(KEY.backspace);
    d.type('777-123');
    f = await d.until((x) => !x.includes('Jana Nováková') && x.includes('Zdeněk Novák'), 'phone match');
    for (let i = 0; i < 7; i++) d.type(KEY.backspace);
    d.type('korun');
    f = await d.until((x) => x.includes('Korunní 3, Praha') && !x.includes('Zdeněk'), 'address match');
    expect(f).toContain('Jana Nováková');
    d.type('xyz');
    await d.until((x) => x.includes('Nobody matches'));
  });

  it('narrows the list with category funnels, and pages through a long list', async () => {
    for (let i = 0; i < 30; i++) store.customers.create({ name: `Zákazník ${String(i).padStart(2, '0')}`, phone: { key: `+420608000${String(100 + i)}`, asTyped: `608000${100 + i}` } });
    const d = await customersScreen();
    d.type(KEY.right); // clients
    let f = await d.until((x) => !x.includes('Olga Horák') && !x.includes('Petr Svoboda'), 'clients funnel');
    expect(d.runner.state.customersScreen!.results.filter((c) => c.category === 'spam' || c.category === 'staff')).toEqual([]);
    for (let i = 0; i < 4; i++) d.type(KEY.right); // vip, problem, staff, spam
    f = await d.until((x) => x.includes('Petr Svoboda') && !x.includes('Jana'), 'spam funnel');
    for (let i = 0; i < 5; i++) d.type(KEY.left); // all again
    await d.until(() => d.runner.state.customersScreen!.results.length === 34, 'everyone again');
    const first = d.runner.state.customersScreen!.selectedId;
    d.type(KEY.pageDown);
    f = await d.until(() => d.runner.state.customersScreen!.ui.cursor === 10, 'a page down');
    const chosen = d.runner.state.customersScreen!.results[10];
    expect(d.runner.state.customersScreen!.selectedId).toBe(chosen.id);
    expect(d.runner.state.customersScreen!.profile?.customer.id).toBe(chosen.id);
    expect(f).toContain(`› ● ${chosen.name}`.slice(0, 12));
    d.type(KEY.pageUp);
    await d.until(() => d.runner.state.customersScreen!.selectedId === first, 'back a page');
  });

  it('shows the history newest first, writes edits on the right through at once, and Enter on an order opens it', async () => {
    const jana = idOf('jana');
    store.calls.started({ callRef: 'c-1', direction: 'incoming', remote: '602111222', remoteKey: '+420602111222', operatorId: null, extension: '101', startedAt: NOON - 86_400_000 });
    store.calls.markEnded('c-1', NOON - 86_400_000 + 20_000, 'missed');
    const dl = store.deliveries.createDraft({ customerId: jana, phone: '602111222', phoneKey: '+420602111222' }, NOON - 3_600_000);
    const d = await customersScreen();
    d.type('jana');
    let f = await d.until((x) => x.includes(dl.number) && x.includes('abandoned'), 'history');
    expect(f.indexOf(dl.number)).toBeLessThan(f.indexOf('abandoned'));
    d.type(KEY.tab); d.type(KEY.tab); // details pane, on Name
    d.type(KEY.enter);
    for (let i = 0; i < 'Nováková'.length; i++) d.type(KEY.backspace);
    d.type('Dvořáková');
    d.type(KEY.enter);
    await d.until((x) => x.includes('name saved'));
    expect(store.customers.get(jana)!.name).toBe('Jana Dvořáková');
    d.type('3'); // problem
    await d.until((x) => x.includes('category set to problem'));
    expect(store.customers.get(jana)!.category).toBe('problem');
    d.type('+');
    d.type('12');
    d.type(KEY.enter);
    await d.until((x) => x.includes('is not a number that can be called back'), 'refusal');
    d.type('+');
    d.type('00420 720 999 888');
    d.type(KEY.enter);
    await d.until((x) => x.includes('number 00420 720 999 888 added'), 'new number');
    expect(store.customers.get(jana)!.phones.map((p) => p.e164).sort()).toEqual(['+420602111222', '+420720999888']);
    // the centre pane: Enter on the order opens it on the card
    d.type(KEY.tab); d.type(KEY.tab); // list, history
    d.type(KEY.enter);
    f = await d.until((x) => x.includes(`Order ${dl.number}`), 'the order from the history');
    expect(d.runner.state).toMatchObject({ screen: 'delivery', customersScreen: null });
  });

  it('says a field is full when a key meets its limit, and saves what fits', async () => {
    const jana = idOf('jana');
    const d = await customersScreen();
    d.type('jana');
    await d.until((x) => x.includes('Jana Nováková') && !x.includes('Olga'));
    d.type(KEY.tab); d.type(KEY.tab); // details pane, on Name
    d.type(KEY.enter);
    d.type('x'.repeat(200 - 'Jana Nováková'.length));
    d.type('y');
    await d.until((x) => x.includes('is full: at most 200 characters'), 'the full field said');
    d.type(KEY.enter);
    await d.until((x) => x.includes('name saved'));
    expect(store.customers.get(jana)!.name).toBe('Jana Nováková' + 'x'.repeat(187));
  });

  it('a colleague\'s commit refreshes the open screen through the desk\'s one commit watch (no poller of its own), and ctrl+r reads again', async () => {
    const other = Store.open(t.file, { region: 'CZ', currency: 'CZK' });
    try {
      const d = await customersScreen();
      await d.until((f) => f.includes('Olga Horák'));
      other.customers.create({ name: 'Radka Nová', phone: { key: '+420608000111', asTyped: '608000111' } }, NOON);
      await d.until((f) => f.includes('Radka Nová'), 'colleague\'s new customer');
      // a second number moves nothing the lists show (desk_changes stays): the open screen reads it all the same
      d.type('olga');
      await d.until((f) => f.includes('Olga Horák') && !f.includes('Radka'));
      const desk = other.deskVersion();
      other.customers.attachPhone(idOf('olga'), '+420731000999', '731 000 999', NOON);
      expect(other.deskVersion()).toBe(desk);
      await d.until((f) => f.includes('731 000 999'), 'colleague\'s number');
      d.type(KEY.ctrlR);
      await d.until((f) => f.includes('read '));
    } finally {
      other.close();
    }
  });

  it('renders a new, empty base without a customer', () => {
    const f = render(<CustomersScreen ui={initialCustomersUi} results={[]} profile={null} width={80} height={20} region="CZ" currency="CZK" />).lastFrame()!;
    expect(f).toContain('Nobody in this funnel');
    expect(f).toContain('No customer selected');
  });
});
