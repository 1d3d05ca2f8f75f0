/**
 * Callbacks in a real SQLite file: from a caller who gave up (one per number and local day in
 * the desk's time zone), dialled with the outcome recorded (no answer → retried after the delay
 * at the same place; expired when none is left), and from outside: POST /callbacks on a real
 * HTTP server (port 0) with the token, checked against docs/callbacks.schema.json by ajv,
 * invitation codes routing to their dispatcher or the fallback group, offline messages e-mailed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { tempStore } from '../../test/helpers/temp-store.js';
import { schemaErrors } from '../../test/helpers/json-schema.js';
import { receiveCallbackRequest } from './intake.js';
import { startStatusServer, type StatusServer } from '../pos/status-server.js';
import { callbackLine } from '../domain/callback.js';
import type { Store } from '../store/index.js';

const TZ = 'Europe/Prague';
// Mon 7 Dec 2026 12:00 in Prague
const T0 = Date.parse('2026-12-07T11:00:00Z');
const MIN = 60_000;
let cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

function fresh(): Store {
  const t = tempStore();
  cleanups.push(t.cleanup);
  return t.store;
}

/** An incoming call that rang `waitedMs` and ended with the caller hanging up. */
function abandonedCall(store: Store, ref: string, remote: string, at: number, waitedMs: number): void {
  store.calls.started({ callRef: ref, direction: 'incoming', remote, remoteKey: remote.replace(/\s/g, ''), operatorId: null, extension: '', startedAt: at, customerId: null, console: '' });
  store.calls.markEnded(ref, at + waitedMs, 'missed');
}

describe('a callback for a caller who gave up', () => {
  it('is made once per number and local day, at the call\'s place in the queue', () => {
    const store = fresh();
    abandonedCall(store, 'c1', '+420777123456', T0, 40_000);
    const first = store.callbacks.fromAbandonedCall('c1', TZ, T0 + 40_000);
    expect(first).toMatchObject({ ok: true, created: true, item: { kind: 'callback', phone: '+420777123456', arrivedAt: T0 }, callback: { source: 'abandoned', dueAt: T0 + 40_000, attemptsLeft: 3, fromCall: 'c1' } });
    // tries again at 23:50 the same local day: no second callback
    abandonedCall(store, 'c2', '+420777123456', Date.parse('2026-12-07T22:50:00Z'), 30_000);
    const again = store.callbacks.fromAbandonedCall('c2', TZ, Date.parse('2026-12-07T22:51:00Z'));
    expect(again).toMatchObject({ ok: true, created: false });
    expect(again!.ok && again!.item.id).toBe(first!.ok && first!.item.id);
    // 00:10 the next local day (still the 7th in UTC): a new one
    abandonedCall(store, 'c3', '+420777123456', Date.parse('2026-12-07T23:10:00Z'), 30_000);
    expect(store.callbacks.fromAbandonedCall('c3', TZ, Date.parse('2026-12-07T23:11:00Z'))).toMatchObject({ ok: true, created: true });
    // a quick hang-up (5 s) is no callback
    abandonedCall(store, 'c4', '+420602000111', T0, 5_000);
    expect(store.callbacks.fromAbandonedCall('c4', TZ, T0 + 5_000)).toBeNull();
    expect(store.callbacks.waiting()).toHaveLength(2);
  });
});

