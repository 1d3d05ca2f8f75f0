/**
 * The key a call route is stored under (`ringdesk route`, a fixture's `setup.routes`): an IVR
 * digit the caller pressed, or the number dialled as its E.164 key. Pure, so a command and the
 * store read a route the same way whatever engine keeps it.
 */
import { normalisePhone, phoneKey } from './phone-number.js';

/** An IVR digit (or a few, with * and #) as the PBX passes it. */
export const IVR_DIGITS = /^[0-9*#]{1,8}$/;

/** The stored key of a route: `ivr:2`, or `number:+420222000111` (E.164 key). Null: not a number or digit. */
export function routeEntry(kind: 'ivr' | 'number', text: string, region: string): string | null {
  const t = text.trim();
  if (kind === 'ivr') return IVR_DIGITS.test(t) ? `ivr:${t}` : null;
  const key = phoneKey(normalisePhone(t, region));
  return key ? `number:${key}` : null;
}
