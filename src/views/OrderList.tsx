import React from 'react';
import { Box } from 'ink';
import { Text } from './Text.js';
import type { DeliverySummary } from '../domain/delivery.js';
import { formatMoney } from '../domain/money.js';
import { formatPhone } from '../domain/phone-number.js';
import { ScrollList } from './ScrollList.js';
import { Rows } from './Rows.js';
import { searchTitleRow, type ListSearch } from './search-row.js';
import { theme } from './theme.js';
import { statusText } from '../domain/order-status.js';
import { fit, padTo, timeOrDay } from './format.js';
import { textWidth } from './text-width.js';

export interface OrderListProps {
  orders: DeliverySummary[];
  selected: number;
  /** Rows the list takes, its title included. */
  height: number;
  width: number;
  currency: string;
  timeZone?: string;
  /** The home region: its numbers are shown in their national form. */
  region: string;
  /** The desk's clock: times today are shown without their day; "sending #3 · 12 s" counts down from it. */
  now: number;
  /** What `/` narrows the list to (the orders given are the ones that match), and how many there are in all. */
  search?: ListSearch | null;
  total?: number;
}

/** The open-orders list: drafts, parked orders and everything not yet delivered. */
function OrderListView({ orders, selected, height, width, currency, timeZone, region, now, search, total = orders.length }: OrderListProps) {
  const timeWidth = React.useMemo(() => timeColumnWidth(orders, timeZone, now), [orders, timeZone, now]);
  return (
    <Box flexDirection="column" width={width}>
      <Rows width={width} rows={[searchTitleRow('Open orders', orders.length, total, search, width)]} />
      <ScrollList
        items={orders}
        selected={selected}
        height={height - 1}
        width={width}
        keyOf={(o) => o.id}
        empty={search?.query.trim() ? `No open order matches "${search.query.trim()}". Esc clears the search.` : 'No open orders. N starts a new one; calls open theirs.'}
        render={(o, sel, w) => <OrderRow order={o} selected={sel} width={w} currency={currency} timeZone={timeZone} region={region} now={now} timeWidth={timeWidth} />}
      />
    </Box>
  );
}

/**
 * One width for the promised-time column: "14:30" while every order is promised today, as wide as
 * "Tue 8 Dec 00:14" as soon as one is promised on another day (past midnight), so the status and
 * money columns stay one under the other on every row.
 */
export function timeColumnWidth(orders: readonly DeliverySummary[], timeZone: string | undefined, now: number): number {
  let width = 5;
  for (const o of orders) width = Math.max(width, textWidth(timeOrDay(o.promisedAt, timeZone, now)));
  return width;
}

interface OrderRowProps { order: DeliverySummary; selected: boolean; width: number; currency: string; timeZone?: string; region: string; now: number; timeWidth: number }

/**
 * One order's row. Memoised: a colleague's commit reloads the list, and the desk keeps the
 * objects of rows that did not change (reduce.ts `list-loaded`), so only the changed row is
 * formatted again (its time, status, money and the cut to the width were most of the frame).
 */
const OrderRow = React.memo(function OrderRow({ order: o, selected: sel, width: w, currency, timeZone, region, now, timeWidth }: OrderRowProps) {
  const status = statusText(o.status, o.handoff, now);
  return (
    <Text inverse={sel} color={status.alarm ? theme.danger : o.status === 'draft' || status.pending ? 'yellow' : undefined} wrap="truncate-end">
      {fit(
        `${padTo(o.number, 6)} ${padTo(timeOrDay(o.promisedAt, timeZone, now), timeWidth)} ${padTo(status.short, 13)} ${formatMoney(o.total, currency).padStart(12)}  ${o.customerName || (o.phone ? formatPhone(o.phone, region) : '(no customer)')} · ${o.address || 'no address'}`,
        w,
      )}
    </Text>
  );
});

/** Re-renders only when its own data changes (a ringing call must not redraw the whole desk). */
export const OrderList = React.memo(OrderListView);
