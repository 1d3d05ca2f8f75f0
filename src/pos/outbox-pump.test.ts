/**
 * The loop both relays run (POS orders, offline e-mails): when it looks, how many rows fly at
 * once, what a failure costs, how it stops, and what it does while idle. The relays' own tests
 * (src/pos/*.test.ts, src/mail/mail-relay.test.ts, test/e2e/pos-*.test.ts) run it for real.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startOutboxPump, type OutboxPump } from './outbox-pump.js';

const HOUR = 3_600_000;
const turn = () => new Promise((r) => setImmediate(r));

/** An outbox of numbered rows; each delivery waits until the test lets it finish. */
function outbox(rows: number[]) {
  const due = [...rows];
  const open = new Map<number, () => void>();
  const delivered: number[] = [];
  const claims: number[] = [];
  return {
    due, open, delivered, claims,
    claim: (room: number) => { claims.push(room); return due.splice(0, room); },
    deliver: (row: number) => new Promise<void>((resolve) => { open.set(row, () => { open.delete(row); delivered.push(row); resolve(); }); }),
    finish: (row: number) => open.get(row)!(),
  };
}

let pump: OutboxPump<number> | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await pump?.stop(0);
  pump = undefined;
});

describe('the outbox pump', () => {
  it('delivers up to its concurrency at once and takes the next row as soon as one finishes, not at the next poll', async () => {
    const box = outbox([1, 2, 3, 4, 5]);
    pump = startOutboxPump({ name: 'relay', concurrency: 2, pollMs: HOUR, log: () => {}, claim: box.claim, deliver: box.deliver, failed: () => {} });
    await turn();
    expect([...box.open.keys()]).toEqual([1, 2]);
    expect(pump.inFlight).toBe(2);
    box.finish(1);
    await turn(); await turn();
    expect([...box.open.keys()]).toEqual([2, 3]);
    box.finish(2); box.finish(3);
    await turn(); await turn();
    expect([...box.open.keys()]).toEqual([4, 5]);
    box.finish(4); box.finish(5);
    await turn(); await turn();
    expect(box.delivered).toEqual([1, 2, 3, 4, 5]);
    expect(pump.inFlight).toBe(0);
  });

  it('a wake looks at once; a row claimed elsewhere (a probe) flies with the others', async () => {
    const box = outbox([]);
    pump = startOutboxPump({ name: 'relay', concurrency: 2, pollMs: HOUR, log: () => {}, claim: box.claim, deliver: box.deliver, failed: () => {} });
    await turn();
    box.due.push(7);
    pump.wake();
    await turn();
    expect([...box.open.keys()]).toEqual([7]);
    pump.run(8);
    expect(pump.inFlight).toBe(2);
    box.due.push(9);
    pump.wake();
    await turn();
    expect(box.open.has(9)).toBe(false); // no room
    box.finish(7);
    await turn(); await turn();
    expect([...box.open.keys()]).toEqual([8, 9]);
  });

  it('a claim that throws is logged with the relay\'s name and tried again; a delivery that throws goes to failed and the pump goes on', async () => {
    const lines: string[] = [];
    const failed: string[] = [];
    let busy = true;
    const done: number[] = [];
    pump = startOutboxPump<number>({
      name: 'mail relay', concurrency: 1, pollMs: HOUR, log: (l) => lines.push(l),
      claim: () => { if (busy) throw new Error('database is locked'); return done.length < 2 ? [done.length + 1] : []; },
      deliver: async (row) => { done.push(row); if (row === 1) throw new Error('boom'); },
      failed: (row, e) => failed.push(`${row}: ${e.message}`),
    });
    await turn();
    expect(lines).toEqual(['mail relay: database is locked']);
    busy = false;
    pump.wake();
    for (let i = 0; i < 6; i++) await turn();
    expect(done).toEqual([1, 2]);
    expect(failed).toEqual(['1: boom']);
  });

  it('stop: nothing claimed after it; it waits for what is in flight, or only the grace given', async () => {
    const box = outbox([1, 2]);
    pump = startOutboxPump({ name: 'relay', concurrency: 1, pollMs: HOUR, log: () => {}, claim: box.claim, deliver: box.deliver, failed: () => {} });
    await turn();
    let stopped = false;
    const stopping = pump.stop().then(() => { stopped = true; });
    await turn();
    expect(stopped).toBe(false);
    box.finish(1);
    await stopping;
    await turn();
    expect(box.claims).toEqual([1]);
    expect(box.due).toEqual([2]);
    // with a grace, a delivery that never ends does not hold the stop
    const stuck = outbox([3]);
    const other = startOutboxPump({ name: 'relay', concurrency: 1, pollMs: HOUR, log: () => {}, claim: stuck.claim, deliver: stuck.deliver, failed: () => {} });
    await turn();
    await other.stop(5);
    expect(other.inFlight).toBe(1);
    stuck.finish(3);
    await other.settled();
  });

  it('idle: one claim per poll and no other timer; none at all once stopped', async () => {
    vi.useFakeTimers();
    const box = outbox([]);
    pump = startOutboxPump({ name: 'relay', concurrency: 16, pollMs: 200, log: () => {}, claim: box.claim, deliver: box.deliver, failed: () => {} });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(box.claims.length).toBe(1 + 5); // the first look, then every 200 ms
    expect(vi.getTimerCount()).toBe(1);
    await pump.stop();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(box.claims.length).toBe(6);
  });
});
