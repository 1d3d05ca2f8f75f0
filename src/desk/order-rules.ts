/**
 * Why an order-taking key cannot act now (the keymap's disabled reasons for issue 7): fields
 * that the delivery's status no longer lets change, a quote that refuses the order, nothing to
 * override, no earlier orders to repeat, no saved addresses.
 */
import { switchKindCheck, whyNotEditable, type OrderField } from '../domain/lifecycle.js';
import type { DeskState } from './state.js';

/** Why `field` of the open delivery cannot change now, or null. */
export function fieldRefusal(s: DeskState, field: OrderField): string | null {
  const d = s.delivery;
  if (!d) return 'no delivery open';
  return whyNotEditable(d.status, field);
}

/** A keymap check for one field. */
export function editable(field: OrderField): (s: DeskState) => string | null {
  return (s) => fieldRefusal(s, field);
}

/** The quote of the open delivery, when it is for the version on the card or the one before it. */
export function cardQuoteOf(s: DeskState) {
  const c = s.order.card;
  return c && s.delivery && c.deliveryId === s.delivery.id ? c : null;
}

/** Why the quote refuses sending: a stop-listed line, or a refusal not overridden. */
/** Why a send is refused by the fresh quote taken at sending (lines sold out or off the menu first); null: it goes. */
export function freshQuoteRefusal(stopped: string[], quoteRefusal: string | null): string | null {
  return stopped.length ? `${stopped.join(', ')} sold out or off the menu` : quoteRefusal;
}

export function quoteSendRefusal(s: DeskState): string | null {
  const c = cardQuoteOf(s);
  if (!c || !s.delivery) return null;
  const stopped = c.stoppedLines.map((n) => s.delivery!.items[n]?.name).filter(Boolean);
  if (stopped.length) return `${stopped.join(', ')}: sold out or off the menu; remove it first (Tab, then Del)`;
  const r = c.quote.refusals[0];
  if (r) return `${r.message}${r.overridable ? ' x overrides it.' : ''}`;
  return null;
}

export function overrideRefusal(s: DeskState): string | null {
  const why = fieldRefusal(s, 'zone');
  if (why) return why;
  const c = cardQuoteOf(s);
  if (s.order.choice.override) return 'already overridden';
  if (!c || !c.quote.refusals.some((r) => r.overridable)) return 'nothing to override: the zone takes this order';
  return null;
}

export function zoneRefusal(s: DeskState): string | null {
  if (s.delivery?.kind === 'pickup') return 'a pickup has no zone (T switches to delivery)';
  return fieldRefusal(s, 'zone');
}

export function kindRefusal(s: DeskState): string | null {
  const d = s.delivery;
  if (!d) return 'no delivery open';
  return switchKindCheck(d.status, d.kind === 'delivery' ? 'pickup' : 'delivery');
}

export function repeatRefusal(s: DeskState): string | null {
  if (!s.delivery) return 'no delivery open';
  return s.order.past.length ? null : 'no earlier orders for this caller';
}

export function savedAddressRefusal(s: DeskState): string | null {
  return fieldRefusal(s, 'address') ?? (s.order.addresses.length ? null : 'no saved addresses for this customer');
}

export function paysWithRefusal(s: DeskState): string | null {
  return fieldRefusal(s, 'payment') ?? (s.delivery?.paymentKind === 'cash' ? null : 'only cash is paid with an amount (P: payment)');
}

export function busyRefusal(s: DeskState): string | null {
  if (!s.delivery) return 'no delivery open';
  return s.delivery.posId ? null : 'no point of sale yet: its busy delay is set once the outlet is known';
}

export function kitchenCommentRefusal(s: DeskState): string | null {
  return fieldRefusal(s, 'items') ?? (s.delivery?.items.length ? null : 'no items');
}

/** The card's address pane rows and the field each one changes. */
export function addressRowField(row: string): OrderField {
  if (row === 'phone') return 'customer';
  if (row === 'comment') return 'comment';
  return 'address';
}
