/**
 * The quote on the delivery card as rows: zone, outlet, fee, minimum and minutes, the promised
 * time; subtotal + fee = total, payment and change, persons; courier comment and override; and
 * every refusal, whole and wrapped (they are why the order cannot go).
 */
import type { Delivery } from '../domain/delivery.js';
import { itemsTotal } from '../domain/delivery.js';
import { formatMoney } from '../domain/money.js';
import { cardTerms } from '../orders/card-quote.js';
import type { CardQuote } from '../orders/apply-quote.js';
import { paymentLabels } from '../domain/payment.js';
import { refusalCodesInWords } from '../orders/quote.js';
import { theme } from './theme.js';
import { textRow, wrapRows, type RankedRow } from './lines.js';

export interface OrderTermsInput {
  delivery: Delivery;
  /** The card's quote; null until the first one arrives. */
  card: CardQuote | null;
  width: number;
  currency: string;
  timeZone: string;
}

/** What refuses sending, each a whole sentence: sold-out lines, then the quote's refusals with the keys that help. */
export function refusalSentences(d: Delivery, card: CardQuote): string[] {
  const stopped = card.stoppedLines.map((n) => d.items[n]?.name).filter(Boolean);
  if (stopped.length) return [`SOLD OUT: ${stopped.join(', ')} — remove ${stopped.length > 1 ? 'them' : 'it'} before sending (Tab, then Del).`];
  return card.quote.refusals.map((r) => `${r.message}${r.overridable ? ' x overrides, z picks the zone by hand.' : ''}`);
}

export function orderTermsRows({ delivery: d, card, width, currency, timeZone }: OrderTermsInput): RankedRow[] {
  const money = (m: number) => formatMoney(m, currency);
  if (!card || card.deliveryId !== d.id) return [{ rank: 1, row: textRow('Quoting…', width, { color: theme.muted }) }];
  const q = card.quote;
  // the change goes on the money line; the terms line keeps the zone and the time
  const { terms } = cardTerms({ ...q, change: null }, { timezone: timeZone, currency });
  const subtotal = itemsTotal(d.items);
  const draft = d.status === 'draft' || d.status === 'failed';
  const fee = d.kind !== 'delivery' ? 0 : draft ? q.fee : card.terms?.fee ?? 0;
  const amount = (m: number) => money(m).replace(` ${currency}`, '');
  const pay = d.paymentKind === 'cash' && d.cashTendered !== null
    ? `cash ${amount(d.cashTendered)}${q.change !== null ? ` → change ${amount(q.change)}` : ''}`
    : paymentLabels[d.paymentKind];
  const t = card.terms;
  const rows: RankedRow[] = [
    { rank: 1, row: textRow(terms, width, { color: q.refusals.length ? 'yellow' : theme.ok }) },
    { rank: 1, row: textRow(`${amount(subtotal)} + fee ${amount(fee)} = ${money(subtotal + fee)} · ${pay} · ${d.persons} person${d.persons === 1 ? '' : 's'}`, width) },
  ];
  if (t?.courierComment) rows.push(...wrapRows(t.courierComment, width, {}, 'Courier: ', '  ').map((row) => ({ rank: 2, row })));
  if (t?.zoneRefusal) rows.push({ rank: 2, row: textRow(`Overridden: ${refusalCodesInWords(t.zoneRefusal)}${t.overrideOperator ? ` (by ${t.overrideOperator})` : ''}`, width) });
  for (const sentence of refusalSentences(d, card)) rows.push(...wrapRows(sentence, width, { color: theme.danger }).map((row) => ({ rank: 0, row })));
  return rows;
}
