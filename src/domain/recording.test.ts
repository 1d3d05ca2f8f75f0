import { describe, expect, it } from 'vitest';
import { parseRecordRule, recordingExpired, recordingFileName, recordingStartedAt, recordsCall } from './recording.js';
import { NOON } from '../../test/helpers/clock.js';

describe('which calls are recorded', () => {
  it('off by default words, on, or the groups whose calls are recorded', () => {
    expect(parseRecordRule('off')).toEqual({ ok: true, rule: { kind: 'off' } });
    expect(parseRecordRule('')).toEqual({ ok: true, rule: { kind: 'off' } });
    expect(parseRecordRule('ON')).toEqual({ ok: true, rule: { kind: 'on' } });
    expect(parseRecordRule(' Brno, Praha ')).toEqual({ ok: true, rule: { kind: 'groups', groups: ['Brno', 'Praha'] } });
    const bad = parseRecordRule('Brno,,Praha');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.reason).toMatch(/"Brno,,Praha" is not a record setting; use off, on, or the groups/);
  });

  it('a group rule records only calls routed to those groups (any letter case), never a call without a group', () => {
    const rule = { kind: 'groups' as const, groups: ['Brno'] };
    expect(recordsCall(rule, 'brno')).toBe(true);
    expect(recordsCall(rule, 'Praha')).toBe(false);
    expect(recordsCall(rule, '')).toBe(false);
    expect(recordsCall({ kind: 'on' }, '')).toBe(true);
    expect(recordsCall({ kind: 'off' }, 'Brno')).toBe(false);
  });
});

describe('a recording\'s file name and its retention', () => {
  it('names the start in UTC and a hash of the call reference, never the number; read back to the second', () => {
    const name = recordingFileName('a84b4c76e66710@10.0.0.1', NOON);
    expect(name).toMatch(/^20261123T110000Z-[0-9a-f]{8}\.wav$/);
    expect(recordingStartedAt(name)).toBe(Math.floor(NOON / 1000) * 1000);
    expect(recordingFileName('other-call', NOON)).not.toBe(name);
    expect(recordingStartedAt('notes.txt')).toBeNull();
  });

  it('expires when the period has run out, not a second before', () => {
    const day = 24 * 3600 * 1000;
    expect(recordingExpired(NOON, 30, NOON + 30 * day - 1000)).toBe(false);
    expect(recordingExpired(NOON, 30, NOON + 30 * day)).toBe(true);
  });
});
