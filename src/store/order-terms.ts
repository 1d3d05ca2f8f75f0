/**
 * What order-taking records on a delivery beyond the desk's save: the zone, fee and promised
 * time of the quote, a zone override with the operator who made it (the short number read to
 * the caller is given once, by Deliveries.createDraft, and never changed), the courier comment, delivery/pickup, cancelling with a reason, and the
 * confirmation calls of scheduled orders. Every write moves the delivery's version, so a desk
 * save from before it is merged with it field by field (src/store/delivery-merge.ts), never undoes it.
 */
import type { ScheduledDelivery } from '../domain/delivery.js';
import type { Db } from './db.js';
import type { DeliveryStatus } from '../domain/delivery.js';

export interface DeliveryTerms {
  id: number;
  number: string;
  status: DeliveryStatus;
  version: number;
  kind: 'delivery' | 'pickup';
  zoneId: number | null;
  zoneName: string;
  fee: number;
  deliveryMinutes: number | null;
  /** The refusal codes the dispatcher overrode ("OutOfZone,BelowMinimum"), with who and when. */
  zoneRefusal: string;
  overrideOperator: string;
  overrideAt: number | null;
  overrideNote: string;
  cancelReason: string;
  cancelNote: string;
  courierComment: string;
  confirmDueAt: number | null;
  confirmedAt: number | null;
}


/** A past line as repeat-order needs it: product and the choices by id and name. */
export interface PastLine {
  productId: number | null; name: string; size: string; sizeId: number | null; quantity: number; kitchenComment: string;
  modifiers: { name: string; price: number; modifierId?: number; groupId?: number }[];
}

export type TermsResult = { ok: true; terms: DeliveryTerms } | { ok: false; reason: string };

interface Row {
  id: number; number: string; status: DeliveryStatus; version: number; kind: 'delivery' | 'pickup'; zone_id: number | null; zone_name: string | null;
  fee: number; delivery_minutes: number | null; zone_refusal: string; override_operator: string | null; override_at: number | null;
  override_note: string; cancel_reason: string; cancel_note: string; courier_comment: string; confirm_due_at: number | null; confirmed_at: number | null;
}

const CLOSED_FOR_CHANGES = `('on-the-way','delivered','closed','cancelled')`;

export class OrderTerms {
  private get_; private quoteStmt; private overrideStmt; private courierStmt; private kindStmt; private cancelStmt;
  private scheduledStmt; private confirmStmt; private linesStmt;

  constructor(private db: Db) {
    this.get_ = db.prepare<[number], Row>(
      `SELECT d.id, d.number, d.status, d.version, d.kind, d.zone_id, z.name AS zone_name, d.fee, d.delivery_minutes, d.zone_refusal,
         o.name AS override_operator, d.override_at, d.override_note, d.cancel_reason, d.cancel_note, d.courier_comment,
         d.confirm_due_at, d.confirmed_at
       FROM deliveries d LEFT JOIN zones z ON z.id = d.zone_id LEFT JOIN operators o ON o.id = d.override_operator_id WHERE d.id = ?`);
    const guarded = `version = version + 1, updated_at = @now WHERE id = @id AND version = @version AND status NOT IN ${CLOSED_FOR_CHANGES}`;
    this.quoteStmt = db.prepare(
      `UPDATE deliveries SET zone_id = @zoneId, pos_id = COALESCE(@posId, pos_id), fee = @fee, delivery_minutes = @minutes,
         promised_at = @promisedAt, asap = @asap, confirm_due_at = @confirmDueAt, total = subtotal + @fee, ${guarded}`);
    this.overrideStmt = db.prepare(
      `UPDATE deliveries SET zone_refusal = @codes, override_operator_id = @operatorId, override_at = @now, override_note = @note, ${guarded}`);
    // a colleague's change elsewhere on the order is no conflict: the comment as the dispatcher found it is enough
    this.courierStmt = db.prepare(
      `UPDATE deliveries SET courier_comment = @text, version = version + 1, updated_at = @now
       WHERE id = @id AND (version = @version OR courier_comment = @before) AND status NOT IN ${CLOSED_FOR_CHANGES}`);
    this.kindStmt = db.prepare(
      `UPDATE deliveries SET kind = @kind, zone_id = CASE WHEN @kind = 'pickup' THEN NULL ELSE zone_id END,
         fee = CASE WHEN @kind = 'pickup' THEN 0 ELSE fee END, total = subtotal + CASE WHEN @kind = 'pickup' THEN 0 ELSE fee END,
         zone_refusal = CASE WHEN @kind = 'pickup' THEN '' ELSE zone_refusal END, ${guarded}`);
    this.cancelStmt = db.prepare(
      `UPDATE deliveries SET status = 'cancelled', cancel_reason = @reason, cancel_note = @note, ${guarded}`);
    this.scheduledStmt = db.prepare<[number], { id: number; number: string; phone: string; customer_name: string | null; promised_at: number; confirm_due_at: number | null; confirmed_at: number | null }>(
      `SELECT d.id, d.number, d.phone, c.name AS customer_name, d.promised_at, d.confirm_due_at, d.confirmed_at
       FROM deliveries d LEFT JOIN customers c ON c.id = d.customer_id
       WHERE d.asap = 0 AND d.promised_at IS NOT NULL AND d.status NOT IN ('delivered','closed','cancelled')
       ORDER BY d.promised_at, d.id LIMIT ?`);
    this.confirmStmt = db.prepare('UPDATE deliveries SET confirmed_at = @now, version = version + 1, updated_at = @now WHERE id = @id');
    this.linesStmt = db.prepare<[number], { product_id: number | null; name: string; size: string; size_id: number | null; modifiers: string; quantity: number; kitchen_comment: string }>(
      'SELECT product_id, name, size, size_id, modifiers, quantity, kitchen_comment FROM delivery_items WHERE delivery_id = ? ORDER BY position');
  }

