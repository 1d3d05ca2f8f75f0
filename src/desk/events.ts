/** What flows into the desk (events) and out of it (effects): plain data, so replay is a list of events. */
import type { CallbackDialog } from './callback-keys.js';
import type { PhoneEvent } from '../telephony/phone.js';
import type { CallerLookup } from '../domain/caller.js';
import type { CallOutcome } from '../domain/call-record.js';
import type { CallFigures } from '../domain/call-figures.js';
import type { Category, Customer } from '../domain/customer.js';
import type { Address } from '../domain/address.js';
import type { Delivery, DeliverySummary, FailedHandoff, Handoff } from '../domain/delivery.js';
import type { CallGroup, DeskList, FieldConflict, SaveResult } from '../store/ports.js';
import type { WorkItemEntry } from '../domain/work-item.js';
import type { PointOfSale, Product } from '../domain/catalog.js';
import type { CancelCode } from '../domain/lifecycle.js';
import type { CallReservation, IncomingTransfer, NewCustomerFields } from './state.js';
import type { DeskSession, Draft } from './drafts.js';
import type { CustomersEffect, CustomersEvent } from './customers-screen.js';
import type { CallsEffect, CallsEvent } from './calls-screen.js';

/** An incoming call's invitation code as the store resolved it: the code, and whom it rings for (none: anyone). */
export interface CallCode { codeId: number; reservedFor: CallReservation | null }
import type { OrderEffect, OrderEvent } from './orders.js';
import type { QueueEffect, QueueEvent } from './queue-keys.js';
import type { ChatEffect, ChatEvent } from './chat-desk.js';
import type { OperatorPresence, Presence } from '../domain/presence.js';
import type { Capacity } from '../domain/capacity.js';
import type { OrderChoice } from '../orders/apply-quote.js';

/** An address a new order may start from, with the outlet its zone gives (null: no zone). */
export interface PrefillSource { address: Address; outlet: number | null }

