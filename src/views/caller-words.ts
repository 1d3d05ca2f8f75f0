/** Who is calling, in the few words the banner, the card and the waiting-calls list all use. */
import type { CallerLookup } from '../domain/caller.js';
import { categoryStyle } from './theme.js';

/** The card's company or name, the driver whose mobile it is, "3 customers share this number", or "New caller". */
export function callerWho(lookup: CallerLookup | null): string {
  const customers = lookup?.customers ?? [];
  const c = customers.length === 1 ? customers[0] : null;
  if (c) return c.company || c.name || 'a customer without a name';
  if (lookup?.driver) return `Driver ${lookup.driver.name}`;
  return customers.length > 1 ? `${customers.length} customers share this number` : 'New caller';
}

/** One line about a caller: who, their category, a warning note, open orders — for a list of calls. */
export function callerSummary(lookup: CallerLookup | null): string {
  const customers = lookup?.customers ?? [];
  const c = customers.length === 1 ? customers[0] : null;
  const open = lookup?.unfinished.length ?? 0;
  return [
    callerWho(lookup),
    c ? categoryStyle[c.category].word : '',
    c?.note ? `⚠ ${c.note}` : '',
    open ? `${open} open order${open === 1 ? '' : 's'}` : '',
  ].filter(Boolean).join(' · ');
}
