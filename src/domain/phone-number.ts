/**
 * The one phone-number normaliser. Every number that enters ringdesk (caller ID,
 * typed by a dispatcher, imported from CSV, fixtures) goes through `normalisePhone`,
 * so "+420 777 123 456", "00420777123456", "777 123 456" and "777-123-456" are one key.
 */
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

export type PhoneNumber =
  | { kind: 'valid'; e164: string; raw: string; region?: string; national: string; international: string }
  /** Parsed but not a valid number for its region: kept as typed digits so it can still match. */
  | { kind: 'invalid'; raw: string; digits: string; reason: string }
  /** No number at all: withheld / anonymous / private caller ID. */
  | { kind: 'withheld'; raw: string };

const WITHHELD = /^(|anonymous|restricted|private|unknown|unavailable|withheld)$/i;

/** Strip a SIP URI or display form down to its user part: "sip:+420777@host;x" -> "+420777". */
function userPart(raw: string): string {
  let s = raw.trim();
  const angle = s.match(/<([^>]*)>/);
  if (angle) s = angle[1];
  s = s.replace(/^(sips?|tel):/i, '');
  s = s.split(/[@;]/)[0];
  return s.trim();
}

/** Numbers read lately (a caller's number is read again for the banner, the card, the call log). */
const remembered = new Map<string, PhoneNumber>();
const REMEMBERED = 512;

export function normalisePhone(raw: string | null | undefined, defaultRegion: string): PhoneNumber {
  const text = (raw ?? '').toString();
  // libphonenumber takes ~0.1 ms a number: a ringing call's number is read once, not once per frame
  const key = `${defaultRegion}\u0000${text}`;
  let n = remembered.get(key);
  if (!n) {
    n = readPhone(text, defaultRegion);
    remembered.set(key, n);
    if (remembered.size > REMEMBERED) remembered.delete(remembered.keys().next().value!);
  }
  return { ...n };
}

function readPhone(text: string, defaultRegion: string): PhoneNumber {
  const user = userPart(text);
  if (WITHHELD.test(user)) return { kind: 'withheld', raw: text };
  // 00CC international prefix -> +CC (libphonenumber handles "00" only for some regions).
  const cleaned = user.replace(/[\s\-().\/]/g, '').replace(/^00(?=[1-9])/, '+');
  const digits = cleaned.replace(/[^\d+]/g, '');
  if (!/\d/.test(digits)) return { kind: 'invalid', raw: text, digits: '', reason: 'no digits in the number' };
  if (cleaned.length > 32) return { kind: 'invalid', raw: text, digits: digits.slice(0, 32), reason: 'too long to be a phone number' };
  const parsed = parsePhoneNumberFromString(cleaned, defaultRegion.toUpperCase() as CountryCode);
  if (!parsed) return { kind: 'invalid', raw: text, digits, reason: 'not a phone number' };
  if (!parsed.isValid()) return { kind: 'invalid', raw: text, digits, reason: `not a valid number for ${parsed.country ?? defaultRegion}` };
  return {
    kind: 'valid',
    e164: parsed.number,
    raw: text,
    region: parsed.country,
    national: parsed.formatNational(),
    international: parsed.formatInternational(),
  };
}

/** The key stored in customer_phones.e164 and deliveries.phone_key: E.164 when valid, else the bare digits. */
export function phoneKey(n: PhoneNumber): string | null {
  if (n.kind === 'valid') return n.e164;
  if (n.kind === 'invalid' && n.digits) return n.digits;
  return null;
}

/**
 * How a number is shown, the one way everywhere (banner, lists, call log, exports): the national
 * form for a number of the home region ("777 123 456"), the international form otherwise
 * ("+421 905 123 456"), "Withheld number" when the caller withheld it.
 */
export function displayPhone(n: PhoneNumber, homeRegion: string): string {
  if (n.kind === 'valid') return n.region && n.region === homeRegion.toUpperCase() ? n.national : n.international;
  if (n.kind === 'withheld') return 'Withheld number';
  return n.raw.trim() || '(empty)';
}

/** A number as stored or as the network gave it (any form), shown as displayPhone shows it. */
export function formatPhone(raw: string | null | undefined, homeRegion: string): string {
  return displayPhone(normalisePhone(raw, homeRegion), homeRegion);
}

/** True when "call customer" may dial this number (S2: enabled only for a valid number). */
export function isDialable(n: PhoneNumber): boolean {
  return n.kind === 'valid';
}

/** Whether `code` is a phone region numbers can be read in (ISO 3166 alpha-2 that libphonenumber knows). */
export function isPhoneRegion(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && isSupportedCountry(code);
}
