/**
 * How ringdesk writes a number it dials into the SIP Request-URI: the dial plan from
 * config (international "+420777123456" or national "777123456", optional prefix such
 * as "0" for an outside line). Numbers go through the one normaliser first.
 */
import { normalisePhone } from '../../domain/phone-number.js';

export interface DialPlan {
  dialFormat: 'international' | 'national';
  dialPrefix: string;
  /** Default region for numbers typed without a country code (ISO 3166 alpha-2). */
  region: string;
}

export type DialTarget = { ok: true; user: string } | { ok: false; reason: string };

/** Short digit strings are PBX extensions (a colleague, a queue) and are dialled as typed. */
const EXTENSION = /^\d{2,6}$/;

export function dialTarget(number: string, plan: DialPlan): DialTarget {
  const typed = (number ?? '').trim();
  if (EXTENSION.test(typed)) return { ok: true, user: typed };
  const n = normalisePhone(typed, plan.region);
  if (n.kind === 'withheld') return { ok: false, reason: 'no number to dial (withheld caller ID)' };
  if (n.kind === 'invalid') return { ok: false, reason: `"${typed}" cannot be dialled: ${n.reason}` };
  const national = n.region === plan.region.toUpperCase() && plan.dialFormat === 'national';
  const user = national ? n.national.replace(/\D/g, '') : n.e164;
  return { ok: true, user: plan.dialPrefix + user };
}
