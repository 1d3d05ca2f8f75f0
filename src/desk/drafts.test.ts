import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import path from 'node:path';
import { reduce } from './reduce.js';
import { parseDraft, sessionOf, type Draft } from './drafts.js';
import { initialState, type DeskState } from './state.js';
import type { DeskEvent, Effect } from './events.js';
import { DeskRunner } from './runner.js';
import { ReplayPhone } from '../telephony/replay/replay-phone.js';
import { Store } from '../store/index.js';
import type { Delivery } from '../domain/delivery.js';
import type { WorkItem } from '../domain/work-item.js';
import { emptyAddress } from '../domain/address.js';
import { migrate } from '../store/db.js';
import { migrations } from '../store/migrations/index.js';
import { seed, demoNumbers } from '../demo/seed.js';
import { tempDir } from '../../test/helpers/temp-store.js';
import { until } from '../../test/helpers/until.js';

const start = (): DeskState => ({ ...initialState({ operator: 'alice', extension: '101', currency: 'CZK', region: 'CZ', now: 1000 }), registration: { state: 'registered' } });
function play(s: DeskState, events: DeskEvent[]): { state: DeskState; effects: Effect[] } {
  const effects: Effect[] = [];
  for (const e of events) { const r = reduce(s, e); s = r.state; effects.push(...r.effects); }
  return { state: s, effects };
}
const keys = (...k: string[]): DeskEvent[] => k.map((key) => ({ type: 'key', key }));
const typing = (text: string): DeskEvent[] => keys(...text);
const draft = (id: number): Delivery => ({
  id, number: `D-${id}`, customerId: 4, customerName: 'Eva', phone: '+420 777 123 456', phoneKey: '+420777123456', kind: 'delivery', status: 'draft',
  address: { ...emptyAddress, street: 'Korunní', house: '1' }, promisedAt: null, asap: true, posId: null, posName: '', driverId: null, driverName: '',
  driverMobile: '', paymentKind: 'cash', cashTendered: null, persons: 1, comment: '', version: 1, createdAt: 0, updatedAt: 0, total: 24900,
  items: [{ productId: 1, name: 'Margherita', size: '', modifiers: [], quantity: 1, unitPrice: 24900, kitchenComment: '' }],
});
const saved = (effects: Effect[]) => effects.filter((e): e is Extract<Effect, { type: 'save-session' }> => e.type === 'save-session');

