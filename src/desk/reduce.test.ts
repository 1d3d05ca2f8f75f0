import { describe, expect, it } from 'vitest';
import { reduce } from './reduce.js';
import { initialState, ringingCall, waitingCalls, type DeskState } from './state.js';
import { resolveKey } from './keymap.js';
import type { DeskEvent, Effect } from './events.js';
import type { CallerLookup } from '../domain/caller.js';
import type { Customer } from '../domain/customer.js';
import type { Delivery } from '../domain/delivery.js';
import { emptyAddress } from '../domain/address.js';
import { normalisePhone } from '../domain/phone-number.js';

const start = (): DeskState => ({ ...initialState({ operator: 'alice', extension: '101', currency: 'CZK', region: 'CZ', now: 1000 }), registration: { state: 'registered' } });
function play(s: DeskState, events: DeskEvent[]): { state: DeskState; effects: Effect[] } {
  const effects: Effect[] = [];
  for (const e of events) { const r = reduce(s, e); s = r.state; effects.push(...r.effects); }
  return { state: s, effects };
}
const customer = (id: number, name: string): Customer => ({ id, name, company: '', category: 'regular', note: '', city: '', country: '', debt: 0, phones: [] });
const lookup = (raw: string, customers: Customer[], unfinished: CallerLookup['unfinished'] = []): CallerLookup => {
  const number = normalisePhone(raw, 'CZ');
  return { number, key: number.kind === 'valid' ? number.e164 : null, customers, unfinished };
};
const draft = (id: number): Delivery => ({
  id, number: `D-${id}`, customerId: null, customerName: '', phone: '', phoneKey: null, kind: 'delivery', status: 'draft', address: emptyAddress,
  promisedAt: null, asap: true, posId: null, posName: '', driverId: null, driverName: '', driverMobile: '', paymentKind: 'cash', cashTendered: null,
  persons: 1, comment: '', items: [], total: 0, version: 1, createdAt: 0, updatedAt: 0,
});

describe('desk reducer', () => {
  it('rings with a bell and logs the call; answer asks the phone; answered routes', () => {
    const { state, effects } = play(start(), [
      { type: 'phone', event: { type: 'incoming', callId: 'c1', from: '777123456', at: 5 }, lookup: lookup('777123456', [customer(4, 'Eva')]) },
      { type: 'key', key: 'a' },
      { type: 'phone', event: { type: 'answered', callId: 'c1', at: 9 } },
    ]);
    expect(effects.map((e) => e.type)).toEqual(['bell', 'log-call', 'answer', 'log-call', 'create-delivery']);
    expect(effects[4]).toEqual({ type: 'create-delivery', customerId: 4, phone: '+420 777 123 456' });
    expect(state.calls[0].phase).toBe('answered');
  });
  it('several customers -> chooser; pick -> new delivery for the pick', () => {
    const { state, effects } = play(start(), [
      { type: 'phone', event: { type: 'incoming', callId: 'c1', from: '602555111', at: 5 }, lookup: lookup('602555111', [customer(1, 'A'), customer(2, 'B')]) },
      { type: 'key', key: 'a' },
      { type: 'phone', event: { type: 'answered', callId: 'c1', at: 9 } },
      { type: 'key', key: 'down' },
      { type: 'key', key: 'enter' },
    ]);
    expect(state.modal).toBeNull();
    expect(effects.at(-1)).toEqual({ type: 'create-delivery', customerId: 2, phone: '+420 602 555 111' });
  });
  it('a chunk of keys: the rest after each key\'s effects (the C opens the customers screen, what follows is typed into its search)', () => {
    const opened = reduce(start(), { type: 'keys', keys: ['C', 'N', 'o', 'q'] });
    expect(opened.state.screen).toBe('customers');
    expect(opened.effects).toEqual([{ type: 'customers-search', query: '', funnel: 'all' }, { type: 'next', event: { type: 'keys', keys: ['N', 'o', 'q'] } }]);
    const typed = play(opened.state, [{ type: 'keys', keys: ['N'] }, { type: 'keys', keys: ['o'] }, { type: 'keys', keys: ['q'] }]);
    // "q" is the screen's (typed into its search), not the desk's quit
    expect(typed.state.customersScreen?.ui.query).toBe('Noq');
    expect(typed.state.modal).toBeNull();
    // Esc clears the search, then leaves; the next visit starts afresh
    const back = play(typed.state, [{ type: 'key', key: 'escape' }, { type: 'key', key: 'escape' }]);
    expect(back.state).toMatchObject({ screen: 'list', customersScreen: null });
    expect(play(back.state, [{ type: 'key', key: 'C' }]).state.customersScreen?.ui.query).toBe('');
  });

  it('an event for an unknown call changes nothing', () => {
    const s = start();
    expect(reduce(s, { type: 'phone', event: { type: 'ended', callId: 'nope', reason: 'remote-hangup', at: 1 } }).state).toBe(s);
  });
  it('ending a call never touches the open delivery', () => {
    const opened = play(start(), [
      { type: 'phone', event: { type: 'incoming', callId: 'c1', from: '777123456', at: 5 }, lookup: lookup('777123456', []) },
      { type: 'key', key: 'a' },
      { type: 'phone', event: { type: 'answered', callId: 'c1', at: 9 } },
      { type: 'delivery-opened', delivery: draft(7) },
    ]);
    const { state, effects } = play(opened.state, [{ type: 'key', key: 'e' }, { type: 'phone', event: { type: 'ended', callId: 'c1', reason: 'local-hangup', at: 20 } }]);
    expect(state.delivery?.id).toBe(7);
    expect(effects.filter((e) => e.type === 'save-delivery' || e.type === 'send-delivery')).toEqual([]);
    expect(effects.at(-1)).toEqual({ type: 'log-call', entry: { op: 'ended', callRef: 'c1', outcome: 'answered', at: 20 } });
  });
  it('every keystroke in a field is saved as the session, so a crash loses nothing', () => {
    const opened = play(start(), [{ type: 'delivery-opened', delivery: draft(3) }, { type: 'key', key: 'enter' }, { type: 'edit-change', value: 'Kor' }]);
    const last = opened.effects.filter((e) => e.type === 'save-session').at(-1);
    expect(last).toEqual({ type: 'save-session', session: { deliveryId: 3, draft: { kind: 'edit', field: 'street', label: 'Street', value: 'Kor', before: '' } } });
  });
  it('a stale save shows the newer version and says so', () => {
    const s = play(start(), [{ type: 'delivery-opened', delivery: draft(3) }]).state;
    const newer = { ...draft(3), comment: 'theirs', version: 5 };
    const r = reduce(s, { type: 'delivery-stale', current: newer, reason: 'delivery D-3 was changed by someone else (version 5)' });
    expect(r.state.delivery?.comment).toBe('theirs');
    expect(r.state.message?.text).toMatch(/changed by someone else.*showing the newer version/);
  });
  it('mute toggles paused only for connected calls', () => {
    const s = play(start(), [
      { type: 'phone', event: { type: 'incoming', callId: 'c1', from: '1', at: 1 }, lookup: lookup('1', []) },
      { type: 'phone', event: { type: 'muted', callId: 'c1', muted: true } },
    ]).state;
    expect(s.calls[0].phase).toBe('ringing');
  });
});

