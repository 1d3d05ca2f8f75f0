import React from 'react';
import { Box } from 'ink';
import { Text } from './Text.js';
import type { ScheduledDelivery } from '../store/order-terms.js';
import { ScrollList } from './ScrollList.js';
import { theme } from './theme.js';
import { dateTime, fit, shortTime } from './format.js';

export interface ScheduledListProps {
  orders: ScheduledDelivery[];
  selected: number;
  height: number;
  width: number;
  timeZone?: string;
}

/** Scheduled orders, apart from the open ones: those whose confirmation call is due stand out. */
function ScheduledListView({ orders, selected, height, width, timeZone }: ScheduledListProps) {
  const due = orders.filter((o) => o.due).length;
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>Scheduled orders ({orders.length}){due ? <Text color={theme.ringing}> · {due} to confirm by phone now</Text> : null}</Text>
      <ScrollList
        items={orders}
        selected={selected}
        height={height - 1}
        keyOf={(o) => o.id}
        empty="No scheduled orders. w on a delivery card sets a time instead of ASAP."
        render={(o, sel) => {
          const state = o.confirmedAt !== null ? 'confirmed' : o.due ? 'CALL TO CONFIRM' : o.confirmDueAt !== null ? `call at ${shortTime(o.confirmDueAt, timeZone)}` : '';
          return (
            <Text inverse={sel} color={o.due ? theme.ringing : o.confirmedAt !== null ? theme.ok : undefined} bold={o.due}>
              {fit(`${o.number.padEnd(6)} ${dateTime(o.promisedAt, timeZone).padEnd(17)} ${state.padEnd(15)} ${o.customerName || '(no customer)'} · ${o.phone}`, width)}
            </Text>
          );
        }}
      />
    </Box>
  );
}

export const ScheduledList = React.memo(ScheduledListView);