describe('dialling a callback (agent first)', () => {
  it('no answer: back in the queue at its place, due after the retry delay; none left: expired; reached: done', () => {
    const store = fresh();
    const made = store.callbacks.create({
      item: { entry: { via: 'number', value: '' }, name: 'Petr', phone: '+420 602 111 222', arrivedAt: T0 },
      source: 'key', terms: { dueAt: T0, attemptsLeft: 2, retryDelayMs: 15 * MIN, expiresAt: T0 + 24 * 60 * MIN }, createdBy: 'jana',
    }, T0);
    if (!made.ok) throw new Error(made.reason);
    const id = made.item.id;
    // a later walk-in arrives; the callback stays ahead of it
    store.workItems.create({ kind: 'call', ref: 'later', entry: { via: 'number', value: '800' }, phone: '+420 603 000 000' }, T0 + MIN);
    expect(store.workItems.accept(id, { operator: 'jana', console: 'k1' }, T0 + 2 * MIN).ok).toBe(true);
    const first = store.callbacks.recordDial(id, false, 'jana', 'out-1', T0 + 3 * MIN);
    expect(first).toMatchObject({ ok: true, outcome: 'no-answer', callback: { attemptsLeft: 1, attemptsMade: 1, dueAt: T0 + 18 * MIN }, item: { state: 'waiting', arrivedAt: T0 } });
    expect(store.workItems.listWaiting().map((i) => i.id)[0]).toBe(id);
    expect(callbackLine(store.callbacks.get(id)!, T0 + 4 * MIN, TZ)).toBe('callback due 12:18 · 1 attempt left · last try: no answer');
    expect(store.workItems.accept(id, { operator: 'jana', console: 'k1' }, T0 + 18 * MIN).ok).toBe(true);
    expect(store.callbacks.recordDial(id, false, 'jana', 'out-2', T0 + 19 * MIN)).toMatchObject({ ok: true, outcome: 'expired', item: { state: 'expired' }, callback: { attemptsLeft: 0 } });
    expect(store.callbacks.attempts(id).map((a) => a.outcome)).toEqual(['no-answer', 'expired']);

    const other = store.callbacks.create({
      item: { entry: { via: 'number', value: '' }, phone: '+420 604 000 000' }, source: 'key',
      terms: { dueAt: T0, attemptsLeft: 3, retryDelayMs: 15 * MIN, expiresAt: T0 + 60 * MIN },
    }, T0);
    if (!other.ok) throw new Error(other.reason);
    store.workItems.accept(other.item.id, { operator: 'eva', console: 'k2' }, T0 + MIN);
    expect(store.callbacks.recordDial(other.item.id, true, 'eva', 'out-3', T0 + 2 * MIN)).toMatchObject({ ok: true, outcome: 'reached', item: { state: 'done' } });
  });

  it('a callback past its expiry is expired by the sweep', () => {
    const store = fresh();
    const made = store.callbacks.create({
      item: { entry: { via: 'number', value: '' }, phone: '+420 605 000 000' }, source: 'web',
      terms: { dueAt: T0, attemptsLeft: 3, retryDelayMs: 15 * MIN, expiresAt: T0 + 30 * MIN },
    }, T0);
    expect(store.callbacks.expireOverdue(T0 + 29 * MIN)).toEqual([]);
    expect(store.callbacks.expireOverdue(T0 + 30 * MIN)).toEqual([made.ok && made.item.id]);
    expect(store.callbacks.get(made.ok ? made.item.id : 0)!.outcome).toBe('expired');
  });
});