describe('editing the address', () => {
  it('drops the old coordinates when the place changes, keeps them for a flat or a note', () => {
    const located: Delivery = { ...draft(5), address: { ...emptyAddress, street: 'Korunní', house: '1', lat: 50.07, lon: 14.44 } };
    const edit = (field: string, value: string) => play(start(), [
      { type: 'delivery-opened', delivery: located },
      ...(field === 'house' ? [{ type: 'key', key: 'down' } as DeskEvent] : field === 'flat' ? [{ type: 'key', key: 'down' } as DeskEvent, { type: 'key', key: 'down' } as DeskEvent] : []),
      { type: 'key', key: 'enter' },
      { type: 'edit-change', value },
      { type: 'key', key: 'enter' },
    ]).state.delivery!.address;
    expect(edit('house', '2')).toMatchObject({ house: '2', lat: null, lon: null });
    expect(edit('flat', '12')).toMatchObject({ flat: '12', lat: 50.07, lon: 14.44 });
    expect(edit('street', 'Korunní')).toMatchObject({ street: 'Korunní', lat: 50.07, lon: 14.44 });
  });
});

describe('text typed into a field (outside text at the console)', () => {
  const typeKeys = (keys: string[]) => play(start(), [
    { type: 'delivery-opened', delivery: draft(5) },
    { type: 'key', key: 'enter' },
    ...keys.map((key) => ({ type: 'key', key }) as DeskEvent),
  ]).state;
  it('takes no control character or C1 escape introducer (a paste of a hostile title sequence)', () => {
    const s = typeKeys(['K', '\x9b', '\x9d', '\x00', '\x7f', '\x07', 'o', 'r']);
    expect(s.modal).toMatchObject({ kind: 'edit', field: 'street', value: 'Kor' });
  });
  it('stops a street at 200 characters and says the field is full', () => {
    const s = typeKeys(Array.from({ length: 205 }, () => 'x'));
    expect(s.modal).toMatchObject({ kind: 'edit', field: 'street', value: 'x'.repeat(200) });
    expect(s.message).toEqual({ kind: 'error', text: 'the street is full: at most 200 characters' });
  });
});

