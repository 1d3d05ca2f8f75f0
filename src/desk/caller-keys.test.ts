import { afterEach, describe, expect, it } from 'vitest';
import { DeskRunner } from './runner.js';
import { resolveKey, visibleCommands, activeContexts } from './keymap.js';
import { ReplayPhone } from '../telephony/replay/replay-phone.js';
import { seed, demoNumbers } from '../demo/seed.js';
import { tempStore } from '../../test/helpers/temp-store.js';
import { NOON } from '../../test/helpers/clock.js';
import { manualClock } from '../domain/clock.js';
import type { Effect } from './events.js';
import { until } from '../../test/helpers/until.js';

/** A real store, the real runner and reducer, a replay phone: keys in, database and phone out. */
async function desk(o: { rejectSpam?: boolean } = {}) {
  const t = tempStore();
  seed(t.store, { now: NOON });
  const clock = manualClock(NOON);
  const phone = new ReplayPhone({ remoteAnswerMs: -1, now: clock });
  const effects: Effect[] = [];
  const logged: string[] = [];
  const runner = new DeskRunner({
    store: t.store, phone, operator: { id: null, name: 'alice', extension: '101' }, rejectSpam: o.rejectSpam, now: clock,
    onEffect: (e) => effects.push(e), log: (l) => logged.push(l),
  });
  await runner.start();
  await phone.start();
  await until(() => runner.state.registration.state === 'registered');
  const press = async (...keys: string[]) => {
    for (const key of keys) runner.dispatch({ type: 'key', key });
    await runner.settled();
  };
  const type = (text: string) => press(...text);
  return { ...t, phone, runner, clock, effects, logged, press, type, dispose: () => { runner.dispose(); void phone.stop(); t.cleanup(); } };
}
type Desk = Awaited<ReturnType<typeof desk>>;

