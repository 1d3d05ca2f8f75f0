/**
 * The quote of the delivery open on the console's card: the same quote() as `ringdesk quote`,
 * with the input read from the Delivery, and one line of terms for the card
 * ("Zone Vinohrady · fee 49.00 CZK · min 300.00 CZK · 45 min · ASAP 12:45 · change 274.00 CZK").
 */
import type { Delivery } from '../domain/delivery.js';
import { formatMoney } from '../domain/money.js';
import { quote, refusalWords, type Quote, type QuoteItem, type QuoteSettings, type QuoteSources } from './quote.js';
import { requestFromPastLine } from './repeat.js';
import { formatClock } from '../domain/local-time.js';

export interface CardQuoteOptions {
  /** Zone chosen by hand (the override chooser). */
  zone?: string | null;
  /** The dispatcher pressed the override key. */
  override?: boolean;
  /** The outlet by name (the dispatcher's choice); absent: pickup uses the delivery's, delivery the zone's. */
  outlet?: string | null;
  now: number;
}

/** Quote the delivery as it stands: its address, kind, lines, payment and promised time. */
export async function quoteDelivery(src: QuoteSources, d: Delivery, settings: QuoteSettings, o: CardQuoteOptions): Promise<Quote> {
  // a line typed by hand (not from the menu) keeps its recorded price and is not checked against the menu
  const items: QuoteItem[] = await Promise.all(d.items.filter((l) => l.productId !== null).map(async (l) => {
    const product = l.productId === null ? null : await src.menu.product(l.productId, d.posId);
    const req = product
      ? requestFromPastLine(product, { size: l.size, sizeId: (l as { sizeId?: number | null }).sizeId ?? null, modifiers: l.modifiers, quantity: l.quantity, kitchenComment: l.kitchenComment }).req
      : { quantity: l.quantity };
    return { productId: l.productId ?? -1, name: l.name, req };
  }));
  return quote(src, {
    kind: d.kind, address: d.address, items, payment: { kind: d.paymentKind, cashTendered: d.cashTendered },
    when: d.asap || d.promisedAt === null ? { kind: 'asap' } : { kind: 'at', instant: d.promisedAt },
    outlet: o.outlet !== undefined ? o.outlet : d.kind === 'pickup' ? d.posName || null : null, zone: o.zone ?? null, override: o.override, now: o.now,
  }, settings);
}

/** The card's terms line and its refusals, ready to print. */
export function cardTerms(q: Quote, settings: QuoteSettings): { terms: string; refusals: string[]; overridden: string[] } {
  const money = (m: number) => formatMoney(m, settings.currency);
  const parts: string[] = [];
  if (q.kind === 'pickup') parts.push(`Pickup at ${q.outlet?.name ?? '?'}`);
  else if (q.zone) parts.push(`Zone ${q.zone.name}${q.zoneMatch === 'manual' ? ' (by hand)' : ''}`, `fee ${money(q.zone.fee)}`, `min ${money(q.zone.minOrder)}`, `${q.zone.minutes} min`);
  else parts.push('No zone');
  if (q.promisedAt !== null) parts.push(`${q.asap ? 'ASAP' : 'at'} ${formatClock(q.promisedAt, settings.timezone)}`);
  if (q.change !== null) parts.push(`change ${money(q.change)}`);
  return {
    terms: parts.join(' · '),
    refusals: q.refusals.map((r) => `${r.message}${r.overridable ? ' (can be overridden)' : ''}`),
    overridden: q.overridden.map((r) => `${refusalWords[r.code]}: overridden`),
  };
}
