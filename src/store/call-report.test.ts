import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from './db.js';
import { Calls } from './calls.js';
import { Operators } from './operators.js';
import { Customers } from './customers.js';
import { CallReport } from './call-report.js';
import type { CallOutcome } from '../domain/call-record.js';

// 2025-03-14 in Prague (UTC+1): shift from 08:00 local = 07:00Z
const T0 = Date.UTC(2025, 2, 14, 7, 0, 0);
const MIN = 60_000;
let dir: string;
let db: Db;
let calls: Calls;
let report: CallReport;
let ops: { anna: number; bob: number };
let n = 0;

function call(o: { at: number; dir?: 'incoming' | 'outgoing'; from?: string; op?: number | null; ringMs?: number; talkMs?: number; end?: CallOutcome | null; customerId?: number }) {
  const ref = `call-${++n}`;
  calls.started({ callRef: ref, direction: o.dir ?? 'incoming', remote: o.from ?? '777 000 001', remoteKey: o.from === '' ? null : `+420${(o.from ?? '777000001').replace(/\D/g, '')}`, operatorId: o.op === undefined ? ops.anna : o.op, extension: '201', startedAt: o.at, customerId: o.customerId ?? null });
  if (o.talkMs !== undefined) {
    calls.markAnswered(ref, o.at + (o.ringMs ?? 0));
    calls.markEnded(ref, o.at + (o.ringMs ?? 0) + o.talkMs, 'answered');
  } else if (o.end !== null) {
    calls.markEnded(ref, o.at + (o.ringMs ?? 0), o.end ?? 'missed');
  }
  return ref;
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringdesk-calls-'));
  db = openDatabase(path.join(dir, 'desk.db'));
  calls = new Calls(db);
  report = new CallReport(db);
  const o = new Operators(db);
  ops = { anna: o.upsert({ name: 'Anna', extension: '201' }).id, bob: o.upsert({ name: 'Bob', extension: '202' }).id };
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('shift summary on a real call log', () => {
  it('counts answered / rejected / missed / abandoned, per hour and per operator, with averages', () => {
    call({ at: T0 + 5 * MIN, ringMs: 4000, talkMs: 60_000 });
    call({ at: T0 + 10 * MIN, ringMs: 8000, talkMs: 120_000, op: ops.bob });
    call({ at: T0 + 20 * MIN, ringMs: 15_000, end: 'missed' }); // caller gave up: abandoned
    call({ at: T0 + 70 * MIN, ringMs: 3000, end: 'rejected', op: ops.bob }); // the dispatcher's decision: rejected, not missed
    call({ at: T0 + 75 * MIN, dir: 'outgoing', ringMs: 5000, talkMs: 30_000 });
    call({ at: T0 + 80 * MIN, end: 'answered-elsewhere' });
    call({ at: T0 + 85 * MIN, ringMs: 9000, end: 'unanswered' }); // rang while the console stopped: missed
    call({ at: T0 + 200 * MIN, end: 'missed' }); // outside the range
    const s = report.summary({ since: T0, until: T0 + 3 * 60 * MIN, timezone: 'Europe/Prague' }, T0 + 300 * MIN);
    expect(s.totals).toMatchObject({ calls: 7, incoming: 6, outgoing: 1, answered: 3, rejected: 1, missed: 1, abandoned: 1, answeredElsewhere: 1 });
    expect(s.totals.avgAnswerMs).toBe(6000);
    expect(s.totals.avgHandleMs).toBe(70_000);
    expect(s.perHour.map((h) => h.label)).toEqual(['08', '09', '10']);
    expect(s.perHour.map((h) => [h.incoming, h.outgoing, h.answered, h.missed, h.abandoned])).toEqual([[3, 0, 2, 0, 1], [3, 1, 1, 1, 0], [0, 0, 0, 0, 0]]);
    const anna = s.perOperator.find((p) => p.operator === 'Anna')!;
    const bob = s.perOperator.find((p) => p.operator === 'Bob')!;
    expect(anna).toMatchObject({ calls: 5, answered: 2, abandoned: 1, missed: 1, rejected: 0, avgAnswerMs: 4000, avgHandleMs: 45_000 });
    expect(bob).toMatchObject({ calls: 2, answered: 1, missed: 0, rejected: 1, avgAnswerMs: 8000, avgHandleMs: 120_000 });
    expect(report.calls({ since: T0, until: T0 + 3 * 60 * MIN, operator: 'Bob' })).toHaveLength(2);
  });

  it('keeps empty hours and labels days when the range spans more than one', () => {
    call({ at: T0 + 26 * 60 * MIN, talkMs: 1000 });
    const s = report.summary({ since: T0, until: T0 + 30 * 60 * MIN, timezone: 'Europe/Prague' }, T0 + 31 * 60 * MIN);
    expect(s.perHour).toHaveLength(30);
    expect(s.perHour[0].label).toBe('03-14 08');
    expect(s.perHour[26]).toMatchObject({ label: '03-15 10', incoming: 1, answered: 1 });
  });

  it('counts a call left ringing for long as missed, a fresh one as neither', () => {
    call({ at: T0, end: null });
    call({ at: T0 + 55 * MIN, end: null });
    const s = report.summary({ since: T0, until: T0 + 60 * MIN, timezone: 'Europe/Prague' }, T0 + 58 * MIN);
    expect(s.totals).toMatchObject({ incoming: 2, missed: 1, answered: 0, abandoned: 0 });
  });
});

describe('missed calls to call back', () => {
  it('folds a number\'s misses into one line, and call-back marks them all done', () => {
    const customers = new Customers(db);
    customers.create({ name: 'Zdeněk Novák', phone: { key: '+420777000001', asTyped: '777 000 001' } });
    call({ at: T0, end: 'missed' });
    call({ at: T0 + 2 * MIN, end: 'rejected' });
    call({ at: T0 + 3 * MIN, from: '602 111 222', end: 'missed' });
    call({ at: T0 + 4 * MIN, from: '', end: 'missed' }); // withheld: listed, cannot be grouped by number
    call({ at: T0 + 5 * MIN, end: 'unanswered' });
    let list = report.missedCallers({ since: T0, until: T0 + 60 * MIN }, T0 + 60 * MIN);
    // the rejected call is not one to call back: Zdeněk's line counts his two other calls
    expect(list.map((m) => [m.remote, m.attempts, m.customerName, m.verdict])).toEqual([
      ['777 000 001', 2, 'Zdeněk Novák', 'missed'], ['', 1, '', 'abandoned'], ['602 111 222', 1, '', 'abandoned'],
    ]);
    const zdenek = list[0];
    expect(report.markCallbackDone(zdenek.callId)).toBe(2);
    list = report.missedCallers({ since: T0, until: T0 + 60 * MIN }, T0 + 60 * MIN);
    expect(list.map((m) => m.remote)).toEqual(['', '602 111 222']);
    // a number only ever rejected is not on the list at all
    call({ at: T0 + 6 * MIN, from: '603 999 000', end: 'rejected' });
    expect(report.missedCallers({ since: T0, until: T0 + 60 * MIN, includeDone: true }, T0 + 60 * MIN).map((m) => m.remote)).not.toContain('603 999 000');
    expect(report.missedCallers({ since: T0, until: T0 + 60 * MIN, includeDone: true }, T0 + 60 * MIN).find((m) => m.remote === '777 000 001')?.done).toBe(true);
  });

  it('drops a number that was talked to after it missed us', () => {
    call({ at: T0, from: '602 111 222', end: 'missed' });
    call({ at: T0 + 5 * MIN, from: '602 111 222', dir: 'outgoing', talkMs: 20_000 });
    expect(report.missedCallers({ since: T0, until: T0 + 60 * MIN }, T0 + 60 * MIN)).toEqual([]);
  });

  it('lists a customer\'s calls from any of their numbers, newest first', () => {
    const customers = new Customers(db);
    const id = customers.create({ name: 'Jana', phone: { key: '+420602111222', asTyped: '602111222' } });
    customers.attachPhone(id, '+420777000001', '777000001');
    call({ at: T0, from: '602 111 222', talkMs: 1000 });
    call({ at: T0 + MIN, from: '777 000 001', end: 'missed' });
    call({ at: T0 + 2 * MIN, from: '603 999 999', talkMs: 1000, customerId: id });
    call({ at: T0 + 3 * MIN, from: '603 888 888', talkMs: 1000 });
    expect(report.forCustomer(id).map((c) => c.remote)).toEqual(['603 999 999', '777 000 001', '602 111 222']);
  });
});
