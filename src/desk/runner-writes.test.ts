/**
 * Issue 12: "log-call failed: database is locked" lost a call-log row during a long import.
 * A call-log or session row that meets a lock waits and is written, in order, once the lock is
 * gone; tested with a real second connection holding the write lock on the same file.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { DeskRunner, type RunnerOptions } from './runner.js';
import { AfterFrame } from '../telephony/after-frame.js';
import { ReplayPhone } from '../telephony/replay/replay-phone.js';
import { seed, demoNumbers } from '../demo/seed.js';
import { tempStore } from '../../test/helpers/temp-store.js';
import { NOON } from '../../test/helpers/clock.js';

let t: ReturnType<typeof tempStore>;
let other: Database.Database;
let runner: DeskRunner;
let phone: ReplayPhone;
const logged: string[] = [];

async function desk(rowWrites?: 'after-frame' | 'at-once', more: Partial<RunnerOptions> = {}) {
  phone = new ReplayPhone({ remoteAnswerMs: -1 });
  runner = new DeskRunner({ store: t.store, phone, operator: { id: null, name: 'alice', extension: '101' }, rowWrites, log: (l) => logged.push(l), ...more });
  await runner.start();
  await phone.start();
}
const rows = () => t.store.callReport.calls({ since: 0, until: Number.MAX_SAFE_INTEGER }).map((c) => [c.callRef, c.outcome]);
const holdLock = () => other.exec('BEGIN IMMEDIATE; INSERT INTO settings (key, value) VALUES (\'import\', \'running\')');

beforeEach(() => {
  t = tempStore();
  seed(t.store);
  // the import's connection: a real second connection to the same file
  other = new Database(t.file);
  // the console waits 20 ms for a lock here instead of 5 s, so the test is quick
  t.store.db.pragma('busy_timeout = 20');
  logged.length = 0;
});
afterEach(async () => {
  runner.dispose();
  await phone.stop();
  if (other.inTransaction) other.exec('ROLLBACK');
  other.close();
  t.cleanup();
});

describe('call-log and session rows while another connection holds the write lock', () => {
  it('wait, are written in order once the lock is gone, and no error reaches the dispatcher', async () => {
    await desk();
    holdLock();
    phone.ring(demoNumbers.newCaller, 'c1');
    phone.callerHangsUp('c1');
    phone.ring(demoNumbers.knownCustomer, 'c2');
    const open = t.store.deliveries.get(t.store.deliveries.open()[0].id)!;
    runner.dispatch({ type: 'delivery-opened', delivery: open });
    await runner.settled();
    expect(runner.waitingWrites).toBeGreaterThanOrEqual(4);
    expect(runner.state.message?.text ?? '').not.toMatch(/failed|locked/);
    other.exec('COMMIT');
    runner.flushWrites();
    expect(runner.waitingWrites).toBe(0);
    expect(rows()).toEqual([['c2', 'ringing'], ['c1', 'missed']]);
    expect(t.store.sessions.load('alice')).toEqual({ deliveryId: open.id, draft: '' });
  });

  it('retry on its own when the lock goes, without a keystroke', async () => {
    await desk();
    holdLock();
    phone.ring(demoNumbers.newCaller, 'c1');
    await runner.settled();
    expect(runner.waitingWrites).toBe(1);
    other.exec('COMMIT');
    const end = Date.now() + 3000;
    while (runner.waitingWrites > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    expect(rows()).toEqual([['c1', 'ringing']]);
  });

  it('after-frame (the console): written once the current turn has drawn, and still kept through a lock', async () => {
    await desk('after-frame');
    const atFrame: string[][] = [];
    runner.subscribe((s) => { if (s.calls.length) atFrame.push(rows().map((r) => r.join(' '))); });
    phone.ring(demoNumbers.newCaller, 'c1');
    // the banner's frame is drawn in this turn (the App hears the state); the row follows right after it
    await runner.settled();
    expect(atFrame[0]).toEqual([]);
    await Promise.resolve();
    expect(rows()).toEqual([['c1', 'ringing']]);
    holdLock();
    phone.callerHangsUp('c1');
    await runner.settled();
    await Promise.resolve();
    expect(runner.waitingWrites).toBe(1);
    other.exec('COMMIT');
    runner.flushWrites();
    expect(rows()).toEqual([['c1', 'missed']]);
  });

  it('after-frame with the console\'s frame hook: the banner is drawn and auto-answered (0 ms) before the call\'s row is written', async () => {
    const frames = new AfterFrame();
    const answeredWith: string[] = [];
    const onEffect: RunnerOptions['onEffect'] = (e) => { if (e.type === 'answer') answeredWith.push(rows().map((r) => r.join(' ')).join(', ') || 'no rows'); };
    await desk('after-frame', { afterFrame: frames.after, autoAnswerMs: 0, onEffect });
    phone.ring(demoNumbers.newCaller, 'c1');
    // React renders in this turn's microtasks: still no row when the frame is written
    await runner.settled();
    expect(rows()).toEqual([]);
    frames.drawn();
    // the 200 went out right behind the frame, before any SQLite write
    expect(answeredWith).toEqual(['no rows']);
    await new Promise((r) => setImmediate(r));
    expect(rows().map((r) => r[0])).toEqual(['c1']);
  });

  it("the banner is told in the turn the call rings in: the caller's lookup through the ports waits for no timer and no I/O", async () => {
    const frames = new AfterFrame();
    const order: string[] = [];
    await desk('after-frame', { afterFrame: frames.after });
    runner.subscribe((s) => { if (s.calls.length && !order.includes('banner')) order.push('banner'); });
    // the next phase of the event loop, asked for before the call rings (an I/O callback such as the next SIP message runs there or later)
    const nextTurn = new Promise((r) => setImmediate(() => r(order.push('next turn'))));
    phone.ring(demoNumbers.knownCustomer, 'c1');
    await nextTurn;
    expect(order).toEqual(['banner', 'next turn']);
    expect(runner.state.calls[0].lookup?.customers.map((c) => c.name)).toEqual(['Lucie Černá']);
  });

  it("a call with an invitation code: the code's dispatcher is found through the ports in the same one wait, and the banner is still told in the turn it rings in", async () => {
    const frames = new AfterFrame();
    const order: string[] = [];
    const code = t.store.invitationCodes.create({ operator: 'alice', reusable: true, expiresAt: NOON + 3_600_000 }, NOON, () => 42_017);
    if (!code.ok) throw new Error(code.reason);
    t.store.presence.set('alice', { status: 'available', until: null, since: NOON - 60_000 }, 'k-alice');
    await desk('after-frame', { afterFrame: frames.after, now: () => NOON });
    runner.subscribe((s) => { if (s.calls.length && !order.includes('banner')) order.push('banner'); });
    const nextTurn = new Promise((r) => setImmediate(() => r(order.push('next turn'))));
    phone.ring(demoNumbers.knownCustomer, 'c1', { codeHeader: '042 017' });
    await nextTurn;
    expect(order).toEqual(['banner', 'next turn']);
    expect(runner.state.calls[0]).toMatchObject({ codeId: code.record.id, reservedFor: { operator: 'alice' } });
    expect(runner.state.calls[0].lookup?.customers.map((c) => c.name)).toEqual(['Lucie Černá']);
  });

  it('on quit, a row still locked out is named in the log rather than lost silently', async () => {
    await desk();
    holdLock();
    phone.ring(demoNumbers.newCaller, 'c1');
    await runner.settled();
    runner.dispose();
    expect(logged).toEqual([expect.stringContaining('not written, the database stayed locked: {"type":"log-call"')]);
    other.exec('COMMIT');
    runner = new DeskRunner({ store: t.store, phone: new ReplayPhone({}), operator: { id: null, name: 'alice', extension: '101' } });
  });
});