export type DeskEvent =
  | { type: 'tick'; now: number }
  | { type: 'resize'; columns: number; rows: number }
  | { type: 'key'; key: string }
  /** Keys from the terminal, in the order one chunk brought them (a paste, SSH batching, a fast typist). */
  | { type: 'keys'; keys: string[] }
  /** A phone event; incoming calls arrive with what their number finds (and a colleague's transfer it belongs to, the group it was routed to). */
  | { type: 'phone'; event: PhoneEvent; lookup?: CallerLookup; transfer?: IncomingTransfer | null; group?: CallGroup | null; code?: CallCode | null }
  /** The transfer row was written (its id travels with the call); `consultId`: the consultation placed (attended). */
  | { type: 'transfer-started'; callId: string; transferId: number | null; consultId?: string; at: number }
  /** An outgoing call placed at `at` (the runner's clock when it dialled, not the last tick's). */
  | { type: 'dialed'; callId: string; number: string; target: 'customer' | 'driver'; lookup: CallerLookup; at: number; callbackItem?: number }
  /** Callbacks (src/desk/callback-keys.ts): the dialog's text could not be taken; one was made or dialled; the next due one is accepted. */
  | { type: 'callback-refused'; reason: string; dialog: CallbackDialog }
  | { type: 'callback-made'; text: string }
  | { type: 'callback-accepted'; itemId: number; phone: string; text: string }
  /** This desk recorded these callbacks as expired (past their expiry). */
  | { type: 'callbacks-expired'; itemIds: number[] }
  /** The open orders, and the orders the POS does not have (shown loudly in every console). */
  | { type: 'list-loaded'; orders: DeliverySummary[]; failures?: FailedHandoff[] }
  | { type: 'delivery-opened'; delivery: Delivery; note?: string }
  /** The console starts again (after a quit or a crash): what it had open and anything half-typed. */
  | { type: 'session-restored'; delivery: Delivery | null; draft: Draft | null }
  /** Written; `merged`: fields a colleague changed meanwhile, kept beside this change. */
  | { type: 'delivery-saved'; delivery: Delivery; merged?: string[] }
  /** Refused: what is there now; `conflicts`: the fields changed both ways. */
  | { type: 'delivery-stale'; current: Delivery | null; reason: string; conflicts?: FieldConflict[] }
  | { type: 'delivery-sent'; delivery: Delivery }
  /** A send, saved and quoted afresh: the lines sold out or off the menu and the quote's first refusal; the desk decides (`sendRefusal`). */
  | { type: 'send-quoted'; delivery: Delivery; stopped: string[]; refusal: string | null; handoff: Handoff | null }
  /** What a new order can start from: the caller's saved address and last order, each with the outlet its zone gives. */
  | { type: 'new-order-facts'; customerId: number | null; customerName: string; phone: string; phoneKey: string | null; saved: PrefillSource | null; last: (PrefillSource & { posId: number | null }) | null; onlyOutlet: number | null }
  | { type: 'delivery-reloaded'; delivery: Delivery | null }
  | { type: 'menu-results'; query: string; results: Product[] }
  | { type: 'pos-options'; options: PointOfSale[] }
  | { type: 'edit-change'; value: string }
  | { type: 'menu-query'; query: string }
  /**
   * Another connection committed (the commit watch, the relay, a fixture's colleague). `lists`:
   * which of the desk's lists it moved (the change feed's per-list counters; none: a note, the
   * call log, a heartbeat); without it every list is read again.
   */
  | { type: 'store-changed'; lists?: Readonly<Record<DeskList, boolean>> }
  /** Where the open delivery's newest version is in the hand-off to the POS (null: never sent). */
  | { type: 'handoff'; deliveryId: number; handoff: Handoff | null }
  /** A failed order went out again (same key), or could not. */
  | { type: 'resent'; text: string; ok: boolean; delivery?: Delivery | null }
  | { type: 'error'; text: string }
  /** Order-taking (issue 7): quotes, products with their choices, zones, the scheduled list. */
  | OrderEvent
  /** A customer card read for the note or category editor (null: gone). */
  | { type: 'customer-loaded'; customer: Customer | null; purpose: 'note' | 'category' }
  /** A customer edit was written (refusal null) or refused; `added` when a new card was made. */
  | { type: 'customer-changed'; refusal: string | null; text: string; added?: Customer }
  /** What each live call's number finds now (after a customer edit). */
  | { type: 'callers-refreshed'; lookups: { callId: string; lookup: CallerLookup }[] }
  /** A status key's change (or a cancel with its reason) was written. */
  | { type: 'delivery-status'; delivery: Delivery; text: string }
  /** Open a delivery from elsewhere (the customers screen's history). */
  | { type: 'open-order'; id: number }
  /** The full screens' data: the customer base and the call log answered (src/desk/customers-screen.ts, calls-screen.ts). */
  | CustomersEvent | CallsEvent
  /** Every operator's presence as the database has it (at start, and when a colleague's changed); `limits` once at start. */
  | { type: 'presence-loaded'; team: OperatorPresence[]; limits?: { capacity: Capacity; wrapUpMs: number } }
  /** autoAnswerMs after a call began waiting (or the call before it ended): answer it, as a dispatcher would, if nothing else is on. */
  | { type: 'auto-answer'; callId: string }
  /** The queue (issue 15): loaded, an item previewed, taken, handed on or finished (src/desk/queue-keys.ts). */
  | QueueEvent
  /** The chat console (issue 16): src/desk/chat-desk.ts (its keys: chat-keys.ts). */
  | ChatEvent;

export type CallLog =
  /** `entry`: how an incoming call came in (the IVR digit, the number dialled, a code), `reservedFor`: whom a code rings it for — for its work item. */
  | { op: 'start'; callRef: string; direction: 'incoming' | 'outgoing'; remote: string; remoteKey: string | null; customerId: number | null; at: number; group?: string; entry?: WorkItemEntry; reservedFor?: CallReservation }
  /** `deskPhone`: answered on the desk phone (its audio never passes the console: no figures). */
  | { op: 'answered'; callRef: string; at: number; deskPhone?: true }
  | { op: 'ended'; callRef: string; outcome: CallOutcome; at: number }
  | { op: 'link'; callRef: string; customerId: number | null; deliveryId: number | null }
  /** The call's figures from its audio, stored beside its row (after it ended). */
  | { op: 'figures'; callRef: string; figures: CallFigures }
  /** Answered with recording on: where its WAV is written (issue 18). */
  | { op: 'recorded'; callRef: string; file: string };

