/**
 * The open-orders list just before midnight: one order promised at 23:59 today and one at 00:14
 * tomorrow. The tomorrow row says its day ("Tue 8 Dec 00:14"); the status and money columns stay
 * one under the other on every row, in Prague and in Los Angeles, whatever the machine's zone.
 */
import React from 'react';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import stripAnsi from 'strip-ansi';
import { OrderList } from './OrderList.js';
import type { DeliverySummary } from '../domain/delivery.js';

function order(id: number, promisedAt: number | null, status: DeliverySummary['status']): DeliverySummary {
  return { id, number: `D-00${id}`, status, customerName: `Customer ${id}`, phone: '', address: 'Korunní 1', promisedAt, total: 12_300, driverName: '', updatedAt: 0 };
}

/** The column each row's money amount ends at ("123,00 Kč" or however the currency prints). */
function moneyEnds(frame: string): number[] {
  return stripAnsi(frame).split('\n').filter((l) => /D-00\d/.test(l)).map((l) => l.indexOf('  Customer'));
}

describe('the open-orders list across midnight', () => {
  for (const [timeZone, nowIso, todayIso, tomorrowIso] of [
    ['Europe/Prague', '2026-12-07T22:49:00Z', '2026-12-07T22:59:00Z', '2026-12-07T23:14:00Z'],
    ['America/Los_Angeles', '2026-12-08T07:49:00Z', '2026-12-08T07:59:00Z', '2026-12-08T08:14:00Z'],
  ] as const) {
    it(`${timeZone}: today's 23:59, tomorrow's 00:14 and an ASAP order line up column for column`, () => {
      const now = Date.parse(nowIso);
      const orders = [order(1, Date.parse(todayIso), 'sent'), order(2, Date.parse(tomorrowIso), 'cooking'), order(3, null, 'draft')];
      const frame = render(<OrderList orders={orders} selected={0} height={6} width={80} currency="CZK" region="CZ" now={now} timeZone={timeZone} />).lastFrame()!;
      const text = stripAnsi(frame);
      expect(text).toMatch(/D-001 +23:59 /);
      expect(text).toMatch(/D-002 +\S+ \S+ Dec 00:14 /);
      const ends = moneyEnds(frame);
      expect(ends).toHaveLength(3);
      expect(new Set(ends).size).toBe(1);
    });
  }

  it('while every order is today the time column stays five wide (nothing moves during the day)', () => {
    const now = Date.parse('2026-12-07T12:00:00Z');
    const orders = [order(1, Date.parse('2026-12-07T12:30:00Z'), 'sent'), order(2, null, 'draft')];
    const lines = stripAnsi(render(<OrderList orders={orders} selected={0} height={5} width={80} currency="CZK" region="CZ" now={now} timeZone="UTC" />).lastFrame()!)
      .split('\n').filter((l) => /D-00\d/.test(l));
    expect(lines[0]).toMatch(/D-001 +12:30 \S/);
    expect(lines[1]).toMatch(/D-002 +ASAP  \S/);
  });
});
