/**
 * A status report from a point of sale, over HTTP or WebSocket: checked field by field,
 * mapped to a delivery status and applied forward only. Bad reports get a 4xx naming what
 * was wrong; nothing a POS sends can crash the relay.
 *
 *   {"orderId":"ringdesk-delivery-12","status":"on the way","driver":{"name":"Petr","phone":"+420777123456"}}
 */
import type { StorePorts } from '../store/ports.js';
import { normalisePhone, phoneKey } from '../domain/phone-number.js';
import { checkText, clipText } from '../domain/outside-text.js';
import { parsePosStatus, posStatusMeaning } from '../domain/pos-status.js';
import { receiveStopList } from './stop-list-intake.js';
import type { StatusReply } from './transport.js';
import type { LogLine } from '../files/log-file.js';

const ORDER_ID = /^ringdesk-delivery-(\d+)$/;

/** The order id a POS knows a delivery by (the payload's `id`). */
export function orderIdOf(deliveryId: number): string {
  return `ringdesk-delivery-${deliveryId}`;
}

/**
 * Anything a POS sends on its status channel: a stop-list update (`"type":"stop-list"`) or a
 * status report (`"type":"status"`, or no type, as HTTP callbacks have always been sent).
 */
export async function receivePosMessage(store: StorePorts, posId: number, message: unknown, log: LogLine = () => {}): Promise<StatusReply> {
  const type = message && typeof message === 'object' ? (message as Record<string, unknown>).type : undefined;
  if (type === 'stop-list') return receiveStopList(store, posId, message, log);
  if (type !== undefined && type !== 'status') {
    const error = `type ${JSON.stringify(type)?.slice(0, 80)} is not one of: status, stop-list`;
    log(`message refused: ${error}`, 'warn');
    return { code: 400, body: { error } };
  }
  return receiveStatus(store, posId, message, log);
}

export async function receiveStatus(store: StorePorts, posId: number, report: unknown, log: LogLine = () => {}): Promise<StatusReply> {
  const bad = (error: string): StatusReply => {
    log(`status report refused: ${error}`, 'warn');
    return { code: 400, body: { error } };
  };
  if (!report || typeof report !== 'object' || Array.isArray(report)) return bad('the body must be a JSON object');
  const r = report as Record<string, unknown>;
  const m = typeof r.orderId === 'string' ? ORDER_ID.exec(r.orderId) : null;
  if (!m) return bad(`orderId must be the order's id as sent, like "ringdesk-delivery-12"; got ${JSON.stringify(r.orderId)}`);
  const status = parsePosStatus(r.status);
  if (!status) return bad(`status ${JSON.stringify(r.status)} is not one of: ${Object.keys(posStatusMeaning).join(', ')}`);
  let driver: { name: string; mobile: string } | undefined;
  if (r.driver != null) {
    const d = r.driver as Record<string, unknown>;
    if (typeof d !== 'object' || typeof d.name !== 'string') return bad('driver must be an object with a name (and a phone)');
    if (d.phone != null && typeof d.phone !== 'string') return bad('driver.phone must be a string');
    // a driver's name reaches every dispatcher's screen: no escape sequences, a sane length
    const name = checkText(d.name, 'name');
    if (!name.ok) return bad(`driver.name: ${name.reason}`);
    if (name.text.trim() === '') return bad('driver must be an object with a name (and a phone)');
    const typed = checkText((d.phone as string | undefined) ?? '', 'phone');
    if (!typed.ok) return bad(`driver.phone: ${typed.reason}`);
    driver = { name: name.text.trim(), mobile: phoneKey(normalisePhone(typed.text, store.region)) ?? '' };
  }
  if (r.reason != null && typeof r.reason !== 'string') return bad(`reason must be text, got ${JSON.stringify(r.reason)?.slice(0, 80)}`);
  const reason = typeof r.reason === 'string' ? clipText(r.reason, 'reason') : undefined;
  const deliveryId = Number(m[1]);
  const out = await store.pointsOfSale.recordStatus(posId, { deliveryId, status, driver, reason });
  // the POS reports on the order, so it has it: an order the desk marked failed is reconciled
  if ((out.kind === 'applied' || out.kind === 'ignored') && await store.outbox.reconcileWithStatus(deliveryId, String(r.status))) {
    log(`${out.delivery.number}: the POS reported "${String(r.status)}" on an order marked failed; acknowledged after all`);
  }
  switch (out.kind) {
    case 'unknown-delivery':
      log(`status "${String(r.status)}" for unknown delivery ${r.orderId} from point of sale #${posId}; refused`, 'warn');
      return { code: 404, body: { error: `unknown delivery ${r.orderId}` } };
    case 'other-point-of-sale':
      log(`status for ${r.orderId} (${out.delivery.number}) from point of sale #${posId}, which does not have it; refused`, 'warn');
      return { code: 403, body: { error: `delivery ${r.orderId} is not assigned to this point of sale` } };
    case 'ignored':
      return { code: 200, body: { applied: false, status: out.delivery.status, reason: out.reason } };
    case 'applied':
      log(`${out.delivery.number}: ${out.delivery.status}${out.delivery.driverName ? `, driver ${out.delivery.driverName}` : ''}`);
      return { code: 200, body: { applied: true, status: out.delivery.status } };
  }
}