export type Effect =
  | { type: 'answer'; callId: string }
  | { type: 'reject'; callId: string }
  | { type: 'hangup'; callId: string }
  | { type: 'mute'; callId: string; muted: boolean }
  /** Call the operator's headset now (issue 8). */
  | { type: 'connect-headset' }
  | { type: 'dial'; number: string; target: 'customer' | 'driver'; callbackItem?: number }
  | { type: 'callback-create'; phone: string; name: string; callRef: string; when: string; note: string }
  | { type: 'callback-next' }
  /** Enter on a callback in the queue: accept that one and dial it (agent first). */
  | { type: 'callback-take'; itemId: number }
  /** The desk's clock moved while callbacks wait: those past their expiry are expired (recorded). */
  | { type: 'expire-callbacks' }
  /** I: a one-off invitation code for this dispatcher, shown once on the message line. */
  | { type: 'code-create' }
  | { type: 'callback-outcome'; itemId: number; reached: boolean; callRef: string }
  /** Feed `event` back into the desk once the effects before this one have run (the rest of a chunk of keys). */
  | { type: 'next'; event: DeskEvent }
  /** A call with an invitation code was answered here: the code is used once more (a one-off one is spent). */
  | { type: 'code-used'; codeId: number }
  /** Feed `event` back into the desk after `ms` (auto-answer); cleared when the runner is disposed. */
  | { type: 'after'; ms: number; event: DeskEvent }
  | { type: 'bell' }
  | { type: 'log-call'; entry: CallLog }
  | { type: 'load-list' }
  | { type: 'open-delivery'; id: number }
  /** `location`: where a chat's client said they are (a Telegram location): the new order's address gets it. */
  | { type: 'create-delivery'; customerId: number | null; phone: string; location?: { lat: number; lon: number } }
  | { type: 'save-delivery'; delivery: Delivery }
  /** Save and quote afresh with the zone or override chosen on the card, then `send-quoted`. */
  | { type: 'send-delivery'; delivery: Delivery; choice: OrderChoice }
  /** The send was not refused: status change and outbox row in one transaction. */
  | { type: 'hand-to-pos'; delivery: Delivery }
  /** Create the draft as the desk chose it (address and outlet prefilled). */
  | { type: 'create-draft'; customerId: number | null; customerName: string; phone: string; phoneKey: string | null; address: Address | undefined; posId: number | null }
  | { type: 'reload-delivery'; id: number }
  /** The menu as the order's outlet sees it: sold out there or everywhere (null: no outlet yet, only stops everywhere). */
  | { type: 'search-menu'; query: string; posId: number | null }
  | { type: 'load-pos' }
  /** Remember what is open and anything half-typed (src/desk/drafts.ts) so a crash loses nothing. */
  | { type: 'save-session'; session: DeskSession }
  | { type: 'quit' }
  /** Order-taking (issue 7), carried out by src/desk/order-effects.ts. */
  | OrderEffect
  | { type: 'add-customer'; fields: NewCustomerFields; phone: string }
  | { type: 'add-number'; customerId: number; phone: string }
  | { type: 'load-customer'; customerId: number; purpose: 'note' | 'category' }
  | { type: 'update-customer'; customerId: number; change: { field: 'note'; value: string } | { field: 'category'; value: Category } }
  /** Re-read what the live calls' numbers find, so the caller card shows an edit at once. */
  | { type: 'refresh-callers' }
  | { type: 'set-status'; delivery: Delivery; status: 'awaiting' | 'confirmed' | 'delivered' }
  | { type: 'cancel-delivery'; delivery: Delivery; reason: CancelCode; note: string }
  /** A failed order goes to its POS again: same key, a fresh run of retries. */
  | { type: 'resend-order'; outboxId: number; number: string }
  /** Write the transfer row (src/store/transfers.ts), then REFER (blind) or call the target (attended). */
  | { type: 'transfer-start'; callId: string; kind: 'blind' | 'attended'; target: string; note: string; caller: string; callerKey: string | null; deliveryId: number | null; customerId: number | null }
  /** Attended: REFER the caller to the consulted colleague (Replaces). */
  | { type: 'transfer-complete'; callId: string; consultId: string; transferId: number | null }
  /** Attended, given up: the consultation is hung up, the caller resumed, the row says cancelled. */
  | { type: 'transfer-cancel'; callId: string; consultId: string; transferId: number | null }
  /** The transfer row's outcome (answered / bridged / failed), or a receiving console took it. */
  | { type: 'transfer-settled'; transferId: number; state: 'completed' | 'bridged' | 'failed' | 'taken' }
  /** This operator's presence changed (the key, a wrap-up after a call): written for every console to see. */
  | { type: 'set-presence'; presence: Presence }
  /** A line for the diagnostics log (never the screen), e.g. a spam call rejected automatically. */
  | { type: 'log'; text: string }
  /** The queue (issue 15), carried out by src/desk/queue-effects.ts. */
  | QueueEffect
  /** The full screens (customers, calls), carried out by src/desk/screen-effects.ts. */
  | CustomersEffect | CallsEffect
  /** The chat console (issue 16), carried out by src/desk/chat-effects.ts. */
  | ChatEffect;

/** The event a store save answers with. */
export function saveAnswer(r: SaveResult): DeskEvent {
  return r.ok ? { type: 'delivery-saved', delivery: r.delivery, merged: r.merged } : { type: 'delivery-stale', current: r.current, reason: r.reason, conflicts: r.conflicts };
}
