import React from 'react';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { Store } from '../../store/index.js';
import { importCustomersCsv } from '../../customers/customer-csv.js';
import { storeCustomerSource } from '../../customers/customer-desk.js';
import { CustomersPanel } from './CustomersPanel.js';
import { CustomersScreen } from './CustomersScreen.js';
import { initialCustomersUi } from './customers-state.js';
import { tempStore } from '../../../test/helpers/temp-store.js';
import { stripAnsi } from '../../replay/virtual-terminal.js';
import { untilFrame as until } from '../../../test/helpers/frames.js';

const tick = () => new Promise((r) => setTimeout(r, 10));
const KEY = { up: '\u001B[A', down: '\u001B[B', right: '\u001B[C', left: '\u001B[D', tab: '\t', enter: '\r', escape: '\u001B', backspace: '\u007F' };

let t: ReturnType<typeof tempStore>;
let store: Store;

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
afterEach(() => t.cleanup());

const panel = (over: Partial<React.ComponentProps<typeof CustomersPanel>> = {}) => (
  <CustomersPanel source={storeCustomerSource(store)} width={100} height={30} region="CZ" currency="CZK" timeZone="UTC" refreshMs={50} {...over} />
);
const idOf = (name: string) => store.customerSearch.search(name)[0].id;

