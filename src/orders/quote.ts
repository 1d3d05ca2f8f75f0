/**
 * The quote: everything the delivery card shows about an order before it is sent (zone,
 * outlet, lines at today's prices, subtotal, fee, total, change, promised time) or the refusals
 * with their codes. `ringdesk quote` and the console call this one function.
 */
import type { Address } from '../domain/address.js';
import { itemsTotal, lineTotal } from '../domain/delivery.js';
import type { OutletTiming } from '../store/outlets.js';
import type { StorePorts } from '../store/ports.js';
import { zoneRefusals, type Zone, type ZoneMatch, type ZoneRefusalCode } from '../domain/zone-check.js';
import { lineAvailability, priceLine, requestFromSpec, type ItemSpec, type LineProblemCode, type LineRequest, type MenuProduct, type OrderLine } from '../domain/pricing.js';
import { changeDue, type Payment } from '../domain/payment.js';
import { promise, type PromiseCode, type When } from './promised-time.js';
import { formatLocalIso } from '../domain/local-time.js';

/**
 * What a quote reads: the store's ports for zones, the menu and outlets (src/store/ports.ts, every
 * answer a Promise, so a second engine serves the quote as it serves everything else). The quote's
 * rules stay here; the engine only answers its reads.
 */
export type QuoteSources = Pick<StorePorts, 'zones' | 'menu' | 'outlets'>;

/** A line to quote: typed as a spec ("Margherita/32 cm+Thin:2") or chosen on the card by ids. */
export type QuoteItem = { spec: ItemSpec } | { productId: number; name: string; req: LineRequest };

export interface QuoteInput {
  kind: 'delivery' | 'pickup';
  address: Address;
  items: QuoteItem[];
  payment: Payment;
  when: When;
  /** Outlet by name: required for pickup; for delivery it replaces the zone's outlet. */
  outlet?: string | null;
  /** Zone chosen by hand (name): skips the address lookup. */
  zone?: string | null;
  /** The dispatcher overrides zone refusals (OutOfZone needs a zone chosen by hand). */
  override?: boolean;
  now: number;
}

export type QuoteCode =
  | ZoneRefusalCode | PromiseCode | LineProblemCode
  | 'UnknownItem' | 'UnknownZone' | 'UnknownOutlet' | 'NoAddress' | 'NoOutlet' | 'CashShort';

/** What each refusal code means, in the dispatcher's words (codes stay in JSON and the POS payload, never on screen). */
export const refusalWords: Record<QuoteCode, string> = {
  OutOfZone: 'out of every delivery zone', BelowMinimum: "below the zone's minimum", OutsideHours: "outside the zone's hours",
  TooEarly: 'sooner than it can arrive', TooFarAhead: 'too far ahead',
  UnknownSize: 'no such size', UnknownModifier: 'no such extra', ChoiceMissing: 'a required choice is missing', TooManyChoices: 'too many choices',
  BadQuantity: 'a wrong quantity', ItemStopped: 'sold out', ItemRemoved: 'no longer on the menu',
  UnknownItem: 'not on the menu', UnknownZone: 'no such zone', UnknownOutlet: 'no such point of sale', NoAddress: 'no address', NoOutlet: 'no point of sale',
  CashShort: 'the cash does not cover the total',
};

/** Codes recorded together ("OutOfZone,BelowMinimum") as words: "out of every delivery zone, below the zone's minimum". */
export function refusalCodesInWords(codes: string): string {
  return codes.split(',').filter(Boolean).map((c) => refusalWords[c as QuoteCode] ?? c).join(', ');
}

export interface QuoteRefusal { code: QuoteCode; message: string; overridable: boolean }

export interface Quote {
  /** True when nothing refuses the order (overridden refusals do not count). */
  ok: boolean;
  kind: 'delivery' | 'pickup';
  zone: Zone | null;
  zoneMatch: ZoneMatch | null;
  outlet: OutletTiming | null;
  lines: OrderLine[];
  subtotal: number;
  fee: number;
  total: number;
  payment: Payment;
  change: number | null;
  asap: boolean;
  promisedAt: number | null;
  /** The ASAP time, also when a chosen time was refused. */
  earliest: number | null;
  /** Preparation + zone + busy minutes. */
  minutes: number | null;
  refusals: QuoteRefusal[];
  overridden: QuoteRefusal[];
}

const zoneCodes: readonly QuoteCode[] = ['OutOfZone', 'BelowMinimum', 'OutsideHours'];

/** Where the desk is: times are read and checked in `timezone` (Config.timezone); money in `currency`. */
export interface QuoteSettings { timezone: string; currency: string }

/** A refusal as a whole sentence: a capital first, a full stop last. */
function sentence(text: string): string {
  const t = text.trim();
  return t.charAt(0).toUpperCase() + t.slice(1) + (/[.!?]$/.test(t) ? '' : '.');
}

