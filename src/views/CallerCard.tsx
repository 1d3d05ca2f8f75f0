import React from 'react';
import { Box } from 'ink';
import { Text } from './Text.js';
import type { DeskCall } from '../desk/state.js';
import { displayPhone } from '../domain/phone-number.js';
import { formatMoney } from '../domain/money.js';
import { categoryStyle, theme } from './theme.js';
import { statusText } from '../orders/order-status.js';
import { countryName, dateTime, fit, initials, shortTime } from './format.js';

export interface CallerCardProps {
  call: DeskCall;
  operator: { name: string; extension: string };
  currency: string;
  width: number;
  timeZone?: string;
}

/** S4's caller card: who is calling, what they have open, and where they are. */
function CallerCardView({ call, operator, currency, width, timeZone }: CallerCardProps) {
  const customers = call.lookup?.customers ?? [];
  const c = customers.length === 1 ? customers[0] : null;
  const open = call.lookup?.unfinished ?? [];
  const w = Math.max(20, width - 4);
  return (
    <Box flexDirection="column" width={width}>
      <Box gap={1}>
        <Text inverse> {c ? initials(c.name || c.company) : '?'} </Text>
        {c?.company ? <Text bold>{fit(c.company, w - 6)}</Text> : <Text bold>{c ? fit(c.name, w - 6) : customers.length > 1 ? `${customers.length} customers share this number` : 'New caller'}</Text>}
      </Box>
      {c?.company && <Text>{fit(c.name, w)}</Text>}
      <Text>
        <Text bold>{call.direction.toUpperCase()}</Text> {dateTime(call.startedAt, timeZone)}
        {call.spam ? <Text color={theme.danger} bold> SPAM</Text> : null}
      </Text>
      <Text>{call.direction === 'incoming' ? 'From' : 'To'} <Text bold>{displayPhone(call.number)}</Text>{call.number.kind === 'invalid' ? <Text color={theme.danger}> (not a valid number)</Text> : null}</Text>
      {c && (
        <Text wrap="truncate-end">
          <Text color={categoryStyle[c.category].color} bold>{categoryStyle[c.category].word}</Text>
          {place(c.city, c.country, call) ? ` · ${fit(place(c.city, c.country, call), w - 12)}` : ''}
        </Text>
      )}
      {c && c.debt > 0 ? <Text color={theme.danger} bold>owes {formatMoney(c.debt, currency)}</Text> : null}
      {c?.note ? <Text color="yellow" bold inverse>{` ⚠ ${fit(c.note, w - 4)} `}</Text> : null}
      {customers.length > 1 && customers.slice(0, 4).map((x) => <Text key={x.id}>· {fit(`${x.name}${x.company ? ` (${x.company})` : ''}`, w - 2)}</Text>)}
      {open.slice(0, 3).map((d) => (
        <Text key={d.id} color={theme.accent}>
          {fit(`${d.number} ${statusText(d.status, d.handoff, 0).brief} ${shortTime(d.promisedAt, timeZone)} · ${d.driverName || 'no driver'} · ${unpaidWord(d.unpaid ?? d.total, currency)}`, w)}
        </Text>
      ))}
      {open.length > 3 && <Text color={theme.muted}>+{open.length - 3} more open orders</Text>}
      <Text color={theme.muted}>to ext {operator.extension || '-'} {operator.name}</Text>
    </Box>
  );
}

/** "unpaid 476.00 CZK" or "paid": what the courier still collects. */
function unpaidWord(unpaid: number, currency: string): string {
  return unpaid > 0 ? `unpaid ${formatMoney(unpaid, currency)}` : 'paid';
}

/** City and country: the card's city, its country or else the country of the number's region, by name. */
function place(city: string, country: string, call: DeskCall): string {
  const region = country || (call.number.kind === 'valid' ? call.number.region ?? '' : '');
  return [city, countryName(region)].filter(Boolean).join(', ');
}

/** Re-renders only when its own data changes (a ringing call must not redraw the whole desk). */
export const CallerCard = React.memo(CallerCardView);
