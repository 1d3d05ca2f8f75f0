/**
 * Keys as terminal users expect them (issue 11): `/` narrows the open and scheduled orders, j/k
 * move in every list and pane, Esc in a field cancels and keeps the old value, the ? overlay
 * scrolls. Pure reducer: no Ink, no SQLite.
 */
import { describe, expect, it } from 'vitest';
import { reduce } from './reduce.js';
import { initialState, type DeskState } from './state.js';
import type { DeskEvent, Effect } from './events.js';
import { helpEntries } from './help.js';
import { keymap, resolveKey } from './keymap.js';
import { shownOrders, shownScheduled, matchesSearch } from './list-search.js';
import { emptyAddress } from '../domain/address.js';
import type { Delivery, DeliverySummary } from '../domain/delivery.js';
import { normalisePhone } from '../domain/phone-number.js';
import { NOON } from '../../test/helpers/clock.js';

const start = (over: Partial<DeskState> = {}): DeskState => ({ ...initialState({ operator: 'alice', extension: '101', currency: 'CZK', region: 'CZ', now: NOON }), registration: { state: 'registered' }, ...over });
function keys(s: DeskState, ...names: string[]): { state: DeskState; effects: Effect[] } {
  const effects: Effect[] = [];
  for (const key of names) {
    const r = reduce(s, { type: 'key', key } as DeskEvent);
    s = r.state;
    effects.push(...r.effects);
  }
  return { state: s, effects };
}
const order = (id: number, number: string, customerName: string, phone: string, address: string): DeliverySummary => ({
  id, number, status: 'sent', customerName, phone, address, promisedAt: null, total: 0, driverName: '', updatedAt: 0,
});
const orders = [
  order(1, 'D-001', 'Jana Nováková', '+420 777 123 456', 'Vinohradská 12'),
  order(2, 'D-002', 'Tomáš Procházka', '+420 608 222 333', 'Korunní 40'),
  order(3, 'V-003', 'Lucie Černá', '+420 731 000 222', 'Slezská 7'),
];
const delivery: Delivery = {
  id: 9, number: 'D-009', customerId: null, customerName: '', phone: '', phoneKey: null, kind: 'delivery', status: 'draft', address: { ...emptyAddress, street: 'Korunní' },
  promisedAt: null, asap: true, posId: null, posName: '', driverId: null, driverName: '', driverMobile: '', paymentKind: 'cash', cashTendered: null,
  persons: 2, comment: '', items: [], total: 0, version: 1, createdAt: 0, updatedAt: 0,
};

describe('/ on the open orders', () => {
  it('narrows the list as it is typed (case and accents aside, digits against the phone); Enter keeps it, Esc clears it', () => {
    let { state } = keys(start({ openOrders: orders, listIndex: 2 }), '/', 'n', 'o', 'v', 'a', 'k');
    expect(state.listSearch).toEqual({ query: 'novak', typing: true });
    expect(shownOrders(state).map((o) => o.number)).toEqual(['D-001']);
    expect(state.listIndex).toBe(0);
    ({ state } = keys(state, 'enter'));
    expect(state.listSearch).toEqual({ query: 'novak', typing: false });
    const open = keys(state, 'enter');
    expect(open.effects).toContainEqual({ type: 'open-delivery', id: 1 });
    ({ state } = keys(state, 'escape'));
    expect(state.listSearch).toBeNull();
    expect(shownOrders(state)).toHaveLength(3);
    expect(shownOrders(keys(start({ openOrders: orders }), '/', '7', '3', '1', '0').state).map((o) => o.number)).toEqual(['V-003']);
    expect(shownOrders(keys(start({ openOrders: orders }), '/', 'k', 'o', 'r', 'u', 'n').state).map((o) => o.number)).toEqual(['D-002']);
  });
  it('letters typed into the search never answer a ringing call; Esc, then a answers', () => {
    const number = normalisePhone('720999888', 'CZ');
    const ringing = start({
      openOrders: orders,
      calls: [{ id: 'c1', direction: 'incoming', remote: '720999888', number, phase: 'ringing', muted: false, startedAt: NOON, answeredAt: null, lookup: null, hidden: false, answerMode: 'route', spam: false }],
    });
    const typing = keys(ringing, '/', 'a');
    expect(typing.effects.filter((e) => e.type === 'answer')).toEqual([]);
    expect(typing.state.listSearch?.query).toBe('a');
    expect(keys(typing.state, 'escape', 'a').effects).toContainEqual({ type: 'answer', callId: 'c1' });
  });
  it('says why Enter cannot open when nothing matches', () => {
    const { state } = keys(start({ openOrders: orders }), '/', 'z', 'z', 'z', 'enter');
    expect(resolveKey(state, 'enter')?.disabled).toBe('no open order matches the search');
  });
  it('narrows the scheduled orders too; Esc clears the search before it leaves the list', () => {
    const list = [
      { id: 1, number: 'V-001', phone: '+420 604 111 222', customerName: 'Olga Malá', promisedAt: NOON, confirmDueAt: null, confirmedAt: null, due: false },
      { id: 2, number: 'K-004', phone: '+420 731 000 222', customerName: 'Lucie Černá', promisedAt: NOON, confirmDueAt: null, confirmedAt: null, due: false },
    ];
    let { state } = keys(start({ listView: 'scheduled', scheduled: { list, index: 0 } }), '/', 'c', 'e', 'r', 'n', 'a', 'enter');
    expect(shownScheduled(state).map((o) => o.number)).toEqual(['K-004']);
    expect(keys(state, 'Y').effects).toContainEqual({ type: 'confirm-scheduled', id: 2 });
    ({ state } = keys(state, 'escape'));
    expect([state.listView, state.listSearch]).toEqual(['scheduled', null]);
    ({ state } = keys(state, 'escape'));
    expect(state.listView).toBe('open');
  });
  it('matches every word of the search', () => {
    expect(matchesSearch('jana vino', ['Jana Nováková', 'Vinohradská 12'])).toBe(true);
    expect(matchesSearch('jana korun', ['Jana Nováková', 'Vinohradská 12'])).toBe(false);
  });
});