describe('caller-card keys on a real store', () => {
  let d: Desk | null = null;
  afterEach(() => { d?.dispose(); d = null; });

  it('A adds the unknown caller in a short form; the open draft and the call log get the customer', async () => {
    d = await desk();
    const { runner, phone, store, press, type } = d;
    phone.ring(demoNumbers.newCaller, 'c1');
    await until(() => runner.state.calls.length === 1);
    await press('a');
    await until(() => runner.state.delivery !== null);
    expect(runner.state.delivery!.customerId).toBeNull();
    await press('A');
    expect(runner.state.modal?.kind).toBe('customer-form');
    await type('Pavel Dvořák');
    await press('tab', 'tab');
    await type('Gate code 1234');
    await press('enter');
    expect(runner.state.modal).toBeNull();
    const cards = store.customers.withPhone('+420720999888');
    expect(cards.map((c) => [c.name, c.note, c.category])).toEqual([['Pavel Dvořák', 'Gate code 1234', 'regular']]);
    expect(store.deliveries.get(runner.state.delivery!.id)!.customerId).toBe(cards[0].id);
    // the card on screen is refreshed from the store: the caller is a customer now
    expect(runner.state.calls[0].lookup?.customers.map((c) => c.name)).toEqual(['Pavel Dvořák']);
    expect(store.callReport.calls({ since: 0, until: Number.MAX_SAFE_INTEGER })[0].customerId).toBe(cards[0].id);
    await press('A');
    expect(runner.state.message?.text).toContain('the caller is already a customer');
  });

  it('A works only once the call is answered: while it rings it says so, opens nothing, and never takes the open order\'s number', async () => {
    d = await desk();
    const { runner, phone, store, press, clock } = d;
    phone.ring(demoNumbers.newCaller, 'c1');
    await until(() => runner.state.calls.length === 1);
    expect(resolveKey(runner.state, 'A')).toMatchObject({ command: { id: 'caller.addCustomer' }, disabled: 'answer the call first: A then adds the caller as a customer' });
    expect(visibleCommands(runner.state).find((c) => c.command.id === 'caller.addCustomer')?.disabled).toBe('answer the call first: A then adds the caller as a customer');
    await press('A');
    expect(runner.state.modal).toBeNull();
    expect(runner.state.message?.text).toBe('+ add customer: answer the call first: A then adds the caller as a customer');
    await press('r');
    await until(() => runner.state.calls.length === 0);

    // an order typed by hand for a number nobody knows is open; another unknown caller rings
    const draft = store.deliveries.createDraft({ customerId: null, phone: '+420 608 000 111', phoneKey: '+420608000111' }, clock());
    runner.dispatch({ type: 'open-order', id: draft.id });
    await runner.settled();
    expect(resolveKey(runner.state, 'A')?.disabled).toBeNull(); // no call: A saves the order's number
    phone.ring(demoNumbers.newCaller, 'c2');
    await until(() => runner.state.calls.length === 1);
    await press('A');
    expect(runner.state.modal).toBeNull(); // not a form for the order's number while someone else rings
    expect(resolveKey(runner.state, '#')?.disabled).toBe('answer the call first (t attaches it to the open order)');
    await press('n');
    await until(() => runner.state.calls[0]?.phase === 'answered');
    expect(resolveKey(runner.state, 'A')?.disabled).toBeNull();
    await press('A');
    expect(runner.state.modal).toMatchObject({ kind: 'customer-form', phone: expect.stringMatching(/720 ?999 ?888$/) });
  });

  it('A refuses a withheld number and a form without a name, with reasons', async () => {
    d = await desk();
    const { runner, phone, press } = d;
    phone.ring('anonymous', 'c1');
    await until(() => runner.state.calls.length === 1);
    await press('a');
    await until(() => runner.state.delivery !== null);
    await press('A');
    expect(runner.state.modal).toBeNull();
    expect(runner.state.message?.text).toBe('+ add customer: the number is withheld: nothing to save on a card');
    await press('e');
    await until(() => runner.state.calls.length === 0);
    phone.ring(demoNumbers.newCaller, 'c2');
    await until(() => runner.state.calls.length === 1);
    await press('n'); // answer into a new order
    await until(() => runner.state.delivery?.phone === '+420 720 999 888');
    await press('A', 'enter');
    expect(runner.state.modal?.kind).toBe('customer-form');
    expect(runner.state.message?.text).toContain('type a name (or a company) first');
    await press('escape');
    expect(d.store.customers.withPhone('+420720999888')).toEqual([]);
  });

  it('# adds the calling number to the customer whose order is open (attached call)', async () => {
    d = await desk();
    const { runner, phone, store, press, clock } = d;
    const lucie = store.customers.withPhone('+420731000222')[0];
    const draft = store.deliveries.createDraft({ customerId: lucie.id, phone: demoNumbers.knownCustomer, phoneKey: '+420731000222' }, clock());
    runner.dispatch({ type: 'open-order', id: draft.id });
    await runner.settled();
    expect(resolveKey(runner.state, '#')?.disabled).toBe('no call: the number to add comes from the caller');
    phone.ring('+420 603 444 555', 'c1');
    await until(() => runner.state.calls.length === 1);
    await press('t');
    await until(() => runner.state.calls[0]?.phase === 'answered');
    clock.advance(60_000); // a minute on the phone: her new number is added after her first
    await press('#');
    expect(store.customers.get(lucie.id)!.phones.map((p) => p.e164)).toEqual(['+420731000222', '+420603444555']);
    expect(runner.state.message?.text).toBe("603 444 555 added to Lucie Černá's card");
    expect(resolveKey(runner.state, '#')?.disabled).toBe("603 444 555 is already on Lucie Černá's card");
  });

  it('g sets the category with one digit, ! edits the note; both written through and shown on the card', async () => {
    d = await desk();
    const { runner, phone, store, press, type } = d;
    phone.ring(demoNumbers.knownCustomer, 'c1');
    await until(() => runner.state.calls.length === 1);
    await press('a');
    await until(() => runner.state.delivery !== null);
    const id = runner.state.delivery!.customerId!;
    await press('g');
    expect(runner.state.modal).toMatchObject({ kind: 'category', current: 'regular', index: 0 });
    await press('5');
    expect(store.customers.get(id)!.category).toBe('spam');
    expect(runner.state.calls[0].lookup?.customers[0].category).toBe('spam');
    await press('!');
    expect(runner.state.modal).toMatchObject({ kind: 'customer-note', value: 'Prefers card payment' });
    await press(...Array(20).fill('delete'));
    await type('Owes for two pizzas');
    await press('enter');
    expect(store.customers.get(id)!.note).toBe('Owes for two pizzas');
    expect(runner.state.calls[0].lookup?.customers[0].note).toBe('Owes for two pizzas');
  });

  it('g and ! say why when the caller is not one customer', async () => {
    d = await desk();
    const { runner, phone, press } = d;
    phone.ring(demoNumbers.sharedNumber, 'c1');
    await until(() => runner.state.calls.length === 1);
    await press('a');
    await until(() => runner.state.modal?.kind === 'chooser');
    await press('escape');
    expect(resolveKey(runner.state, 'g')?.disabled).toBe('several customers share this number: pick one in the chooser first');
    await press('!');
    expect(runner.state.message?.text).toBe('note: several customers share this number: pick one in the chooser first');
  });

  it('status keys: forward only, cancel asks for a reason and goes through the same cancel as issue 7', async () => {
    d = await desk();
    const { runner, phone, store, press, type } = d;
    phone.ring(demoNumbers.newCaller, 'c1');
    await until(() => runner.state.calls.length === 1);
    await press('a');
    await until(() => runner.state.delivery !== null);
    const id = runner.state.delivery!.id;
    await press('4');
    expect(runner.state.message?.text).toBe('came (delivered): not sent to the point of sale yet: send it first (s)');
    await press('1');
    expect(store.deliveries.get(id)!.status).toBe('awaiting');
    await press('1');
    expect(runner.state.message?.text).toBe('waiting: the delivery is already awaiting confirmation');
    await press('2');
    expect(store.deliveries.get(id)!.status).toBe('confirmed');
    expect(store.orderTerms.get(id)!.confirmedAt).not.toBeNull();
    await press('3');
    expect(runner.state.modal?.kind).toBe('cancel');
    await press('down', 'enter'); // duplicate
    expect(store.deliveries.get(id)!.status).toBe('cancelled');
    expect(store.orderTerms.get(id)).toMatchObject({ cancelReason: 'duplicate', cancelNote: '' });
    expect(runner.state.delivery!.status).toBe('cancelled');
    expect(resolveKey(runner.state, '2')?.disabled).toBe('the delivery is cancelled: its status can no longer change');
    // "other" needs words
    const other = store.deliveries.createDraft({ customerId: null, phone: '', phoneKey: null }, d.clock());
    runner.dispatch({ type: 'open-order', id: other.id });
    await runner.settled();
    await press('3', 'up', ...Array(5).fill('down'), 'enter');
    expect(runner.state.message?.text).toContain('say why');
    await type('caller changed his mind');
    await press('enter');
    expect(store.orderTerms.get(other.id)).toMatchObject({ cancelReason: 'other', cancelNote: 'caller changed his mind' });
  });

  it('rejectSpam: a spam-only number is rejected while it rings, logged, and never takes the banner', async () => {
    d = await desk({ rejectSpam: true });
    const { runner, phone, store, logged } = d;
    phone.ring(demoNumbers.spam, 's1');
    await until(() => phone.actions.includes('reject s1'));
    expect(activeContexts(runner.state)).not.toContain('banner');
    await until(() => runner.state.calls.length === 0);
    expect(d.effects.some((e) => e.type === 'bell')).toBe(false);
    expect(store.callReport.calls({ since: 0, until: Number.MAX_SAFE_INTEGER }).map((c) => c.outcome)).toEqual(['rejected']);
    expect(logged).toEqual([expect.stringContaining('rejected automatically: the number is on a spam card (#')]);
    expect(runner.state.message?.text).toContain('Spam call from 900 111 222');
  });

  it('with the switch off a spam call rings, marked', async () => {
    d = await desk();
    const { runner, phone } = d;
    phone.ring(demoNumbers.spam, 's1');
    await until(() => runner.state.calls.length === 1);
    expect(runner.state.calls[0]).toMatchObject({ spam: true, hidden: false });
    expect(phone.actions).toEqual([]);
  });

  it('C and L open the full screens; they take the keyboard until a call rings; Esc comes back', async () => {
    d = await desk();
    const { runner, phone, press } = d;
    await press('C');
    expect(runner.state.screen).toBe('customers');
    expect(activeContexts(runner.state)).toEqual(['customers']);
    expect(visibleCommands(runner.state).map((c) => c.command.id)).toEqual(['customers.back']);
    phone.ring(demoNumbers.openOrder, 'c1');
    await until(() => runner.state.calls.length === 1);
    expect(activeContexts(runner.state)).toEqual(['banner', 'queue', 'customers']);
    await press('a');
    await until(() => runner.state.screen === 'delivery');
    await press('L');
    expect(runner.state.screen).toBe('calls');
    await press('escape');
    expect(runner.state.screen).toBe('delivery');
  });

  it('call-back from the calls screen: the same checks and the same dial as call customer', async () => {
    d = await desk();
    const { runner, phone } = d;
    phone.ring('+420 602 999 111', 'c1');
    await until(() => runner.state.calls.length === 1);
    phone.ring('+420 602 999 222', 'c2');
    await until(() => runner.state.calls.length === 2);
    await d.press('a');
    await until(() => runner.state.calls.some((c) => c.phase === 'answered'));
    phone.callerHangsUp('c2'); // missed while the dispatcher talks
    await until(() => runner.state.calls.length === 1);
    await d.press('escape', 'L', '3', 'c');
    expect(runner.state.callsScreen?.message?.text).toBe('cannot call back 602 999 222: already on a call: end it first (one voice call at a time)');
    await d.press('escape', 'e');
    await until(() => runner.state.calls.length === 0);
    await d.press('L', '3', 'c');
    expect(d.effects.filter((e) => e.type === 'dial')).toEqual([{ type: 'dial', number: '+420 602 999 222', target: 'customer' }]);
    expect(phone.actions).toContain('dial +420 602 999 222');
    expect(runner.state.callsScreen?.message?.text).toBe('calling back 602 999 222; marked done');
  });
});

describe('caller ID from the network (outside text)', () => {
  let d: Desk | null = null;
  afterEach(() => { d?.dispose(); d = null; });

  it('a caller ID with escape sequences and 5,000 characters rings stripped and cut; the call log keeps the clean text', async () => {
    d = await desk();
    d.phone.ring(`777\x1b]0;pwned\x07\x1b[2J123456${'9'.repeat(5000)}`, 'hostile');
    await until(() => d!.runner.state.calls.length === 1);
    const remote = d.runner.state.calls[0].remote;
    expect(remote).toMatch(/^777123456/);
    expect(Array.from(remote)).toHaveLength(100);
    expect(remote).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
    const logged = d.store.db.prepare('SELECT remote FROM calls').all() as { remote: string }[];
    expect(logged.map((r) => r.remote)).toEqual([remote]);
  });
});
