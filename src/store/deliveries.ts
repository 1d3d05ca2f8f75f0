/**
 * Deliveries and their items, with optimistic versioning: a write based on an older version is
 * merged field by field with what colleagues wrote since (src/store/delivery-merge.ts), and
 * refused — with the newer data — only when the same field was changed both ways.
 */
import { itemsTotal } from '../domain/delivery.js';
import type { Db } from './db.js';
import type { Address } from '../domain/address.js';
import type { Delivery, DeliveryItem, DeliveryStatus, DeliverySummary, Handoff } from '../domain/delivery.js';
import { formatAddress } from '../domain/address.js';
import { mergeDelivery, type FieldConflict } from './delivery-merge.js';
import { DEFAULT_TIMEZONE, localDay } from '../domain/local-time.js';

export const FINISHED = `('delivered','closed','cancelled')`;

export interface Row {
  id: number; number: string; customer_id: number | null; customer_name: string | null; phone: string; phone_key: string | null;
  kind: 'delivery' | 'pickup'; status: DeliveryStatus;
  addr_city: string; addr_street: string; addr_house: string; addr_building: string; addr_flat: string;
  addr_entrance: string; addr_floor: string; addr_intercom: string; addr_postcode: string;
  addr_lat: number | null; addr_lon: number | null; courier_note: string;
  promised_at: number | null; asap: number; pos_id: number | null; pos_name: string | null;
  driver_id: number | null; driver_name: string | null; driver_mobile: string | null;
  payment_kind: 'cash' | 'card' | 'prepaid'; cash_tendered: number | null; persons: number; comment: string;
  total: number; version: number; created_at: number; updated_at: number;
}
/** A list row: the delivery and its newest version's outbox row (absent: never sent). */
export interface SummaryRow extends Row {
  ho_id: number | null; ho_state: Handoff['state'] | null; ho_attempts: number | null; ho_next: number | null;
  ho_error: string | null; ho_ack: number | null; ho_version: number | null;
}
export interface ItemRow {
  product_id: number | null; name: string; size: string; size_id: number | null; modifiers: string; quantity: number; unit_price: number; kitchen_comment: string;
}

export const SELECT = `SELECT d.*, c.name AS customer_name, p.name AS pos_name, dr.name AS driver_name, dr.mobile AS driver_mobile
  FROM deliveries d LEFT JOIN customers c ON c.id = d.customer_id
  LEFT JOIN points_of_sale p ON p.id = d.pos_id LEFT JOIN drivers dr ON dr.id = d.driver_id`;
// lists say where each delivery's newest version is in the hand-off (one indexed look per row)
export const SUMMARY = `SELECT d.*, c.name AS customer_name, p.name AS pos_name, dr.name AS driver_name, dr.mobile AS driver_mobile,
    ho.id AS ho_id, ho.state AS ho_state, ho.attempts AS ho_attempts, ho.next_attempt_at AS ho_next, ho.last_error AS ho_error,
    ho.acknowledged_at AS ho_ack, ho.version AS ho_version
  FROM deliveries d LEFT JOIN customers c ON c.id = d.customer_id
  LEFT JOIN points_of_sale p ON p.id = d.pos_id LEFT JOIN drivers dr ON dr.id = d.driver_id
  LEFT JOIN outbox ho ON ho.id = (SELECT x.id FROM outbox x WHERE x.delivery_id = d.id ORDER BY x.version DESC, x.id DESC LIMIT 1)`;


export type SaveResult =
  /** Written; `merged` names the fields a colleague changed meanwhile that were kept beside this change. */
  | { ok: true; delivery: Delivery; merged?: string[] }
  /** Refused: what is there now, why, and the fields changed both ways (their values in `current`). */
  | { ok: false; current: Delivery | null; reason: string; conflicts?: FieldConflict[] };

export interface NewDelivery {
  customerId: number | null;
  phone: string;
  phoneKey: string | null;
  address?: Address;
  posId?: number | null;
  operatorId?: number | null;
  /** The desk's time zone: whose day an outlet's short numbers count in (default UTC). */
  timezone?: string;
}

/** The outlet's next short number of the day ("V-042"), or null for an unknown outlet. */
export type OutletNumbering = (posId: number, now: number, timezone: string) => string | null;

export class Deliveries {
  private byId; private items; private openForPhone; private openList; private customerRecent;
  private insert; private deleteItems; private insertItem; private update; private bumpSeq;
  /** The versions this connection read or wrote, by "id@version": the base a later save was edited from. */
  private seen = new Map<string, Delivery>();