describe('no caller lost from view', () => {
  const ring = (callId: string, from: string, at: number, customers: Customer[] = []): DeskEvent =>
    ({ type: 'phone', event: { type: 'incoming', callId, from, at }, lookup: lookup(from, customers) });
  const ended = (callId: string, reason: 'caller-cancelled' | 'rejected' | 'local-hangup', at = 9): DeskEvent => ({ type: 'phone', event: { type: 'ended', callId, reason, at } });
  const logged = (effects: Effect[]) => effects.flatMap((e) => (e.type === 'log-call' && e.entry.op === 'ended' ? [[e.entry.callRef, e.entry.outcome]] : []));

  it('W lists every waiting call, ignored ones too; any of them is answered, not only the first', () => {
    const { state, effects } = play(start(), [
      ring('c1', '777123456', 1), ring('c2', '602111222', 2), ring('c3', '603333444', 3),
      { type: 'key', key: 'i' },
      { type: 'key', key: 'W' },
    ]);
    expect(state.modal).toEqual({ kind: 'waiting', index: 1 }); // the cursor starts on the banner's call
    expect(waitingCalls(state).map((c) => [c.id, c.hidden])).toEqual([['c1', true], ['c2', false], ['c3', false]]);
    const picked = play(state, [{ type: 'key', key: 'down' }, { type: 'key', key: 'down' }, { type: 'key', key: 'enter' }]); // stops at the last
    expect([...effects, ...picked.effects].filter((e) => e.type === 'answer')).toEqual([{ type: 'answer', callId: 'c3' }]);
    expect(picked.state.modal).toBeNull();
    // the call being answered is the one the dispatcher is on: a second answer says why not
    expect(resolveKey(picked.state, 'a')?.disabled).toMatch(/already on a call/);
  });

  it('b brings an ignored call back to the banner', () => {
    const { state } = play(start(), [ring('c1', '777123456', 1), ring('c2', '602111222', 2), { type: 'key', key: 'i' }, { type: 'key', key: 'i' }]);
    expect(ringingCall(state)).toBeUndefined();
    const back = play(state, [{ type: 'key', key: 'W' }, { type: 'key', key: 'down' }, { type: 'key', key: 'b' }]).state;
    expect(ringingCall(back)?.id).toBe('c2');
    expect(back.modal).toBeNull();
  });

  it('ending the call shows the next waiting call at once, even one ignored while busy', () => {
    const on = play(start(), [ring('c1', '777123456', 1), { type: 'key', key: 'a' }, { type: 'phone', event: { type: 'answered', callId: 'c1', at: 2 } },
      ring('c2', '602111222', 3), { type: 'key', key: 'i' }]).state;
    expect(ringingCall(on)).toBeUndefined();
    expect(ringingCall(reduce(on, ended('c1', 'local-hangup')).state)?.id).toBe('c2');
  });

  it('a rejected call is logged rejected; one the caller gave up on missed (abandoned); one that rang out when the console quit unanswered', () => {
    const { effects } = play(start(), [
      ring('c1', '777123456', 1), ring('c2', '602111222', 2), ring('c3', '603333444', 3),
      { type: 'key', key: 'r' }, ended('c1', 'rejected'),
      ended('c2', 'caller-cancelled'),
      { type: 'key', key: 'q' }, { type: 'key', key: 'y' }, ended('c3', 'rejected'), // a SIP phone hangs up a ringing call by rejecting it
    ]);
    expect(logged(effects)).toEqual([['c1', 'rejected'], ['c2', 'missed'], ['c3', 'unanswered']]);
  });

  it('auto-answer is one call at a time: the second waits until the first ends', () => {
    const s0 = { ...start(), autoAnswerMs: 0 };
    const two = play(s0, [ring('c1', '777123456', 1), ring('c2', '602111222', 2)]);
    const timers = two.effects.filter((e) => e.type === 'after');
    expect(timers).toEqual([{ type: 'after', ms: 0, event: { type: 'auto-answer', callId: 'c1' } }, { type: 'after', ms: 0, event: { type: 'auto-answer', callId: 'c1' } }]);
    const answered = play(two.state, [{ type: 'auto-answer', callId: 'c1' }, { type: 'auto-answer', callId: 'c1' }, { type: 'auto-answer', callId: 'c2' }]);
    expect(answered.effects.filter((e) => e.type === 'answer')).toEqual([{ type: 'answer', callId: 'c1' }]);
    const next = play(answered.state, [{ type: 'phone', event: { type: 'answered', callId: 'c1', at: 3 } }, ended('c1', 'local-hangup')]);
    expect(next.effects.filter((e) => e.type === 'after')).toEqual([{ type: 'after', ms: 0, event: { type: 'auto-answer', callId: 'c2' } }]);
  });
});

describe('call times come from the clock, not the last tick', () => {
  it('an outgoing call starts when it is dialled, whatever the status-bar clock last said', () => {
    const s = start(); // its clock last ticked at 1000
    const { state, effects } = play(s, [{ type: 'dialed', callId: 'o1', number: '+420 602 555 111', target: 'customer', lookup: lookup('602555111', []), at: 4321 }]);
    expect(state.calls[0].startedAt).toBe(4321);
    expect(effects).toContainEqual({ type: 'log-call', entry: expect.objectContaining({ op: 'start', callRef: 'o1', at: 4321 }) });
  });
});
