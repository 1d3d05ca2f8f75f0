import React from 'react';
import { Box } from 'ink';
import { Text } from './Text.js';
import type { DeliverySummary } from '../store/types.js';
import { formatMoney } from '../domain/money.js';
import { ScrollList } from './ScrollList.js';
import { theme } from './theme.js';
import { statusText } from '../orders/order-status.js';
import { fit, shortTime } from './format.js';

export interface OrderListProps {
  orders: DeliverySummary[];
  selected: number;
  height: number;
  width: number;
  currency: string;
  timeZone?: string;
  /** The desk's clock while an order waits for its next try ("sending #3 · 12 s"); 0 otherwise, so the list is not redrawn every second. */
  now?: number;
}

/** The open-orders list: drafts, parked orders and everything not yet delivered. */
function OrderListView({ orders, selected, height, width, currency, timeZone, now = 0 }: OrderListProps) {
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>Open orders ({orders.length})</Text>
      <ScrollList
        items={orders}
        selected={selected}
        height={height - 1}
        keyOf={(o) => o.id}
        empty="No open orders. N starts a new one; calls open theirs."
        render={(o, sel) => {
          const status = statusText(o.status, o.handoff, now);
          return (
            <Text inverse={sel} color={status.alarm ? theme.danger : o.status === 'draft' || status.pending ? 'yellow' : undefined}>
              {fit(
                `${o.number.padEnd(6)} ${shortTime(o.promisedAt, timeZone).padEnd(5)} ${status.short.padEnd(13)} ${formatMoney(o.total, currency).padStart(12)}  ${o.customerName || o.phone || '(no customer)'} · ${o.address || 'no address'}`,
                width,
              )}
            </Text>
          );
        }}
      />
    </Box>
  );
}

/** Re-renders only when its own data changes (a ringing call must not redraw the whole desk). */
export const OrderList = React.memo(OrderListView);