describe('j/k move in every list and pane', () => {
  it('is bound in every context that has an up and a down (text fields aside: there letters type)', () => {
    const typing = ['menu', 'form', 'cancel', 'search', 'redirect', 'chatSearch', 'clientEdit'];
    const withMoves = [...new Set(keymap.filter((c) => c.keys.includes('up') && !typing.includes(c.context) && !c.where).map((c) => c.context))];
    expect(withMoves.sort()).toEqual(['address', 'category', 'chatPick', 'chats', 'chooser', 'clients', 'help', 'item', 'items', 'list', 'pick', 'pos', 'scheduled', 'waiting']);
    for (const ctx of withMoves) {
      expect(keymap.find((c) => c.context === ctx && c.keys.includes('up'))!.keys, ctx).toContain('k');
      expect(keymap.find((c) => c.context === ctx && c.keys.includes('down'))!.keys, ctx).toContain('j');
    }
  });
  it('moves in the address and items panes of the card', () => {
    const card = start({ screen: 'delivery', delivery: { ...delivery, items: [{ productId: 1, name: 'A', size: '', modifiers: [], quantity: 1, unitPrice: 100, kitchenComment: '' }, { productId: 2, name: 'B', size: '', modifiers: [], quantity: 1, unitPrice: 100, kitchenComment: '' }] } });
    expect(keys(card, 'j', 'j', 'k').state.addressIndex).toBe(1);
    expect(keys(card, 'tab', 'j').state.itemIndex).toBe(1);
  });
});

describe('a field being edited', () => {
  it('Esc cancels: the old value stays and nothing is written; Enter saves', () => {
    const card = start({ screen: 'delivery', delivery });
    const typed = keys(card, 'enter', 'delete', 'delete', 'X');
    expect(typed.state.modal).toMatchObject({ kind: 'edit', value: 'KorunX' });
    const cancelled = keys(typed.state, 'escape');
    expect(cancelled.state.modal).toBeNull();
    expect(cancelled.state.delivery!.address.street).toBe('Korunní');
    expect(cancelled.effects.filter((e) => e.type === 'save-delivery')).toEqual([]);
    const saved = keys(typed.state, 'enter');
    expect(saved.state.delivery!.address.street).toBe('KorunX');
    expect(saved.effects.filter((e) => e.type === 'save-delivery')).toHaveLength(1);
  });
  it('an order field (persons) is cancelled the same way', () => {
    const card = start({ screen: 'delivery', delivery });
    const r = keys(card, 'u', 'delete', '9', 'escape');
    expect(r.state.modal).toBeNull();
    expect(r.state.delivery!.persons).toBe(2);
    expect(r.effects.filter((e) => e.type === 'save-delivery')).toEqual([]);
  });
});

describe('the ? overlay scrolls', () => {
  it('j/k ↑/↓ move a row, PgDn/PgUp a page, G to the bottom, g to the top, within its rows', () => {
    const s = start({ size: { columns: 80, rows: 24 } });
    const last = helpEntries(s).length - 1;
    const at = (...names: string[]) => (keys(s, '?', ...names).state.modal as { index: number }).index;
    expect(at('j', 'j', 'down', 'k')).toBe(2);
    expect(at('pagedown')).toBe(16);
    expect(at('pagedown', 'pageup')).toBe(0);
    expect(at('G')).toBe(last);
    expect(at('G', 'j')).toBe(last);
    expect(at('G', 'g')).toBe(0);
    expect(at('k')).toBe(0);
    expect(keys(s, '?', 'escape').state.modal).toBeNull();
  });
});
