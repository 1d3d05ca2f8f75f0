/** What a call from a number would get now: the caller card data and the S2 route. Shared by `ringdesk lookup` and tests. */
import type { CallerLookup } from '../domain/caller.js';
import type { StorePorts } from '../store/ports.js';
import { displayPhone } from '../domain/phone-number.js';
import { route, type Route } from './routing.js';

export interface CallPreview { lookup: CallerLookup; route: Route }

/** Through the store's ports (src/store/ports.ts): the same `lookupCaller` the ringing banner waits for. */
export async function previewCall(ports: Pick<StorePorts, 'lookupCaller'>, raw: string): Promise<CallPreview> {
  const lookup = await ports.lookupCaller(raw);
  const phone = lookup.number.kind === 'valid' ? lookup.number.international : lookup.number.kind === 'invalid' ? lookup.number.raw : '';
  return { lookup, route: route({ phone, unfinished: lookup.unfinished, customers: lookup.customers, driver: !!lookup.driver }) };
}

/** A dispatcher-readable description of a route. */
export function describeRoute(p: CallPreview, region: string): string {
  const r = p.route;
  if (r.kind === 'open-delivery') return `answer opens order ${p.lookup.unfinished.find((d) => d.id === r.deliveryId)?.number ?? r.deliveryId}`;
  if (r.kind === 'choose-customer') return `answer opens the chooser: ${r.customerIds.length} customers use ${displayPhone(p.lookup.number, region)}`;
  if (r.kind === 'no-order') return `driver ${p.lookup.driver?.name ?? ''}: answer opens no order`;
  if (r.customerId) return `answer starts a new order for ${p.lookup.customers[0]?.name || 'customer ' + r.customerId}`;
  return `answer starts a new order for a new caller (${displayPhone(p.lookup.number, region)})`;
}