describe('POST /callbacks', () => {
  const TOKEN = 'cb-token-0123456789abcdef';

  async function serve(store: Store, offlineMailTo = 'shift@pizza.example'): Promise<(body: unknown, token?: string) => Promise<{ status: number; body: any }>> {
    const server: StatusServer = await startStatusServer(store.ports, '127.0.0.1', 0, () => {}, undefined, { timezone: TZ, offlineMailTo, now: () => T0 });
    cleanups.push(() => server.close());
    return async (body, token = TOKEN) => {
      const r = await fetch(`http://127.0.0.1:${server.port}/callbacks`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: r.status, body: await r.json() };
    };
  }

  it('takes a request with the token once; refuses a wrong token and bad bodies with the field named', async () => {
    const store = fresh();
    store.secrets.set('callbacks token', TOKEN, T0);
    const post = await serve(store);
    expect(await post({ phone: '+420777000111' }, 'wrong-token-xxxxxxxxxxxx')).toMatchObject({ status: 401 });
    expect(await post('{nope')).toMatchObject({ status: 400, body: { error: expect.stringContaining('not JSON') } });
    expect(await post({ name: 'No phone' })).toEqual({ status: 400, body: { error: 'phone is required: the number to call back' } });
    expect(await post({ phone: '1', when: 'tomorrow' })).toMatchObject({ status: 400, body: { error: expect.stringContaining('when must be a date and time') } });
    expect(await post({ phone: '1', colour: 'red' })).toMatchObject({ status: 400, body: { error: expect.stringContaining('unknown field "colour"') } });
    const body = { requestId: 'w-1', name: 'Jana\u001b[31m Nováková', phone: '+420 777 123 456', note: 'Office order', when: '2026-12-07T18:30:00+01:00', page: 'https://pizza.example/contact' };
    const made = await post(body);
    expect(made).toEqual({ status: 201, body: { id: expect.any(Number), position: 1, dueAt: '2026-12-07T17:30:00.000Z', offline: true } });
    expect(await post(body)).toMatchObject({ status: 200, body: { id: made.body.id, duplicate: true } });
    const item = store.workItems.get(made.body.id)!;
    expect(item).toMatchObject({ kind: 'callback', name: 'Jana Nováková', entry: { via: 'web', value: 'https://pizza.example/contact' } });
    // nobody online: an offline message, e-mailed through the outbox
    expect(store.callbacks.get(item.id)!.offlineAt).toBe(T0);
    const [mail] = store.mailOutbox.list(10);
    expect(mail).toMatchObject({ to: 'shift@pizza.example', itemId: item.id, subject: `Offline callback request #${item.id}: Jana Nováková, +420 777 123 456` });
    expect(mail.body).toContain('Call at:  Mon 7 Dec 2026 18:30');
  });

  it('an invitation code routes to its dispatcher while online, else to the fallback group; a bad code still queues the client', async () => {
    const store = fresh();
    store.secrets.set('callbacks token', TOKEN, T0);
    store.groups.add('Brno', T0);
    store.groups.addMember('Brno', 'jana', T0);
    store.groups.addMember('Brno', 'eva', T0);
    const code = store.invitationCodes.create({ operator: 'jana', reusable: true, expiresAt: T0 + 60 * MIN }, T0, () => 42_017);
    if (!code.ok) throw new Error(code.reason);
    const post = await serve(store);
    // a console that starts makes its operator available (src/desk/runner.ts startPresence)
    store.consoles.begin('k-jana', 'jana', T0 - MIN);
    store.presence.set('jana', { status: 'available', until: null, since: T0 - MIN }, 'k-jana');
    const toJana = await post({ phone: '+420 777 000 001', code: '042 017' });
    expect(toJana).toMatchObject({ status: 201, body: { offline: false, codeAccepted: true } });
    expect(store.workItems.get(toJana.body.id)).toMatchObject({ owner: { to: 'operator', operator: 'jana' }, entry: { via: 'code', value: `#${code.record.id}` } });
    // jana's console stops; eva (Brno) is on: the code's fallback is jana's group
    store.consoles.stop('k-jana', T0);
    store.consoles.begin('k-eva', 'eva', T0);
    store.presence.set('eva', { status: 'available', until: null, since: T0 }, 'k-eva');
    const fallback = await post({ phone: '+420 777 000 002', code: '042017' });
    expect(fallback).toMatchObject({ status: 201, body: { offline: false } });
    expect(store.workItems.get(fallback.body.id)!.owner).toMatchObject({ to: 'group', group: 'Brno' });
    expect(store.workItems.get(fallback.body.id)!.notes[0].text).toBe(`invitation code #${code.record.id}: jana is offline, to group Brno`);
    const wrong = await post({ phone: '+420 777 000 003', code: '999999' });
    expect(wrong).toMatchObject({ status: 201, body: { codeAccepted: false, codeProblem: 'no such invitation code, or it expired or was used' } });
    expect(store.workItems.get(wrong.body.id)!.owner).toEqual({ to: 'anyone' });
    expect(store.mailOutbox.counts().queued).toBe(0); // someone was there each time
  });

  it('who is there is their presence, not a running console: on a break the code still reaches them, but nobody is available (an offline message); wrapping up counts as available', async () => {
    const store = fresh();
    store.secrets.set('callbacks token', TOKEN, T0);
    const code = store.invitationCodes.create({ operator: 'jana', reusable: true, expiresAt: T0 + 60 * MIN }, T0, () => 42_017);
    if (!code.ok) throw new Error(code.reason);
    const post = await serve(store);
    store.consoles.begin('k-jana', 'jana', T0 - MIN);
    store.presence.set('jana', { status: 'break', until: null, since: T0 - MIN }, 'k-jana');
    const onBreak = await post({ phone: '+420 777 000 011', code: '042017' });
    expect(onBreak).toMatchObject({ status: 201, body: { offline: true, codeAccepted: true } });
    expect(store.workItems.get(onBreak.body.id)!.owner).toEqual({ to: 'operator', operator: 'jana' });
    expect(store.mailOutbox.counts().queued).toBe(1);
    store.presence.set('jana', { status: 'wrap-up', until: T0 + 20_000, since: T0 }, 'k-jana');
    const wrapping = await post({ phone: '+420 777 000 012', code: '042017' });
    expect(wrapping).toMatchObject({ status: 201, body: { offline: false } });
    // her console still runs, but she chose offline: the code's fallback (anyone: no group), offline message
    store.presence.set('jana', { status: 'offline', until: null, since: T0 }, 'k-jana');
    const off = await post({ phone: '+420 777 000 013', code: '042017' });
    expect(off).toMatchObject({ status: 201, body: { offline: true } });
    expect(store.workItems.get(off.body.id)!.owner).toEqual({ to: 'anyone' });
  });

  it('the intake and docs/callbacks.schema.json agree, case by case', async () => {
    const store = fresh();
    store.groups.add('Brno', T0);
    const cases: unknown[] = [
      { phone: '+420777000111' },
      { phone: '+420777000111', name: 'Jana', when: '2026-12-07T18:30:00+01:00', attempts: 2, retryMinutes: 30, group: 'Brno', language: 'cs' },
      { phone: '+420777000111', attempts: 0 },
      { phone: '+420777000111', attempts: 2.5 },
      { phone: '+420777000111', retryMinutes: 2000 },
      { phone: '+420777000111', when: '2026-12-07 18:30' },
      { phone: 777000111 },
      { phone: '' },
      { name: 'x' },
      { phone: '1', extra: true },
      { phone: '1', name: 'x'.repeat(201) },
      [],
    ];
    for (const c of cases) {
      const schemaOk = schemaErrors('callbacks', c).length === 0;
      const intake = await receiveCallbackRequest(store.ports, c, { timezone: TZ, offlineMailTo: '', now: T0 });
      expect({ c, accepted: intake.code < 300 }).toEqual({ c, accepted: schemaOk });
    }
  });
});
