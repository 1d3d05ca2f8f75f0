/**
 * Deliveries on PostgreSQL (issue 17), first step: drafts with their short numbers, and every list
 * routing and the caller card read (unfinished for a number, open, a customer's recent ones). The
 * SQL of the lists and the row mapping are SQLite's own (src/store/deliveries.ts); saves with
 * optimistic versions come next (docs/architecture.md "PostgreSQL today").
 */
import type { DeliveryRepository } from '../ports.js';
import { FINISHED, SELECT, SUMMARY, toDelivery, toSummary, type ItemRow, type Row, type SummaryRow } from '../deliveries.js';
import { DEFAULT_TIMEZONE, localDay } from '../../domain/local-time.js';
import { orderNumber, outletCode } from '../../domain/lifecycle.js';
import { notYet } from './not-yet.js';
import type { PgDb, Queryable } from './pg-db.js';

export function pgDeliveries(db: PgDb): DeliveryRepository {
  const get = async (id: number, q: Queryable = db) => {
    const row = await q.row<Row>(`${SELECT} WHERE d.id = $1`, [id]);
    if (!row) return null;
    return toDelivery(row, await q.rows<ItemRow>('SELECT * FROM delivery_items WHERE delivery_id = $1 ORDER BY position', [id]));
  };
  /** The outlet's number of the day ("V-042"), else the desk's day sequence ("D-005"), counted in the desk's time zone. */
  const numberFor = async (q: Queryable, posId: number | null, now: number, timezone: string) => {
    const day = localDay(now, timezone);
    const outlet = posId ? await q.row<{ name: string; code: string }>('SELECT name, code FROM points_of_sale WHERE id = $1', [posId]) : null;
    if (outlet) {
      const { last } = (await q.row<{ last: number }>(
        `INSERT INTO order_numbers (pos_id, day, last) VALUES ($1, $2, 1)
         ON CONFLICT (pos_id, day) DO UPDATE SET last = order_numbers.last + 1 RETURNING last`, [posId, day]))!;
      return orderNumber(outletCode(outlet.code, outlet.name), last);
    }
    const { value } = (await q.row<{ value: string }>(
      `INSERT INTO settings (key, value) VALUES ($1, '1')
       ON CONFLICT (key) DO UPDATE SET value = (settings.value::bigint + 1)::text RETURNING value`, [`delivery-seq:${day}`]))!;
    return `D-${value.padStart(3, '0')}`;
  };
  const summaries = async (sql: string, params: unknown[]) => (await db.rows<SummaryRow>(sql, params)).map(toSummary);
  return {
    get: (id) => get(id),
    unfinishedFor: (phoneKey) => summaries(
      `${SUMMARY} WHERE d.phone_key = $1 AND d.status NOT IN ${FINISHED}
       ORDER BY d.promised_at IS NULL, d.promised_at, d.created_at, d.id LIMIT 20`, [phoneKey]),
    open: (limit = 200) => summaries(
      `${SUMMARY} WHERE d.status NOT IN ${FINISHED} ORDER BY d.promised_at IS NULL, d.promised_at, d.created_at DESC LIMIT $1`, [limit]),
    recentForCustomer: (customerId, limit = 5) => summaries(
      `${SUMMARY} WHERE d.customer_id = $1 ORDER BY d.created_at DESC, d.id DESC LIMIT $2`, [customerId, limit]),
    async count() {
      return (await db.row<{ n: number }>('SELECT COUNT(*) AS n FROM deliveries'))!.n;
    },
    createDraft: (d, now = Date.now()) => db.tx(async (q) => {
      const number = await numberFor(q, d.posId ?? null, now, d.timezone ?? DEFAULT_TIMEZONE);
      const a = d.address;
      const { id } = (await q.row<{ id: number }>(
        `INSERT INTO deliveries (number, customer_id, phone, phone_key, status, pos_id, operator_id,
           addr_city, addr_street, addr_house, addr_building, addr_flat, addr_entrance, addr_floor, addr_intercom,
           addr_postcode, addr_lat, addr_lon, courier_note, created_at, updated_at)
         VALUES ($1, $2, $3, $4, 'draft', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19) RETURNING id`,
        [number, d.customerId, d.phone, d.phoneKey, d.posId ?? null, d.operatorId ?? null,
          a?.city ?? '', a?.street ?? '', a?.house ?? '', a?.building ?? '', a?.flat ?? '', a?.entrance ?? '', a?.floor ?? '',
          a?.intercom ?? '', a?.postcode ?? '', a?.lat ?? null, a?.lon ?? null, a?.courierNote ?? '', now]))!;
      return (await get(id, q))!;
    }),
    save: notYet('deliveries', 'save'),
  };
}
