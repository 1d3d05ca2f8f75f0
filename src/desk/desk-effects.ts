/**
 * The desk's own effects on the store's ports and the phone, for the runner (src/desk/runner.ts):
 * the open orders, opening and saving an order, its status, cancelling, resending a failed one,
 * the menu search and the outlets, transfers, presence. Each answer goes back as an event; nothing
 * is decided here. Order-taking, the caller's card, the queue, callbacks, chats and the full
 * screens have their own effect files, which the runner names.
 */
import type { StorePorts } from '../store/ports.js';
import type { Phone } from '../telephony/phone.js';
import type { LogLine } from '../files/log-file.js';
import { saveAnswer, type DeskEvent, type Effect } from './events.js';

export type DeskEffect = Extract<Effect, {
  type: 'dial' | 'code-used' | 'load-list' | 'open-delivery' | 'save-delivery' | 'reload-delivery' | 'search-menu' | 'load-pos' | 'set-presence'
    | 'resend-order' | 'set-status' | 'transfer-start' | 'transfer-cancel' | 'transfer-settled' | 'cancel-delivery';
}>;

export interface DeskEffectContext {
  ports: StorePorts;
  phone: Phone;
  operator: { id: number | null; name: string; extension: string };
  consoleId: string;
  now: () => number;
  log?: LogLine;
  dispatch: (e: DeskEvent) => void;
  /** The relay's wake (a cancel or resend goes out at once, not at its next poll). */
  wakeRelay: () => void;
}

export async function runDeskEffect(c: DeskEffectContext, e: DeskEffect): Promise<void> {
  const { ports, phone } = c;
  switch (e.type) {
    case 'dial': {
      const callId = phone.dial(e.number);
      const lookup = await ports.lookupCaller(e.number);
      return c.dispatch({ type: 'dialed', callId, number: e.number, target: e.target, lookup, at: c.now(), ...(e.callbackItem !== undefined ? { callbackItem: e.callbackItem } : {}) });
    }
    case 'code-used': return ports.invitationCodes.markUsed(e.codeId, c.now());
    case 'load-list': return c.dispatch(await listLoaded(ports));
    case 'open-delivery': {
      const d = await ports.deliveries.get(e.id);
      if (!d) return c.dispatch({ type: 'error', text: `order ${e.id} no longer exists` });
      c.dispatch({ type: 'delivery-opened', delivery: d });
      return c.dispatch(await handoffOf(ports, d.id));
    }
    case 'save-delivery': return c.dispatch(saveAnswer(await ports.deliveries.save(e.delivery, c.now())));
    case 'reload-delivery':
      c.dispatch({ type: 'delivery-reloaded', delivery: await ports.deliveries.get(e.id) });
      return c.dispatch(await handoffOf(ports, e.id));
    case 'search-menu': return c.dispatch({ type: 'menu-results', query: e.query, results: await ports.catalog.searchProducts(e.query, 8, e.posId) });
    case 'load-pos': return c.dispatch({ type: 'pos-options', options: await ports.catalog.pointsOfSale() });
    case 'set-presence': return ports.presence.set(c.operator.name, e.presence, c.consoleId);
    case 'resend-order': return resend(c, e.outboxId, e.number);
    case 'set-status': {
      const r = await ports.deliveries.save({ ...e.delivery, status: e.status }, c.now());
      if (!r.ok) return c.dispatch(saveAnswer(r));
      // the caller confirmed on the phone: a scheduled order's confirmation call is done too
      if (e.status === 'confirmed') await ports.orderTerms.markConfirmed(r.delivery.id, c.now());
      const d = (await ports.deliveries.get(r.delivery.id)) ?? r.delivery;
      return c.dispatch({ type: 'delivery-status', delivery: d, text: `Order ${d.number} is now ${d.status === 'awaiting' ? 'awaiting confirmation' : d.status}` });
    }
    case 'transfer-start': return startTransfer(c, e);
    case 'transfer-cancel':
      phone.hangup(e.consultId);
      phone.mute(e.callId, false);
      if (e.transferId !== null) await ports.transfers.settle(e.transferId, 'cancelled', c.now());
      return;
    case 'transfer-settled':
      if (e.state === 'taken') return ports.transfers.take(e.transferId, c.operator.name, c.now());
      return ports.transfers.settle(e.transferId, e.state, c.now());
    case 'cancel-delivery': {
      // the same cancel as issue 7's: reason recorded, the point of sale told through the outbox
      const r = await ports.cancelDelivery(e.delivery.id, e.delivery.version, e.reason, e.note, c.now());
      if (!r.ok) return c.dispatch(saveAnswer(r));
      if (e.delivery.status !== 'draft') c.wakeRelay();
      const d = r.delivery;
      return c.dispatch({ type: 'delivery-status', delivery: d, text: `Order ${d.number} cancelled (${e.reason}${e.note ? `: ${e.note}` : ''})` });
    }
  }
}

/** The open orders and the failed hand-offs, as the store holds them now. */
export async function listLoaded(ports: StorePorts): Promise<DeskEvent> {
  const [orders, failures] = await Promise.all([ports.deliveries.open(), ports.outbox.failures()]);
  return { type: 'list-loaded', orders, failures };
}

/** Where the delivery's newest version is in the hand-off (queued, sending, acknowledged, failed and why), for the card. */
export async function handoffOf(ports: StorePorts, deliveryId: number): Promise<DeskEvent> {
  return { type: 'handoff', deliveryId, handoff: await ports.outbox.handoffOf(deliveryId) };
}

/** The transfer row first (its id travels with the call), then the REFER (blind) or the consultation call (attended). */
async function startTransfer(c: DeskEffectContext, e: Extract<Effect, { type: 'transfer-start' }>): Promise<void> {
  const { phone, operator } = c;
  let id: number | null = null;
  try {
    id = await c.ports.transfers.create({
      callRef: e.callId, caller: e.caller, callerKey: e.callerKey, deliveryId: e.deliveryId, customerId: e.customerId,
      fromOperator: operator.name, fromExtension: operator.extension, target: e.target, kind: e.kind, note: e.note, at: c.now(),
    });
  } catch (err) {
    // the call is handed over all the same; the colleague's console opens it by the caller's number only
    c.log?.(`transfer row not written: ${(err as Error).message}`, 'warn');
  }
  const tag = id === null ? {} : { tag: String(id) };
  if (e.kind === 'blind') {
    phone.transfer(e.callId, e.target, tag);
    return c.dispatch({ type: 'transfer-started', callId: e.callId, transferId: id, at: c.now() });
  }
  const consultId = phone.consult(e.callId, e.target, tag);
  c.dispatch({ type: 'transfer-started', callId: e.callId, transferId: id, consultId, at: c.now() });
}

/** The resend key: the failed order goes out again with the same key and a fresh run of retries. */
async function resend(c: DeskEffectContext, outboxId: number, number: string): Promise<void> {
  const r = await c.ports.outbox.resend(outboxId, c.now());
  if (!r.ok) return c.dispatch({ type: 'resent', ok: false, text: `${number}: ${r.reason}` });
  c.wakeRelay();
  const delivery = await c.ports.deliveries.get(r.row.deliveryId);
  c.dispatch({ type: 'resent', ok: true, delivery, text: `${number} sent again to ${r.row.posName || 'its point of sale'} (the same order: the POS takes it once)` });
  c.dispatch(await handoffOf(c.ports, r.row.deliveryId));
}