describe('customers screen: three panes over a real customer base', () => {
  it('searches as you type by name, by any phone format and by address', async () => {
    const { lastFrame, stdin, unmount } = render(panel());
    await tick();
    await until(lastFrame, (f) => f.includes('Olga Horák') && f.includes('Petr Svoboda'));
    stdin.write('nov');
    let f = await until(lastFrame, (x) => !x.includes('Svoboda'), 'filtered list');
    expect(f).toContain('Jana Nováková');
    expect(f).toContain('Zdeněk Novák');
    for (let i = 0; i < 3; i++) stdin.write(KEY.backspace);
    stdin.write('777-123');
    f = await until(lastFrame, (x) => !x.includes('Jana Nováková') && x.includes('Zdeněk Novák'), 'phone match');
    expect(f).toContain('777 123 456');
    expect(f).not.toContain('+420');
    for (let i = 0; i < 7; i++) stdin.write(KEY.backspace);
    stdin.write('korun');
    f = await until(lastFrame, (x) => x.includes('Korunní 3, Praha') && !x.includes('Zdeněk'), 'address match');
    expect(f).toContain('Jana Nováková');
    stdin.write('xyz');
    await until(lastFrame, (x) => x.includes('Nobody matches'));
    unmount();
  });

  it('narrows the list with category funnels', async () => {
    const { lastFrame, stdin, unmount } = render(panel());
    await tick();
    await until(lastFrame, (f) => f.includes('Olga Horák'));
    stdin.write(KEY.right); // clients
    let f = await until(lastFrame, (x) => !x.includes('Olga Horák') && !x.includes('Petr Svoboda'), 'clients funnel');
    expect(f).toContain('Jana Nováková');
    for (let i = 0; i < 4; i++) stdin.write(KEY.right); // vip, problem, staff, spam
    f = await until(lastFrame, (x) => x.includes('Petr Svoboda') && !x.includes('Jana'), 'spam funnel');
    unmount();
  });

  it('shows the centre history newest first and writes edits on the right through at once', async () => {
    const jana = idOf('jana');
    store.calls.started({ callRef: 'c-1', direction: 'incoming', remote: '602111222', remoteKey: '+420602111222', operatorId: null, extension: '101', startedAt: Date.UTC(2026, 0, 5, 9, 0) });
    store.calls.markEnded('c-1', Date.UTC(2026, 0, 5, 9, 0, 20), 'missed');
    const d = store.deliveries.createDraft({ customerId: jana, phone: '602111222', phoneKey: '+420602111222' }, Date.UTC(2026, 0, 6, 12, 0));
    const { lastFrame, stdin, unmount } = render(panel({ initialQuery: 'jana' }));
    await tick();
    let f = await until(lastFrame, (x) => x.includes(d.number) && x.includes('abandoned'), 'history');
    expect(f.indexOf(d.number)).toBeLessThan(f.indexOf('abandoned'));
    stdin.write(KEY.tab); stdin.write(KEY.tab); // details pane, on Name
    stdin.write(KEY.enter);
    for (let i = 0; i < 'Nováková'.length; i++) stdin.write(KEY.backspace);
    stdin.write('Dvořáková');
    stdin.write(KEY.enter);
    await until(lastFrame, (x) => x.includes('name saved'));
    expect(store.customers.get(jana)!.name).toBe('Jana Dvořáková');
    stdin.write('3'); // problem
    await until(lastFrame, (x) => x.includes('category set to problem'));
    expect(store.customers.get(jana)!.category).toBe('problem');
    stdin.write('+');
    stdin.write('12');
    stdin.write(KEY.enter);
    f = await until(lastFrame, (x) => x.includes('is not a number that can be called back'), 'refusal');
    stdin.write('+');
    stdin.write('00420 720 999 888');
    stdin.write(KEY.enter);
    f = await until(lastFrame, (x) => x.includes('number 00420 720 999 888 added'), 'new number');
    expect(store.customers.get(jana)!.phones.map((p) => p.e164)).toEqual(['+420602111222', '+420720999888']);
    expect(store.customerSearch.search('720 999').map((c) => c.name)).toEqual(['Jana Dvořáková']);
    unmount();
  });

  it('says a field is full when a key meets its limit, and saves what fits', async () => {
    const jana = idOf('jana');
    const { lastFrame, stdin, unmount } = render(panel({ initialQuery: 'jana' }));
    await tick();
    await until(lastFrame, (x) => x.includes('Jana Nováková'));
    stdin.write(KEY.tab); stdin.write(KEY.tab); // details pane, on Name
    stdin.write(KEY.enter);
    stdin.write('x'.repeat(200 - 'Jana Nováková'.length));
    stdin.write('y');
    await until(lastFrame, (x) => x.includes('is full: at most 200 characters'), 'the full field said');
    stdin.write(KEY.enter);
    await until(lastFrame, (x) => x.includes('name saved'));
    expect(store.customers.get(jana)!.name).toBe('Jana Nováková' + 'x'.repeat(187));
    unmount();
  });

  it('shows another console\'s edit by itself (data_version), and on ctrl+r', async () => {
    const other = Store.open(t.file, { region: 'CZ', currency: 'CZK' });
    try {
      const { lastFrame, stdin, unmount } = render(panel());
      await tick();
      await until(lastFrame, (f) => f.includes('Olga Horák'));
      other.customers.create({ name: 'Radka Nová', phone: { key: '+420608000111', asTyped: '608000111' } });
      await until(lastFrame, (f) => f.includes('Radka Nová'), 'colleague\'s new customer');
      const olga = other.customers.get(idOf('olga'))!;
      other.customers.update({ ...olga, name: 'Olga Horáková' });
      await until(lastFrame, (f) => f.includes('Olga Horáková'), 'colleague\'s edit');
      stdin.write('\u0012'); // ctrl+r
      await until(lastFrame, (f) => f.includes('read '));
      unmount();
    } finally {
      other.close();
    }
  });

  it('fits 80 columns with long names cut, not wrapped', async () => {
    store.customers.create({ name: 'Maximilián Alexandr Konstantin Vladislav Novák-Dlouhojmenný', company: 'X'.repeat(150), phone: { key: '+420609000000', asTyped: '609000000' } });
    const { lastFrame, unmount } = render(panel({ width: 80, height: 24 }));
    await tick();
    const f = await until(lastFrame, (x) => x.includes('Maximilián'));
    for (const line of f.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(f).toContain('…');
    unmount();
  });

  it('renders a new, empty base without a customer', () => {
    const f = render(<CustomersScreen ui={initialCustomersUi} results={[]} profile={null} width={80} height={20} region="CZ" currency="CZK" />).lastFrame()!;
    expect(f).toContain('Nobody in this funnel');
    expect(f).toContain('No customer selected');
  });
});

describe('customers screen without colour (NO_COLOR: no inverse video either)', () => {
  /** The rows that carry the "›" marker just inside a pane's left border, as [pane, text]: panes 0 list, 1 history, 2 details, left to right. */
  const marked = (frame: string) => {
    const lines = stripAnsi(frame).split('\n');
    const panes = [...lines[0].matchAll(/╭/g)].map((m) => m.index);
    return lines.flatMap((line) => [...line.matchAll(/│(›[^│]*)/g)].map((m) => [panes.filter((p) => p <= m.index).length - 1, m[1].trim()] as const));
  };
  it('only the pane with the keys marks its selected row with "›"', async () => {
    const { lastFrame, stdin, unmount } = render(panel({ height: 20 }));
    await until(lastFrame, (f) => f.includes('Zdeněk Novák'));
    const first = marked(lastFrame()!);
    expect(first).toEqual([[0, expect.stringMatching(/^› ● \S/)]]); // the list has the keys: one row marked
    stdin.write(KEY.down);
    const moved = marked(await until(lastFrame, (f) => marked(f).length === 1 && marked(f)[0][1] !== first[0][1], 'the marker to move'));
    expect(moved).toEqual([[0, expect.stringMatching(/^› ● \S/)]]);
    const name = moved[0][1].slice(4);
    stdin.write(KEY.tab); // the history: nothing to select (no orders, no calls), so no marker anywhere
    await until(lastFrame, (f) => marked(f).length === 0, 'the list to let go of the marker');
    stdin.write(KEY.tab); // the details: the row being edited-to-be
    const f = await until(lastFrame, (x) => marked(x).length > 0, 'the details marker');
    expect(marked(f)).toEqual([[2, `›Name     ${name}`]]);
    unmount();
  });
});
