/** Transfers between consoles on a real SQLite file: the receiving console finds the row by the id the call carries, or by number and extension in the window; the call log reads a transferred call truthfully. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from './db.js';
import { Transfers, TRANSFER_WINDOW_MS, type NewTransfer } from './transfers.js';
import { Calls } from './calls.js';
import { CallReport } from './call-report.js';
import { NOON } from '../../test/helpers/clock.js';

let dir: string;
let db: Db;
let transfers: Transfers;
const row = (o: Partial<NewTransfer> = {}): NewTransfer => ({
  callRef: 'c1', caller: '+420 777 123 456', callerKey: '+420777123456', deliveryId: null, customerId: null,
  fromOperator: 'anna', fromExtension: '1001', target: '1002', kind: 'blind', note: 'wants the driver', at: NOON, ...o,
});

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringdesk-transfers-'));
  db = openDatabase(path.join(dir, 'desk.db'));
  transfers = new Transfers(db);
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('transfers', () => {
  it('a call carrying the id finds its row, whatever number it comes from (a bridged call comes from the dispatcher)', () => {
    const id = transfers.create(row());
    expect(transfers.forIncoming({ tag: String(id), callerKey: '+420111', extension: '9999', now: NOON + 10 * TRANSFER_WINDOW_MS })).toMatchObject({ id, fromOperator: 'anna', note: 'wants the driver' });
  });

  it('without an id: the caller ringing for the target extension within the window, newest first; not another extension, not later, not once taken or cancelled', () => {
    const old = transfers.create(row({ note: 'first' }));
    const id = transfers.create(row({ note: 'second', at: NOON + 1000 }));
    const q = { callerKey: '+420777123456', extension: '1002', now: NOON + 5000 };
    expect(transfers.forIncoming(q)?.id).toBe(id);
    expect(transfers.forIncoming({ ...q, extension: '1003' })).toBeNull();
    expect(transfers.forIncoming({ ...q, now: NOON + 1000 + TRANSFER_WINDOW_MS + 1 })).toBeNull();
    transfers.take(id, 'bob', NOON + 6000);
    expect(transfers.forIncoming(q)?.id).toBe(old);
    transfers.settle(old, 'cancelled', NOON + 7000);
    expect(transfers.forIncoming(q)).toBeNull();
    expect(transfers.ofCall('c1').map((t) => [t.state, t.takenBy])).toEqual([['cancelled', null], ['taken', 'bob']]);
  });

  it('a taken transfer keeps "taken" when the transferring side settles late', () => {
    const id = transfers.create(row());
    transfers.take(id, 'bob', NOON + 1);
    transfers.settle(id, 'completed', NOON + 2);
    expect(transfers.recent()[0]).toMatchObject({ id, state: 'taken', takenBy: 'bob' });
  });

  it('the call log says transferred: answered and handed over, counted as answered and apart as transferred', () => {
    const calls = new Calls(db);
    calls.started({ callRef: 'c1', direction: 'incoming', remote: '777 123 456', remoteKey: '+420777123456', operatorId: null, extension: '1001', startedAt: NOON });
    calls.markAnswered('c1', NOON + 3000);
    calls.markEnded('c1', NOON + 60_000, 'transferred');
    calls.started({ callRef: 'c2', direction: 'incoming', remote: '777 123 457', remoteKey: '+420777123457', operatorId: null, extension: '1001', startedAt: NOON + 1000 });
    calls.markAnswered('c2', NOON + 2000);
    calls.markEnded('c2', NOON + 9000, 'answered');
    const report = new CallReport(db);
    expect(report.calls({ since: NOON - 1, until: NOON + 100_000 }).map((c) => c.outcome)).toEqual(['answered', 'transferred']);
    const s = report.summary({ since: NOON - 1, until: NOON + 100_000, timezone: 'Europe/Prague' }, NOON + 100_000);
    expect(s.totals).toMatchObject({ calls: 2, answered: 2, transferred: 1, missed: 0 });
  });
});