describe('drafts: every dialog with text is part of the session', () => {
  const opened = () => play(start(), [{ type: 'delivery-opened', delivery: draft(3) }]).state;

  it.each<[string, DeskEvent[], Draft]>([
    ['the menu search', [...keys('m'), ...typing('marg')], { kind: 'menu', query: 'marg' }],
    ['a cancel reason', [...keys('3', 'down', 'down', 'down', 'down', 'down'), ...typing('moved away')],
      { kind: 'cancel', deliveryId: 3, number: 'D-3', reason: 'other', note: 'moved away' }],
    ['a kitchen comment', [...keys('tab', 'enter'), ...typing('no basil')],
      { kind: 'edit', field: 'kitchenComment', label: 'Kitchen: Margherita', value: 'no basil', itemIndex: 0 }],
    ['persons', [...keys('u', 'delete'), ...typing('4')], { kind: 'edit', field: 'persons', label: 'Persons (cutlery sets)', value: '4' }],
    ['an address field', [...keys('down', 'enter'), ...typing('5a')], { kind: 'edit', field: 'house', label: 'House', value: '15a', before: '1' }],
    ['a callback (Z)', [...keys('Z'), ...typing('18:30'), ...keys('tab'), ...typing('office')],
      { kind: 'callback', phone: '+420 777 123 456', name: 'Eva', callRef: '', when: '18:30', note: 'office', field: 'note' }],
  ])('%s: each key saves the session with the text typed so far', (_, events, expected) => {
    const { state, effects } = play(opened(), events);
    const last = saved(effects).at(-1);
    expect(last?.session).toEqual({ deliveryId: 3, draft: expected });
    expect(sessionOf(state).draft).toEqual(expected);
    // one save per key at most, never two for one event
    expect(saved(effects).length).toBeLessThanOrEqual(events.length);
    // and it reads back as it was written
    expect(parseDraft(JSON.stringify(expected))).toEqual(expected);
  });

  it('the add-customer form and the note are saved without any delivery open', () => {
    const s: DeskState = { ...start(), modal: { kind: 'customer-form' as const, phone: '+420 720 999 888', fields: { name: '', company: '', note: '' }, index: 0 } };
    const r = play(s, [...typing('Pavel'), ...keys('tab'), ...typing('ACME')]);
    expect(saved(r.effects).at(-1)?.session).toEqual({
      deliveryId: null, draft: { kind: 'customer-form', phone: '+420 720 999 888', fields: { name: 'Pavel', company: 'ACME', note: '' }, index: 1 },
    });
    const note = play(start(), [{ type: 'customer-loaded', purpose: 'note', customer: { id: 9, name: 'Eva', company: '', category: 'regular', note: 'Nuts', city: '', country: '', debt: 0, phones: [] } }, ...typing('!')]);
    expect(saved(note.effects).at(-1)?.session.draft).toEqual({ kind: 'customer-note', customerId: 9, customerName: 'Eva', value: 'Nuts!' });
  });

  it('closing a field clears the draft only once the write that keeps its text has answered', () => {
    const typed = play(opened(), [...keys('down', 'enter'), ...typing('5')]).state;
    const enter = reduce(typed, { type: 'key', key: 'enter' });
    expect(enter.effects.map((e) => e.type)).toEqual(['save-delivery']);
    expect(enter.state.modal).toBeNull();
    expect(sessionOf(enter.state).draft).toMatchObject({ kind: 'edit', field: 'house', value: '15' });
    const written = { ...draft(3), address: { ...draft(3).address, house: '15' }, version: 2 };
    const answered = reduce(enter.state, { type: 'delivery-saved', delivery: written });
    expect(saved(answered.effects)).toEqual([{ type: 'save-session', session: { deliveryId: 3, draft: null } }]);
    expect(answered.state.unsaved).toBeNull();
  });

  it('a tick, a resize or a colleague\'s change writes nothing', () => {
    const s = play(opened(), [...keys('m'), ...typing('pi')]).state;
    for (const e of [{ type: 'tick', now: 5000 }, { type: 'resize', columns: 90, rows: 30 }, { type: 'store-changed' }] as DeskEvent[]) {
      expect(saved(reduce(s, e).effects)).toEqual([]);
    }
  });

  it('restoring puts each dialog back with its text; the menu searches again', () => {
    const restore = (d: Draft, delivery: Delivery | null = draft(3)) => reduce(start(), { type: 'session-restored', delivery, draft: d });
    const menu = restore({ kind: 'menu', query: 'marg' });
    expect(menu.state.modal).toMatchObject({ kind: 'menu', query: 'marg' });
    expect(menu.effects).toContainEqual({ type: 'search-menu', query: 'marg', posId: draft(3).posId });
    expect(restore({ kind: 'cancel', deliveryId: 3, number: 'D-3', reason: 'other', note: 'moved' }).state.modal).toMatchObject({ kind: 'cancel', index: 5, note: 'moved' });
    // a cancel draft for another delivery is not shown over this one
    expect(restore({ kind: 'cancel', deliveryId: 8, number: 'D-8', reason: 'other', note: 'x' }).state.modal).toBeNull();
    const kitchen = restore({ kind: 'edit', field: 'kitchenComment', label: 'Kitchen: Margherita', value: 'no basil', itemIndex: 0 });
    expect(kitchen.state).toMatchObject({ pane: 'items', itemIndex: 0, modal: { kind: 'edit', field: 'kitchenComment', value: 'no basil' } });
    const form = restore({ kind: 'customer-form', phone: '+420 720 999 888', fields: { name: 'Pavel', company: '', note: '' }, index: 0 }, null);
    expect(form.state).toMatchObject({ screen: 'list', modal: { kind: 'customer-form', fields: { name: 'Pavel' } } });
    expect(form.state.message?.text).toMatch(/what you were typing/);
  });

  it('the redirect and transfer dialogs: saved as typed, read back checked, put back only while their item or call is still there', () => {
    const redirect: Draft = { kind: 'redirect', itemId: 7, label: 'chat Ann', target: 'bob', note: 'knows her' };
    const transfer: Draft = { kind: 'transfer', mode: 'attended', callId: 'c1', target: '1002', note: 'wants Brno', field: 'note' };
    for (const d of [redirect, transfer]) expect(parseDraft(JSON.stringify(d))).toEqual(d);
    expect(parseDraft('{"kind":"transfer","mode":"sideways","callId":"c1","target":"","note":"","field":"note"}')).toBeNull();
    expect(parseDraft('{"kind":"redirect","itemId":-1,"label":"","target":"","note":""}')).toBeNull();
    const item: WorkItem = { id: 7, kind: 'chat', ref: 'x', entry: { via: 'web', value: '' }, language: '', name: 'Ann', phone: '', phoneKey: null, web: null,
      arrivedAt: 0, position: 1, state: 'waiting', stateAt: 0, owner: { to: 'anyone' }, holder: null, notes: [], version: 1 };
    const queued: DeskState = { ...start(), queue: { items: [item], mine: [], myGroups: [], preview: null, mail: { toSend: 0, sent: 0, failed: 0 }, targets: [{ to: 'group', group: 'Brno' }, { to: 'operator', operator: 'bob' }] } };
    const back = reduce(queued, { type: 'session-restored', delivery: null, draft: redirect });
    expect(back.state.modal).toMatchObject({ kind: 'redirect', itemId: 7, index: 1, note: 'knows her' });
    expect(sessionOf(back.state).draft).toEqual(redirect);
    // taken meanwhile: the note is said, not lost
    expect(reduce(start(), { type: 'session-restored', delivery: null, draft: redirect }).state.message?.text).toBe('chat Ann was taken meanwhile — your note was: knows her');
    const onCall: DeskState = { ...start(), calls: [{ id: 'c1', direction: 'incoming', remote: '777', number: { kind: 'invalid', raw: '777' } as never, phase: 'answered', muted: false, startedAt: 0, answeredAt: 0, lookup: null, hidden: false, answerMode: 'route', spam: false }] };
    expect(reduce(onCall, { type: 'session-restored', delivery: null, draft: transfer }).state.modal).toMatchObject({ kind: 'transfer', mode: 'attended', target: '1002', note: 'wants Brno', field: 'note' });
  });

  it('a field a colleague changed while this console was down: their value is named, the text kept', () => {
    const theirs = { ...draft(3), address: { ...draft(3).address, house: '7' }, version: 4 };
    const r = reduce(start(), { type: 'session-restored', delivery: theirs, draft: { kind: 'edit', field: 'house', label: 'House', value: '15a', before: '1' } });
    expect(r.state.modal).toMatchObject({ kind: 'edit', field: 'house', value: '15a' });
    expect(r.state.addressIndex).toBe(1);
    expect(r.state.message).toEqual({ kind: 'error', text: expect.stringContaining('House was changed by a colleague to "7"') });
  });

  it('the customers screen: what is typed there is saved while it is open, and goes when it is left', () => {
    const typed = { query: 'Vese', funnel: 'all' as const, customerId: null, editing: null };
    const on = play(start(), [...keys('C'), ...typing('Vese')]);
    expect(saved(on.effects).at(-1)?.session).toEqual({ deliveryId: null, draft: { kind: 'customers', ...typed } });
    // nothing typed (the screen just opened): nothing to keep
    expect(saved(play(start(), keys('C')).effects)).toEqual([]);
    const left = play(on.state, keys('escape', 'escape'));
    expect(left.state).toMatchObject({ screen: 'list', customersScreen: null });
    expect(saved(left.effects).at(-1)?.session.draft).toBeNull();
    const edit = { ...typed, customerId: 7, editing: { row: 'name' as const, value: 'Martin V' } };
    const back = reduce(start(), { type: 'session-restored', delivery: null, draft: { kind: 'customers', ...edit } });
    expect(back.state).toMatchObject({ screen: 'customers', customersScreen: { selectedId: 7, ui: { query: 'Vese', pane: 'details', editing: edit.editing } } });
    expect(back.effects).toContainEqual({ type: 'customers-search', query: 'Vese', funnel: 'all' });
  });

  it('a stored draft is read back checked: an older console\'s field editor reads, junk is dropped', () => {
    expect(parseDraft('{"kind":"edit","field":"street","label":"Street","value":"Italsk"}')).toEqual({ kind: 'edit', field: 'street', label: 'Street', value: 'Italsk' });
    expect(parseDraft('{"kind":"customers","query":"x","funnel":"vip","customerId":null,"editing":{"row":"phones","value":"777"}}'))
      .toEqual({ kind: 'customers', query: 'x', funnel: 'vip', customerId: null, editing: { row: 'phones', value: '777' } });
    for (const junk of ['{"kind":"customers","query":"x","funnel":"gold","customerId":null,"editing":null}', '{"kind":"customers","query":"x","funnel":"all","customerId":null,"editing":{"row":"debt","value":"0"}}', '', 'not json', '[]', 'null', '{"kind":"menu"}', '{"kind":"cancel","deliveryId":1,"number":"D","reason":"bored","note":""}', '{"kind":"pick"}']) {
      expect(parseDraft(junk)).toBeNull();
    }
  });
});

