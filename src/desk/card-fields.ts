/**
 * The rows of the order card's address pane (structured address, then phone and order comment):
 * their labels, what each shows, and how a typed value is written into the delivery.
 */
import { normalisePhone } from '../domain/phone-number.js';
import type { Delivery } from '../domain/delivery.js';
import { addressFields } from '../domain/address.js';

/** The rows of the address pane, in order: structured address, then phone and order comment. */
export const cardFields = [...addressFields, 'phone', 'comment'] as const;
export type CardField = (typeof cardFields)[number];
export const fieldLabels: Record<CardField, string> = {
  street: 'Street', house: 'House', flat: 'Flat', entrance: 'Entrance', floor: 'Floor', intercom: 'Intercom',
  city: 'City', postcode: 'Postcode', courierNote: 'For courier', phone: 'Phone', comment: 'Comment',
};

export function isCardField(f: string): f is CardField {
  return (cardFields as readonly string[]).includes(f);
}

export function fieldValue(d: Delivery, f: CardField): string {
  if (f === 'phone') return d.phone;
  if (f === 'comment') return d.comment;
  return String(d.address[f] ?? '');
}

/** The delivery with a typed value in one card field (a phone is normalised; a moved place loses its coordinates). */
export function applyField(d: Delivery, f: CardField, value: string, region: string): Delivery {
  const v = value.trim();
  if (f === 'phone') {
    const n = normalisePhone(v, region);
    return { ...d, phone: n.kind === 'valid' ? n.international : v, phoneKey: n.kind === 'valid' ? n.e164 : n.kind === 'invalid' ? n.digits || null : null };
  }
  if (f === 'comment') return { ...d, comment: v };
  const address = { ...d.address, [f]: v };
  // coordinates belong to the old address: a changed place is located again (geocoder or street ranges)
  const moved = (f === 'street' || f === 'house' || f === 'city' || f === 'postcode') && v !== d.address[f];
  return { ...d, address: moved ? { ...address, lat: null, lon: null } : address };
}