/** Quote an order. Pure over `src`: it reads, never writes. */
export async function quote(src: QuoteSources, input: QuoteInput, settings: QuoteSettings): Promise<Quote> {
  const tz = settings.timezone, currency = settings.currency;
  const refusals: QuoteRefusal[] = [];
  const refuse = (code: QuoteCode, message: string) => refusals.push({ code, message: sentence(message), overridable: zoneCodes.includes(code) });
  const delivery = input.kind === 'delivery';

  // zone: by hand, by coordinates, then by street ranges
  let zone: Zone | null = null;
  let zoneMatch: ZoneMatch | null = null;
  const a = input.address;
  if (delivery) {
    if (input.zone) {
      zone = await src.zones.byName(input.zone);
      if (zone) zoneMatch = 'manual'; else refuse('UnknownZone', `there is no zone "${input.zone}"`);
    } else {
      if (a.lat !== null && a.lon !== null) { zone = await src.zones.atPoint(a.lat, a.lon); if (zone) zoneMatch = 'polygon'; }
      if (!zone && a.street.trim()) { zone = await src.zones.forStreet(a.city, a.street, a.house); if (zone) zoneMatch = 'street'; }
      if (!zone && a.lat === null && !a.street.trim()) refuse('NoAddress', 'no address yet: type the street and house, or give coordinates');
    }
  }

  // outlet: named, else the zone's
  let outlet: OutletTiming | null = null;
  if (input.outlet) {
    outlet = await src.outlets.byName(input.outlet);
    if (!outlet) refuse('UnknownOutlet', `there is no point of sale "${input.outlet}"`);
  } else if (zone?.posId != null) outlet = await src.outlets.byId(zone.posId);
  if (!outlet && !delivery && !input.outlet) refuse('NoOutlet', 'pickup: choose the point of sale the caller will collect from');

  // lines at today's prices, stop-list as seen from this outlet
  const lines: OrderLine[] = [];
  for (const item of input.items) {
    const priced = await priceItem(src, item, outlet?.id ?? null);
    if (priced.ok) lines.push(priced.line); else refuse(priced.code, priced.message);
  }
  const subtotal = itemsTotal(lines);
  const fee = delivery && zone ? zone.fee : 0;
  const total = subtotal + fee;

  // promised time
  let promisedAt: number | null = null, earliest: number | null = null, minutes: number | null = null, asap = input.when.kind === 'asap';
  if (outlet) {
    const p = promise(input.now, { preparationMinutes: outlet.preparationMinutes, busyMinutes: outlet.busyMinutes, zoneMinutes: delivery && zone ? zone.minutes : 0 }, input.when, tz);
    earliest = p.earliest;
    if (p.ok) { promisedAt = p.promisedAt; minutes = p.minutes; asap = p.asap; } else refuse(p.code, p.message);
  }

  if (delivery && !refusals.some((r) => r.code === 'NoAddress' || r.code === 'UnknownZone')) {
    // the minimum is judged once every line has a price
    const linesRefused = lines.length < input.items.length;
    for (const r of zoneRefusals(zone, subtotal, promisedAt ?? (input.when.kind === 'at' ? input.when.instant : null), tz, currency)) {
      if (!(linesRefused && r.code === 'BelowMinimum')) refuse(r.code, r.message);
    }
  }

  const change = changeDue(total, input.payment, currency);
  if (!change.ok) refuse(change.code, change.message);

  const overridden = input.override ? refusals.filter((r) => r.overridable) : [];
  const open = refusals.filter((r) => !overridden.includes(r));
  return {
    ok: open.length === 0, kind: input.kind, zone, zoneMatch, outlet, lines, subtotal, fee, total,
    payment: input.payment, change: change.ok ? change.change : null, asap, promisedAt, earliest, minutes,
    refusals: open, overridden,
  };
}

async function priceItem(src: QuoteSources, item: QuoteItem, posId: number | null): Promise<{ ok: true; line: OrderLine } | { ok: false; code: QuoteCode; message: string }> {
  let product: MenuProduct | null;
  let req: LineRequest;
  if ('spec' in item) {
    const found = await src.menu.find(item.spec.product);
    if (found.kind === 'none') return { ok: false, code: 'UnknownItem', message: `nothing on the menu is called "${item.spec.product}"` };
    if (found.kind === 'several') return { ok: false, code: 'UnknownItem', message: `"${item.spec.product}" could be ${found.products.map((p) => p.name).join(', ')}: say which` };
    product = await src.menu.product(found.product.id, posId);
    const unavailable = lineAvailability(product, item.spec.product);
    if (unavailable) return { ok: false, ...unavailable };
    const r = requestFromSpec(product!, item.spec);
    if (!r.ok) return r;
    req = r.req;
  } else {
    product = await src.menu.product(item.productId, posId);
    const unavailable = lineAvailability(product, item.name);
    if (unavailable) return { ok: false, ...unavailable };
    req = item.req;
  }
  return priceLine(product!, req);
}

/** The quote as JSON for `ringdesk quote --json` and the payload: times as ISO 8601 with the zone's offset. */
export function quoteJson(q: Quote, tz: string, currency: string) {
  const iso = (t: number | null) => (t === null ? null : formatLocalIso(t, tz));
  return {
    ok: q.ok,
    kind: q.kind,
    zone: q.zone ? { name: q.zone.name, matchedBy: q.zoneMatch, fee: q.zone.fee, minOrder: q.zone.minOrder, minutes: q.zone.minutes, hours: q.zone.hours || null } : null,
    outlet: q.outlet ? { name: q.outlet.name, preparationMinutes: q.outlet.preparationMinutes, busyMinutes: q.outlet.busyMinutes } : null,
    lines: q.lines.map((l) => ({
      productId: l.productId, name: l.name, size: l.size || null, sizeId: l.sizeId, quantity: l.quantity, unitPrice: l.unitPrice,
      modifiers: l.modifiers, lineTotal: lineTotal(l),
    })),
    currency,
    subtotal: q.subtotal,
    fee: q.fee,
    total: q.total,
    payment: { kind: q.payment.kind, cashTendered: q.payment.cashTendered, change: q.change },
    asap: q.asap,
    promisedAt: iso(q.promisedAt),
    earliest: iso(q.earliest),
    minutes: q.minutes,
    refusals: q.refusals,
    overridden: q.overridden,
  };
}