describe('drafts on a real database file, across a crash', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => { while (cleanups.length) cleanups.pop()!(); });

  /** A console on `file`: the real runner and store; "crash" drops it without any flush. */
  async function deskOn(file: string, operator = 'alice') {
    const store = Store.open(file, { region: 'CZ', currency: 'CZK' });
    const phone = new ReplayPhone({ remoteAnswerMs: -1 });
    const runner = new DeskRunner({ store, phone, operator: { id: null, name: operator, extension: '101' } });
    await runner.start();
    await phone.start();
    const press = async (...k: string[]) => {
      for (const key of k) runner.dispatch({ type: 'key', key });
      await runner.settled();
    };
    const crash = () => { runner.dispose(); void phone.stop(); store.close(); };
    cleanups.push(() => { if (store.db.open) crash(); });
    return { store, phone, runner, press, type: (t: string) => press(...t), crash };
  }

  it('the add-customer form, typed on a call, comes back in a new process-like console on the same file', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const file = path.join(t.dir, 'desk.db');
    const first = await deskOn(file);
    seed(first.store);
    first.phone.ring(demoNumbers.newCaller, 'c1');
    await until(() => first.runner.state.calls.length === 1);
    await first.press('a');
    await until(() => first.runner.state.delivery !== null);
    await first.press('A');
    await first.type('Pavel Dvořák');
    await first.press('tab');
    await first.type('Dvořák Sta');
    first.crash();

    const again = await deskOn(file);
    expect(again.runner.state.modal).toMatchObject({ kind: 'customer-form', fields: { name: 'Pavel Dvořák', company: 'Dvořák Sta' }, index: 1 });
    await again.type('vby');
    await again.press('enter');
    const card = again.store.customers.withPhone('+420720999888')[0];
    expect(card).toMatchObject({ name: 'Pavel Dvořák', company: 'Dvořák Stavby' });
    expect(again.store.deliveries.get(again.runner.state.delivery!.id)!.customerId).toBe(card.id);
    expect(again.store.sessions.load('alice')?.draft).toBe('');
  });

  it('a session saved by the schema before drafts (field editor text) survives the upgrade and comes back', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const file = path.join(t.dir, 'old.db');
    // a database as the ringdesk before issue 12 left it: schema 5, a half-typed street
    const old = new Database(file);
    migrate(old, file, migrations.filter((m) => m.version <= 5));
    old.prepare(`INSERT INTO deliveries (number, phone, status, created_at, updated_at) VALUES ('D-005', '+420 720 999 888', 'draft', 1, 1)`).run();
    old.prepare(`INSERT INTO desk_sessions (operator, delivery_id, editing, updated_at) VALUES ('alice', 1, ?, 1)`)
      .run(JSON.stringify({ kind: 'edit', field: 'street', label: 'Street', value: 'Italsk' }));
    old.close();

    const c = await deskOn(file);
    expect(c.store.db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version);
    expect(c.runner.state.screen).toBe('delivery');
    expect(c.runner.state.modal).toEqual({ kind: 'edit', field: 'street', label: 'Street', value: 'Italsk' });
    await c.type('á');
    await c.press('enter');
    expect(c.store.deliveries.get(1)!.address.street).toBe('Italská');
  });
});
