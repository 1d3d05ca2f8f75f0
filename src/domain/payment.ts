/**
 * How the caller pays: cash (optionally "pays with" an amount, so the courier carries the
 * change), card on delivery, or prepaid. Amounts in minor units.
 */
import { formatMoney, parseMoney } from './money.js';

export type PaymentKind = 'cash' | 'card' | 'prepaid';
export const paymentKinds: readonly PaymentKind[] = ['cash', 'card', 'prepaid'];
export const paymentLabels: Record<PaymentKind, string> = { cash: 'cash', card: 'card on delivery', prepaid: 'prepaid' };

export interface Payment { kind: PaymentKind; cashTendered: number | null }

/** "cash", "cash:1000", "cash:1000.50", "card", "prepaid" (amounts in major units, as said on the phone). */
export function parsePayment(text: string): { ok: true; payment: Payment } | { ok: false; message: string } {
  const m = text.trim().toLowerCase().match(/^(cash|card|prepaid)(?::(.*))?$/);
  if (!m) return { ok: false, message: `"${text}": payment must be cash, cash:<amount it is paid with>, card or prepaid` };
  const kind = m[1] as PaymentKind;
  if (m[2] === undefined) return { ok: true, payment: { kind, cashTendered: null } };
  if (kind !== 'cash') return { ok: false, message: `"${text}": only cash is paid with an amount (cash:1000)` };
  const amount = parseMoney(m[2]);
  if (amount === null) return { ok: false, message: `"${text}": "${m[2]}" is not an amount (e.g. cash:1000 or cash:999.50)` };
  return { ok: true, payment: { kind, cashTendered: amount } };
}

export type Change = { ok: true; change: number | null } | { ok: false; code: 'CashShort'; message: string };

/** The change the courier must carry; null when not cash or no "pays with" amount was said. */
export function changeDue(total: number, p: Payment, currency: string): Change {
  if (p.kind !== 'cash' || p.cashTendered === null) return { ok: true, change: null };
  if (p.cashTendered < total) {
    return { ok: false, code: 'CashShort', message: `Pays with ${formatMoney(p.cashTendered, currency)} but the total is ${formatMoney(total, currency)}: ask for a larger note.` };
  }
  return { ok: true, change: p.cashTendered - total };
}

export const MAX_PERSONS = 99;
/** Persons = cutlery sets; 0 = "no cutlery". */
export function checkPersons(n: number): string | null {
  return Number.isInteger(n) && n >= 0 && n <= MAX_PERSONS ? null : `persons must be a whole number from 0 to ${MAX_PERSONS}, got ${n}`;
}
