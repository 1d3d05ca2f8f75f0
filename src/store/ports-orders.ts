/**
 * The orders' ports: deliveries and their terms, what they are made of (catalog, menu, zones, outlets, drivers) and each operator's open order.
 * Every method returns a Promise (an engine may answer over the network): src/store/ports.ts.
 */
import type { Delivery, DeliverySummary, ScheduledDelivery } from '../domain/delivery.js';
import type { PointOfSale, Product } from '../domain/catalog.js';
import type { Zone, ZoneDefinition } from '../domain/zone-check.js';
import type { MenuFileProduct, MenuProduct } from '../domain/pricing.js';
import type { NewDelivery, SaveResult } from './deliveries.js';
import type { StoredSession } from './sessions.js';
import type { StreetRangeInput, ZoneListing, ZoneTermsInput } from './zones.js';
import type { ProductFind, StopEntry } from './menu.js';
import type { OutletTiming } from './outlets.js';
import type { DeliveryTerms, PastLine, TermsResult } from './order-terms.js';
import type { DriverCard } from './drivers.js';

/** Deliveries: drafts, saves with optimistic versions (a colleague's save in between is merged field by field). */
export interface DeliveryRepository {
  get(id: number): Promise<Delivery | null>;
  unfinishedFor(phoneKey: string): Promise<DeliverySummary[]>;
  open(limit?: number): Promise<DeliverySummary[]>;
  recentForCustomer(customerId: number, limit?: number): Promise<DeliverySummary[]>;
  /** How many deliveries there are, finished or not. */
  count(): Promise<number>;
  createDraft(d: NewDelivery, now?: number): Promise<Delivery>;
  save(d: Delivery, now?: number): Promise<SaveResult>;
}

/** A delivery's terms: quote, overrides, courier comment, pickup, cancelling, scheduled confirmations. */
export interface OrderTermsRepository {
  get(id: number): Promise<DeliveryTerms | null>;
  applyQuote(id: number, version: number, q: { zoneId: number | null; posId: number | null; fee: number; minutes: number | null; promisedAt: number | null; asap: boolean; confirmDueAt: number | null }, now?: number): Promise<TermsResult>;
  recordOverride(id: number, version: number, codes: string[], operatorId: number | null, note?: string, now?: number): Promise<TermsResult>;
  setCourierComment(id: number, version: number, text: string, now?: number, before?: string | null): Promise<TermsResult>;
  switchKind(id: number, version: number, kind: 'delivery' | 'pickup', now?: number): Promise<TermsResult>;
  cancel(id: number, version: number, reason: string, note: string, now?: number): Promise<TermsResult>;
  scheduled(now?: number, limit?: number): Promise<ScheduledDelivery[]>;
  markConfirmed(id: number, now?: number): Promise<void>;
  pastLines(id: number): Promise<PastLine[]>;
}

/** What an order can be made of and sent to: products, points of sale, drivers by id. */
export interface CatalogRepository {
  searchProducts(query: string, limit?: number, posId?: number | null): Promise<Product[]>;
  pointsOfSale(): Promise<PointOfSale[]>;
  posIdByName(name: string): Promise<number | null>;
  driverById(id: number): Promise<{ id: number; name: string; mobile: string } | null>;
}

/** The menu, its import and the stop-list. */
export interface MenuRepository {
  product(id: number, posId?: number | null): Promise<MenuProduct | null>;
  find(text: string): Promise<ProductFind>;
  importMenu(products: MenuFileProduct[]): Promise<{ added: number; updated: number; retired: number }>;
  stop(productId: number, posId: number | null, now?: number): Promise<boolean>;
  unstop(productId: number, posId: number | null): Promise<boolean>;
  stopList(): Promise<StopEntry[]>;
}

/** Delivery zones (SQLite R*Tree; PostgreSQL geometry) and their streets. */
export interface ZoneRepository {
  atPoint(lat: number, lon: number): Promise<Zone | null>;
  forStreet(city: string, street: string, house: string): Promise<Zone | null>;
  any(): Promise<boolean>;
  byName(name: string): Promise<Zone | null>;
  byId(id: number): Promise<Zone | null>;
  list(): Promise<ZoneListing[]>;
  importZones(defs: ZoneDefinition[], opts: { createOutlets: boolean }): Promise<{ added: number; updated: number; outletsCreated: string[] }>;
  addStreet(zoneName: string, range: StreetRangeInput, terms: ZoneTermsInput | null, createOutlets?: boolean): Promise<Zone>;
}

/** Outlets' timing (busy minutes) and their numbers of the day. */
export interface OutletRepository {
  byId(id: number): Promise<OutletTiming | null>;
  byName(name: string): Promise<OutletTiming | null>;
  setBusy(id: number, minutes: number, now?: number): Promise<OutletTiming | null>;
  nextNumber(posId: number | null, day: string): Promise<number>;
}

export interface DriverRepository {
  withMobile(): Promise<DriverCard[]>;
}

/** Each operator's open order and half-typed text, kept across a crash. */
export interface SessionRepository {
  load(operator: string): Promise<StoredSession | null>;
  save(operator: string, s: StoredSession, now?: number): Promise<void>;
}
