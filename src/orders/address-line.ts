/**
 * An address typed on one line ("Vinohradská 1234/56, flat 12, Praha 2, 120 00") split into
 * the structured fields; what cannot be placed is kept in the courier note, never dropped.
 */
import { emptyAddress, type Address } from '../domain/address.js';

export function parseAddressLine(text: string): Address {
  const a: Address = { ...emptyAddress };
  const parts = text.split(',').map((p) => p.trim()).filter(Boolean);
  const rest: string[] = [];
  parts.forEach((part, i) => {
    const labelled = part.match(/^(flat|apt|apartment|byt|entrance|vchod|floor|patro|intercom|code)\.?\s+(.+)$/i);
    if (i === 0) {
      const m = part.match(/^(.*?\D)\s+(\d[\w/-]*)$/);
      if (m) { a.street = m[1].trim(); a.house = m[2]; } else a.street = part;
    } else if (labelled) {
      const k = labelled[1].toLowerCase();
      const v = labelled[2].trim();
      if (k === 'flat' || k === 'apt' || k === 'apartment' || k === 'byt') a.flat = v;
      else if (k === 'entrance' || k === 'vchod') a.entrance = v;
      else if (k === 'floor' || k === 'patro') a.floor = v;
      else a.intercom = v;
    } else if (/^\d{3}\s?\d{2}$/.test(part)) a.postcode = part;
    else if (!a.city) a.city = part;
    else rest.push(part);
  });
  a.courierNote = rest.join(', ');
  return a;
}