  constructor(private db: Db, private outletNumber: OutletNumbering = () => null) {
    this.byId = db.prepare<[number], Row>(`${SELECT} WHERE d.id = ?`);
    this.items = db.prepare<[number], ItemRow>('SELECT * FROM delivery_items WHERE delivery_id = ? ORDER BY position');
    // S2: unfinished deliveries for the number, earliest delivery time first
    this.openForPhone = db.prepare<[string], SummaryRow>(
      `${SUMMARY} WHERE d.phone_key = ? AND d.status NOT IN ${FINISHED}
       ORDER BY d.promised_at IS NULL, d.promised_at, d.created_at, d.id LIMIT 20`);
    this.openList = db.prepare<[number], SummaryRow>(
      `${SUMMARY} WHERE d.status NOT IN ${FINISHED} ORDER BY d.promised_at IS NULL, d.promised_at, d.created_at DESC LIMIT ?`);
    this.customerRecent = db.prepare<[number, number], SummaryRow>(
      `${SUMMARY} WHERE d.customer_id = ? ORDER BY d.created_at DESC, d.id DESC LIMIT ?`);
    this.insert = db.prepare(
      `INSERT INTO deliveries (number, customer_id, phone, phone_key, status, pos_id, operator_id,
         addr_city, addr_street, addr_house, addr_building, addr_flat, addr_entrance, addr_floor, addr_intercom,
         addr_postcode, addr_lat, addr_lon, courier_note, created_at, updated_at)
       VALUES (@number, @customerId, @phone, @phoneKey, 'draft', @posId, @operatorId,
         @city, @street, @house, @building, @flat, @entrance, @floor, @intercom, @postcode, @lat, @lon, @courierNote, @now, @now)`);
    this.deleteItems = db.prepare('DELETE FROM delivery_items WHERE delivery_id = ?');
    this.insertItem = db.prepare(
      `INSERT INTO delivery_items (delivery_id, position, product_id, name, size, modifiers, quantity, unit_price, kitchen_comment, size_id, modifier_ids)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.update = db.prepare(
      `UPDATE deliveries SET customer_id=@customerId, phone=@phone, phone_key=@phoneKey, kind=@kind, status=@status,
         addr_city=@city, addr_street=@street, addr_house=@house, addr_building=@building, addr_flat=@flat,
         addr_entrance=@entrance, addr_floor=@floor, addr_intercom=@intercom, addr_postcode=@postcode,
         addr_lat=@lat, addr_lon=@lon, courier_note=@courierNote, promised_at=@promisedAt, asap=@asap,
         pos_id=@posId, driver_id=@driverId, payment_kind=@paymentKind, cash_tendered=@cashTendered,
         persons=@persons, comment=@comment, subtotal=@total,
         total=@total + CASE WHEN @kind = 'pickup' THEN 0 ELSE fee END, -- the zone's fee is set by order terms
         version=version+1, updated_at=@now
       WHERE id=@id AND version=@version`);
    this.bumpSeq = db.prepare(
      `INSERT INTO settings (key, value) VALUES (?, '1')
       ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1 RETURNING value`);
  }

  get(id: number): Delivery | null {
    const row = this.byId.get(id);
    return row ? this.remember(this.toDelivery(row)) : null;
  }

  private remember(d: Delivery): Delivery {
    const key = `${d.id}@${d.version}`;
    this.seen.delete(key);
    this.seen.set(key, structuredClone(d));
    // a console has a handful of orders open; the oldest bases go first
    if (this.seen.size > 256) this.seen.delete(this.seen.keys().next().value!);
    return d;
  }

  /** S2 routing input: the caller's unfinished deliveries, earliest delivery time first. */
  unfinishedFor(phoneKey: string): DeliverySummary[] {
    return this.openForPhone.all(phoneKey).map(toSummary);
  }

  /** The open-orders list: every unfinished delivery, drafts and parked ones included. */
  open(limit = 200): DeliverySummary[] {
    return this.openList.all(limit).map(toSummary);
  }

  /** How many deliveries the database holds, finished or not (a fixture's `deliveryCount`). */
  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM deliveries').get() as { n: number }).n;
  }

  recentForCustomer(customerId: number, limit = 5): DeliverySummary[] {
    return this.customerRecent.all(customerId, limit).map(toSummary);
  }

  /**
   * A new draft delivery with a short number to read to the caller: the outlet's number of the
   * day when the outlet is known ("V-042"), else the desk's own day sequence ("D-005").
   */
  createDraft(d: NewDelivery, now = Date.now()): Delivery {
    const id = this.db.transaction(() => {
      let number = d.posId ? this.outletNumber(d.posId, now, d.timezone ?? DEFAULT_TIMEZONE) : null;
      if (!number) {
        // the desk's day, not UTC's: D-001 again at local midnight
        const day = localDay(now, d.timezone ?? DEFAULT_TIMEZONE);
        const seq = Number((this.bumpSeq.get(`delivery-seq:${day}`) as { value: string }).value);
        number = `D-${String(seq).padStart(3, '0')}`;
      }
      const a = d.address;
      return Number(this.insert.run({
        number, customerId: d.customerId, phone: d.phone, phoneKey: d.phoneKey,
        posId: d.posId ?? null, operatorId: d.operatorId ?? null, now,
        city: a?.city ?? '', street: a?.street ?? '', house: a?.house ?? '', building: a?.building ?? '',
        flat: a?.flat ?? '', entrance: a?.entrance ?? '', floor: a?.floor ?? '', intercom: a?.intercom ?? '',
        postcode: a?.postcode ?? '', lat: a?.lat ?? null, lon: a?.lon ?? null, courierNote: a?.courierNote ?? '',
      }).lastInsertRowid);
    }).immediate();
    return this.get(id)!;
  }

  /**
   * Write the delivery if nobody changed it since `d.version`. If someone did, the change is
   * merged with theirs field by field, from the version `d` was edited from (as this connection
   * read it); a field changed both ways, or a base this connection never read, is refused with
   * what is there now, so the dispatcher sees the newer data.
   */
  save(d: Delivery, now = Date.now()): SaveResult {
    return this.db.transaction((): SaveResult => {
      if (this.write(d, now)) return { ok: true, delivery: this.get(d.id)! };
      const current = this.get(d.id);
      if (!current) return { ok: false, current, reason: `delivery ${d.id} no longer exists` };
      const base = this.seen.get(`${d.id}@${d.version}`);
      const stale = `delivery ${current.number} was changed by someone else (version ${current.version})`;
      if (!base) return { ok: false, current, reason: stale };
      const m = mergeDelivery(base, d, current);
      if (!m.ok) return { ok: false, current, reason: m.reason, conflicts: m.conflicts };
      if (!m.changes) return { ok: true, delivery: current, merged: m.theirs };
      if (!this.write(m.delivery, now)) return { ok: false, current, reason: stale };
      return { ok: true, delivery: this.get(d.id)!, merged: m.theirs };
    }).immediate();
  }

  /** One write of the whole row and its lines, if the row is still at `d.version`. */
  private write(d: Delivery, now: number): boolean {
    const res = this.update.run({
      id: d.id, version: d.version, customerId: d.customerId, phone: d.phone, phoneKey: d.phoneKey, kind: d.kind,
      status: d.status, ...d.address, promisedAt: d.promisedAt, asap: d.asap ? 1 : 0, posId: d.posId,
      driverId: d.driverId, paymentKind: d.paymentKind, cashTendered: d.cashTendered, persons: d.persons,
      comment: d.comment, total: itemsTotal(d.items), now,
    });
    if (res.changes === 0) return false;
    this.deleteItems.run(d.id);
    d.items.forEach((i, n) => this.insertItem.run(d.id, n, i.productId, i.name, i.size, JSON.stringify(i.modifiers), i.quantity, i.unitPrice, i.kitchenComment,
      i.sizeId ?? null, JSON.stringify(i.modifiers.map((m) => m.modifierId).filter((x) => x !== undefined))));
    return true;
  }

  private toDelivery(r: Row): Delivery {
    return toDelivery(r, this.items.all(r.id));
  }
}

/** A delivery from its row and its lines' rows (every engine). */
export function toDelivery(r: Row, itemRows: ItemRow[]): Delivery {
    const items: DeliveryItem[] = itemRows.map((i) => ({
      productId: i.product_id, name: i.name, size: i.size, sizeId: i.size_id, modifiers: JSON.parse(i.modifiers),
      quantity: i.quantity, unitPrice: i.unit_price, kitchenComment: i.kitchen_comment,
    }));
    return {
      id: r.id, number: r.number, customerId: r.customer_id, customerName: r.customer_name ?? '', phone: r.phone, phoneKey: r.phone_key,
      kind: r.kind, status: r.status, address: rowAddress(r), promisedAt: r.promised_at, asap: r.asap === 1,
      posId: r.pos_id, posName: r.pos_name ?? '', driverId: r.driver_id, driverName: r.driver_name ?? '', driverMobile: r.driver_mobile ?? '',
      paymentKind: r.payment_kind, cashTendered: r.cash_tendered, persons: r.persons, comment: r.comment,
      items, total: r.total, version: r.version, createdAt: r.created_at, updatedAt: r.updated_at,
    };
}

function rowAddress(r: Row): Address {
  return {
    city: r.addr_city, street: r.addr_street, house: r.addr_house, building: r.addr_building, flat: r.addr_flat,
    entrance: r.addr_entrance, floor: r.addr_floor, intercom: r.addr_intercom, postcode: r.addr_postcode,
    lat: r.addr_lat, lon: r.addr_lon, courierNote: r.courier_note,
  };
}

export function toSummary(r: SummaryRow): DeliverySummary {
  return {
    id: r.id, number: r.number, status: r.status, customerName: r.customer_name ?? '', phone: r.phone,
    address: formatAddress(rowAddress(r)), promisedAt: r.promised_at, total: r.total, driverName: r.driver_name ?? '',
    updatedAt: r.updated_at, unpaid: r.payment_kind === 'prepaid' ? 0 : r.total,
    handoff: r.ho_id === null ? null : {
      outboxId: r.ho_id, state: r.ho_state!, attempts: r.ho_attempts!, nextAttemptAt: r.ho_next!, lastError: r.ho_error ?? '',
      acknowledgedAt: r.ho_ack, version: r.ho_version!,
    },
  };
}