  get(id: number): DeliveryTerms | null {
    const r = this.get_.get(id);
    return r ? toTerms(r) : null;
  }

  /** Record a quote's zone, outlet, fee and promised time on the delivery (total = subtotal + fee). */
  applyQuote(id: number, version: number, q: { zoneId: number | null; posId: number | null; fee: number; minutes: number | null; promisedAt: number | null; asap: boolean; confirmDueAt: number | null }, now = Date.now()): TermsResult {
    return this.write(id, () => this.quoteStmt.run({ id, version, now, ...q, asap: q.asap ? 1 : 0 }));
  }

  /** The dispatcher overrode zone refusals: which codes, by whom, when, and why. */
  recordOverride(id: number, version: number, codes: string[], operatorId: number | null, note = '', now = Date.now()): TermsResult {
    return this.write(id, () => this.overrideStmt.run({ id, version, now, codes: codes.join(','), operatorId, note }));
  }


  /**
   * The comment for the courier. `before` is the comment the dispatcher started from: written
   * over a newer version unless the comment itself was changed meanwhile.
   */
  setCourierComment(id: number, version: number, text: string, now = Date.now(), before: string | null = null): TermsResult {
    const r = this.write(id, () => this.courierStmt.run({ id, version, now, text, before }));
    const cur = r.ok || before === null ? null : this.get(id);
    if (!cur || cur.courierComment === before || CLOSED_FOR_CHANGES.includes(`'${cur.status}'`)) return r;
    return { ok: false, reason: `the courier comment of delivery ${cur.number} was changed by someone else to "${cur.courierComment}"` };
  }

  /** Delivery <-> pickup; pickup drops the zone and the fee (the address stays for history). */
  switchKind(id: number, version: number, kind: 'delivery' | 'pickup', now = Date.now()): TermsResult {
    return this.write(id, () => this.kindStmt.run({ id, version, now, kind }));
  }

  /** Cancel with a reason code (and text); refused once the courier has the order. */
  cancel(id: number, version: number, reason: string, note: string, now = Date.now()): TermsResult {
    return this.write(id, () => this.cancelStmt.run({ id, version, now, reason, note }));
  }

  /** Scheduled (not ASAP) unfinished deliveries, soonest first, with the confirmation calls due. */
  scheduled(now = Date.now(), limit = 100): ScheduledDelivery[] {
    return this.scheduledStmt.all(limit).map((r) => ({
      id: r.id, number: r.number, phone: r.phone, customerName: r.customer_name ?? '', promisedAt: r.promised_at,
      confirmDueAt: r.confirm_due_at, confirmedAt: r.confirmed_at, due: r.confirmed_at === null && r.confirm_due_at !== null && r.confirm_due_at <= now,
    }));
  }

  /** The caller confirmed a scheduled order on the phone. */
  markConfirmed(id: number, now = Date.now()): void {
    this.confirmStmt.run({ id, now });
  }

  /** A delivery's lines with the ids they were chosen by, for "repeat this order". */
  pastLines(id: number): PastLine[] {
    return this.linesStmt.all(id).map((r) => ({
      productId: r.product_id, name: r.name, size: r.size, sizeId: r.size_id, quantity: r.quantity, kitchenComment: r.kitchen_comment,
      modifiers: JSON.parse(r.modifiers),
    }));
  }

  private write(id: number, run: () => { changes: number }): TermsResult {
    return this.db.transaction((): TermsResult => {
      if (run().changes === 1) return { ok: true, terms: this.get(id)! };
      const now = this.get(id);
      if (!now) return { ok: false, reason: `delivery ${id} no longer exists` };
      if ((CLOSED_FOR_CHANGES.includes(`'${now.status}'`))) return { ok: false, reason: `delivery ${now.number} is ${now.status}: it can no longer change` };
      return { ok: false, reason: `delivery ${now.number} was changed by someone else (version ${now.version})` };
    }).immediate();
  }
}

function toTerms(r: Row): DeliveryTerms {
  return {
    id: r.id, number: r.number, status: r.status, version: r.version, kind: r.kind, zoneId: r.zone_id, zoneName: r.zone_name ?? '', fee: r.fee,
    deliveryMinutes: r.delivery_minutes, zoneRefusal: r.zone_refusal, overrideOperator: r.override_operator ?? '', overrideAt: r.override_at,
    overrideNote: r.override_note, cancelReason: r.cancel_reason, cancelNote: r.cancel_note, courierComment: r.courier_comment,
    confirmDueAt: r.confirm_due_at, confirmedAt: r.confirmed_at,
  };
}
