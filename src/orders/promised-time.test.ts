import { describe, expect, it } from 'vitest';
import { asapAt, confirmationDueAt, parseWhen, promise } from './promised-time.js';
import { formatLocalIso, localDay, offsetMinutes, resolveLocal } from '../domain/local-time.js';
import { parseHours, withinHours } from '../domain/hours.js';
import { zoneRefusals, type Zone } from '../domain/zone-check.js';

const tz = 'Europe/Prague';
const at = (iso: string) => Date.parse(iso);
const timing = { preparationMinutes: 20, zoneMinutes: 25, busyMinutes: 15 };

describe('promised time in Europe/Prague', () => {
  it('adds preparation, zone and busy minutes across the spring-forward night', () => {
    const now = at('2025-03-30T00:30:00Z'); // 01:30 CET, clocks jump at 02:00 to 03:00
    const p = promise(now, timing, { kind: 'asap' }, tz);
    expect(p.ok && p.asap).toBe(true);
    expect(p.ok && formatLocalIso(p.promisedAt, tz)).toBe('2025-03-30T03:30:00+02:00');
    expect(formatLocalIso(now, tz)).toBe('2025-03-30T01:30:00+01:00');
  });

  it('adds real minutes across the fall-back night (the wall clock repeats an hour)', () => {
    const now = at('2025-10-26T00:30:00Z'); // 02:30 CEST, first pass
    expect(formatLocalIso(asapAt(now, timing), tz)).toBe('2025-10-26T02:30:00+01:00'); // second pass of 02:30
  });

  it('refuses a typed time that DST skips, naming where the clock resumes', () => {
    const r = parseWhen('2025-03-30 02:30', at('2025-03-29T12:00:00Z'), tz);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain('03:00');
    const g = resolveLocal({ year: 2025, month: 3, day: 30, hour: 2, minute: 30 }, tz);
    expect(g).toEqual({ kind: 'gap', next: at('2025-03-30T01:00:00Z') });
  });

  it('reads a time that happens twice as the first one', () => {
    const r = parseWhen('2025-10-26 02:30', at('2025-10-25T12:00:00Z'), tz);
    expect(r.ok && r.when).toEqual({ kind: 'at', instant: at('2025-10-26T00:30:00Z') });
  });

  it('reads HH:MM as the next such wall-clock time, the next day in summer time', () => {
    const r = parseWhen('10:00', at('2025-03-29T20:00:00Z'), tz); // 21:00 CET on Saturday
    expect(r.ok && r.when.kind === 'at' && formatLocalIso(r.when.instant, tz)).toBe('2025-03-30T10:00:00+02:00');
    const iso = parseWhen('2025-07-01T12:00:00+02:00', 0, tz);
    expect(iso.ok && iso.when).toEqual({ kind: 'at', instant: at('2025-07-01T10:00:00Z') });
    expect(parseWhen('25:00', 0, tz).ok).toBe(false);
    expect(parseWhen('2025-02-30 10:00', 0, tz).ok).toBe(false);
  });

  it('refuses a scheduled time sooner than ASAP or beyond 30 days', () => {
    const now = at('2025-06-01T10:00:00Z');
    const early = promise(now, timing, { kind: 'at', instant: now + 30 * 60_000 }, tz);
    expect(early.ok === false && early.code).toBe('TooEarly');
    expect(early.ok === false && early.message).toContain('13:00'); // 12:00 CEST + 60 min
    const far = promise(now, timing, { kind: 'at', instant: now + 31 * 86_400_000 }, tz);
    expect(far.ok === false && far.code).toBe('TooFarAhead');
    const ok = promise(now, timing, { kind: 'at', instant: now + 3 * 3_600_000 }, tz);
    expect(ok.ok && !ok.asap && ok.promisedAt).toBe(now + 3 * 3_600_000);
    expect(confirmationDueAt(now + 3 * 3_600_000, timing)).toBe(now + 3 * 3_600_000 - 75 * 60_000);
  });

  it('knows offsets and local days on both sides of the change', () => {
    expect(offsetMinutes(at('2025-03-30T00:59:00Z'), tz)).toBe(60);
    expect(offsetMinutes(at('2025-03-30T01:00:00Z'), tz)).toBe(120);
    expect(localDay(at('2025-03-29T23:30:00Z'), tz)).toBe('2025-03-30');
  });
});

describe('zone hours', () => {
  const zone: Zone = { id: 1, name: 'Centre', posId: 1, outlet: 'B', fee: 4900, minOrder: 30000, minutes: 25, hours: '10:00-22:00', priority: 0, area: 1 };

  it('parses ranges, several ranges and overnight ranges; both ends included', () => {
    const h = parseHours('11:00-14:00, 18:00-02:00');
    expect(h.ok).toBe(true);
    if (!h.ok) return;
    expect(withinHours(h.hours, 11 * 60)).toBe(true);
    expect(withinHours(h.hours, 14 * 60)).toBe(true);
    expect(withinHours(h.hours, 15 * 60)).toBe(false);
    expect(withinHours(h.hours, 60)).toBe(true);
    expect(withinHours(h.hours, 3 * 60)).toBe(false);
    expect(parseHours('10-22').ok).toBe(false);
    expect(parseHours('25:00-26:00').ok).toBe(false);
  });

  it('checks the promised time as wall-clock time in the zone, summer and winter', () => {
    // 20:30Z is 22:30 in summer (outside) and 21:30 in winter (inside)
    const summer = zoneRefusals(zone, 50000, at('2025-07-01T20:30:00Z'), tz, 'CZK');
    expect(summer.map((r) => r.code)).toEqual(['OutsideHours']);
    expect(summer[0].message).toContain('22:30');
    expect(zoneRefusals(zone, 50000, at('2025-01-15T20:30:00Z'), tz, 'CZK')).toEqual([]);
  });

  it('refuses out of zone and under the minimum with a sentence', () => {
    expect(zoneRefusals(null, 0, null, tz, 'CZK')[0].code).toBe('OutOfZone');
    const below = zoneRefusals(zone, 25000, null, tz, 'CZK');
    expect(below[0]).toEqual({ code: 'BelowMinimum', message: "Below the zone's minimum of 300.00 CZK by 50.00 CZK: zone Centre, the order is 250.00 CZK." });
  });
});
