import React from 'react';
import { Box } from 'ink';
import { Text } from './Text.js';
import type { ScheduledDelivery } from '../domain/delivery.js';
import { formatPhone } from '../domain/phone-number.js';
import { ScrollList } from './ScrollList.js';
import { theme } from './theme.js';
import { dateTime, fit, padTo, timeOrDay } from './format.js';
import { fitRow } from './lines.js';
import { Rows } from './Rows.js';
import { searchTitleRow, type ListSearch } from './search-row.js';

export interface ScheduledListProps {
  orders: ScheduledDelivery[];
  selected: number;
  /** Rows the list takes, its title included. */
  height: number;
  width: number;
  timeZone?: string;
  /** The home region: its numbers are shown in their national form. */
  region: string;
  now: number;
  /** What `/` narrows the list to (the orders given are the ones that match), and how many there are in all. */
  search?: ListSearch | null;
  total?: number;
}

/** Scheduled orders, apart from the open ones: those whose confirmation call is due stand out. */
function ScheduledListView({ orders, selected, height, width, timeZone, region, now, search, total = orders.length }: ScheduledListProps) {
  const due = orders.filter((o) => o.due).length;
  const title = search?.typing || search?.query.trim()
    ? searchTitleRow('Scheduled orders', orders.length, total, search, width)
    : fitRow([{ text: `Scheduled orders (${orders.length})`, bold: true }, ...(due ? [{ text: ` · ${due} to confirm by phone now`, color: theme.ringing }] : [])], width);
  return (
    <Box flexDirection="column" width={width}>
      <Rows width={width} rows={[title]} />
      <ScrollList
        items={orders}
        selected={selected}
        height={height - 1}
        width={width}
        keyOf={(o) => o.id}
        empty="No scheduled orders. w on a delivery card sets a time instead of ASAP."
        render={(o, sel, w) => {
          const state = o.confirmedAt !== null ? 'confirmed' : o.due ? 'CALL TO CONFIRM' : o.confirmDueAt !== null ? `call at ${timeOrDay(o.confirmDueAt, timeZone, now)}` : '';
          return (
            <Text inverse={sel} color={o.due ? theme.ringing : o.confirmedAt !== null ? theme.ok : undefined} bold={o.due} wrap="truncate-end">
              {fit(`${padTo(o.number, 6)} ${padTo(dateTime(o.promisedAt, timeZone, now), 16)} ${padTo(state, 15)} ${o.customerName || '(no customer)'} · ${o.phone ? formatPhone(o.phone, region) : 'no phone'}`, w)}
            </Text>
          );
        }}
      />
    </Box>
  );
}

export const ScheduledList = React.memo(ScheduledListView);
