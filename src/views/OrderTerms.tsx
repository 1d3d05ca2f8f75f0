import React from 'react';
import { Box } from 'ink';
import { Text } from './Text.js';
import type { Delivery } from '../store/types.js';
import { itemsTotal } from '../store/deliveries.js';
import { formatMoney } from '../domain/money.js';
import { cardTerms } from '../orders/card-quote.js';
import type { CardQuote } from '../orders/apply-quote.js';
import { paymentLabels } from '../orders/payment.js';
import { theme } from './theme.js';
import { fit } from './format.js';

export interface OrderTermsProps {
  delivery: Delivery;
  /** The card's quote; null until the first one arrives. */
  card: CardQuote | null;
  width: number;
  currency: string;
  timeZone?: string;
}

const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** How many rows OrderTerms takes for this quote (the card sizes its panes around it). */
export function orderTermsRows(card: CardQuote | null): number {
  if (!card) return 1;
  return 2 + (card.terms?.courierComment || card.terms?.zoneRefusal ? 1 : 0) + (card.quote.refusals.length || card.stoppedLines.length ? 1 : 0);
}

/**
 * The quote on the delivery card: zone, outlet, fee, minimum and minutes, the promised time,
 * subtotal + fee = total, payment and change, persons, courier comment, override, and what
 * refuses the order.
 */
function OrderTermsView({ delivery: d, card, width, currency, timeZone }: OrderTermsProps) {
  const money = (m: number) => formatMoney(m, currency);
  if (!card || card.deliveryId !== d.id) return <Text color={theme.muted}>{fit('Quoting…', width)}</Text>;
  const q = card.quote;
  const settings = { timezone: timeZone ?? localZone(), currency };
  // the change goes on the money line; the terms line keeps the zone and the time
  const { terms } = cardTerms({ ...q, change: null }, settings);
  const subtotal = itemsTotal(d.items);
  const draft = d.status === 'draft' || d.status === 'failed';
  const fee = d.kind !== 'delivery' ? 0 : draft ? q.fee : card.terms?.fee ?? 0;
  const amount = (m: number) => money(m).replace(` ${currency}`, '');
  const pay = d.paymentKind === 'cash' && d.cashTendered !== null
    ? `cash ${amount(d.cashTendered)}${q.change !== null ? ` → change ${amount(q.change)}` : ''}`
    : paymentLabels[d.paymentKind];
  const t = card.terms;
  const extra = [
    t?.courierComment ? `Courier: ${t.courierComment}` : '',
    t?.zoneRefusal ? `overridden ${t.zoneRefusal}${t.overrideOperator ? ` by ${t.overrideOperator}` : ''}` : '',
  ].filter(Boolean).join(' · ');
  const stopped = card.stoppedLines.map((n) => d.items[n]?.name).filter(Boolean);
  const refusal = stopped.length
    ? `SOLD OUT: ${stopped.join(', ')} — remove before sending`
    : q.refusals.length ? `${q.refusals[0].code}${q.refusals[0].overridable ? ' (x overrides, z zone by hand)' : ''}${q.refusals.length > 1 ? ` +${q.refusals.length - 1} more` : ''}: ${q.refusals[0].message}` : '';
  return (
    <Box flexDirection="column" width={width}>
      <Text color={q.refusals.length ? 'yellow' : theme.ok}>{fit(terms, width)}</Text>
      <Text>{fit(`${amount(subtotal)} + fee ${amount(fee)} = ${money(subtotal + fee)} · ${pay} · ${d.persons} person${d.persons === 1 ? '' : 's'}`, width)}</Text>
      {extra && <Text>{fit(extra, width)}</Text>}
      {refusal && <Text color={theme.danger}>{fit(refusal, width)}</Text>}
    </Box>
  );
}

export const OrderTerms = React.memo(OrderTermsView);
