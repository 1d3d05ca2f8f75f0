/** The dispatcher's state: everything the views show, nothing they compute from a database. */
import type { CallPhase } from '../telephony/call-state.js';
import type { EndReason, HeadsetState, RegistrationState, TransferProgress } from '../telephony/phone.js';
import type { PhoneNumber } from '../domain/phone-number.js';
import type { CallerLookup } from '../domain/caller.js';
import type { Category, Customer } from '../domain/customer.js';
import type { Delivery, DeliverySummary, FailedHandoff, Handoff } from '../domain/delivery.js';
import type { Product, PointOfSale } from '../domain/catalog.js';
import type { AddressField } from '../domain/address.js';
import type { CancelCode } from '../domain/lifecycle.js';
import type { OrderDesk, OrderEditField, OrderModal, ScheduledView } from './orders.js';
import type { Draft } from './drafts.js';
import type { CustomersScreenState } from './customers-screen.js';
import type { CallsScreenState } from './calls-screen.js';
import type { QueueView, RedirectTarget } from './queue-keys.js';
import { initialChats, type ChatDesk } from './chat-desk.js';
import type { CannedReply } from '../domain/canned-reply.js';
import type { WhatsAppTemplate } from '../domain/whatsapp-template.js';
import type { EditableField } from '../customers/customer-desk.js';
import { availableSince, presenceNow, type OperatorPresence, type Presence } from '../domain/presence.js';
import { defaultCapacity, DEFAULT_WRAP_UP_S, offerRefusal, type Capacity, type Load, type OfferKind } from '../domain/capacity.js';

export interface DeskCall {
  id: string;
  direction: 'incoming' | 'outgoing';
  /** Caller ID as the network gave it, or the number dialled. */
  remote: string;
  number: PhoneNumber;
  phase: CallPhase;
  muted: boolean;
  startedAt: number;
  answeredAt: number | null;
  /** An outgoing call that dials a callback (D): the work item whose outcome its end records. */
  callbackItem?: number;
  /** What the number finds (incoming calls; outgoing: the target's card when known). */
  lookup: CallerLookup | null;
  /** The dispatcher pressed "ignore": ringing on, banner hidden (W lists it, b brings it back). */
  hidden: boolean;
  /** The desk asked the phone to answer it (a key or auto-answer): it is the call being taken, not a banner any more. */
  answering?: boolean;
  /** The desk asked the phone to reject it (r, or spam rejected automatically): logged as rejected, off the banner at once. */
  rejecting?: boolean;
  /** How the dispatcher answered: S2 routing, S1 "new order" (skips unfinished deliveries), or S1 "attach to the open order". */
  answerMode: 'route' | 'new' | 'attach';
  /** Desk-phone mode: picked up on the operator's desk phone; paused and ended there, not here. */
  onDeskPhone?: boolean;
  /** Outgoing: who is being called. */
  target?: 'customer' | 'driver';
  /** Incoming: the group it was routed to (the PBX's header, an IVR digit, the number dialled); null: any operator. */
  group?: string | null;
  /** Incoming with an invitation code (X-Ringdesk-Code): whom it rings for — the code's dispatcher, or its fallback group. */
  reservedFor?: CallReservation;
  /** The invitation code it came with (its number): spent when the call is answered. */
  codeId?: number;
  spam: boolean;
  /** This call is being handed to a colleague or a number (src/desk/transfer-keys.ts). */
  transfer?: OutgoingTransfer;
  /** Outgoing: the consultation call of an attended transfer of that call. */
  consultFor?: string;
  /** A colleague handed this call here: who, their note, and the order it is about. */
  transferredIn?: IncomingTransfer;
  /** The call that took this one's place (an attended transfer's INVITE with Replaces): it ends quietly. */
  replacedBy?: string;
  /**
   * Recorded (issue 18): the caller first hears "this call may be recorded" (`announcing`, the dispatcher not yet connected), then `on`;
   * `failed` when the recording's file could not be made or written (the call goes on unrecorded; the message line said why).
   */
  recording?: 'announcing' | 'on' | 'failed';
}

/** Whom a call with an invitation code rings for (src/callbacks/code-route.ts): one operator, or a group. */
export type CallReservation = { operator: string } | { groupId: number; group: string };

/** A transfer this desk is making: blind (REFER) or attended (consult first), and how far it got. */
export interface OutgoingTransfer {
  kind: 'blind' | 'attended';
  /** The extension or number, as typed. */
  target: string;
  note: string;
  /** The store's transfer row (src/store/transfers.ts) once written; it travels as X-Ringdesk-Transfer. */
  transferId: number | null;
  /** null: the consultation still rings/talks (attended, before J). */
  progress: TransferProgress | null;
  detail?: string;
  consultId?: string;
}

/** What a receiving console knows of a call a colleague transferred to it (src/store/transfers.ts). */
export interface IncomingTransfer {
  id: number;
  fromOperator: string;
  note: string;
  deliveryId: number | null;
  customerId: number | null;
}

export type Modal =
  | { kind: 'chooser'; callId: string | null; phone: string; customers: Customer[]; index: number }
  | { kind: 'edit'; field: AddressField | 'comment' | 'phone' | OrderEditField; label: string; value: string }
  | { kind: 'menu'; query: string; results: Product[]; index: number }
  | { kind: 'pos'; options: PointOfSale[]; index: number }
  /** The ? overlay; `index` is its highlighted row (it scrolls to keep it in view). */
  | { kind: 'help'; index: number }
  /** Every call waiting (ignored ones included), to answer, bring back to the banner or reject any of them. */
  | { kind: 'waiting'; index: number }
  /** Q: the queue every console shares (calls, callbacks, chats), the longest waiting first, with a preview of the one chosen. */
  | { kind: 'queue'; index: number }
  /** r in the queue: hand the item to an operator or a group, with a note that travels with it. */
  | { kind: 'redirect'; itemId: number; label: string; targets: RedirectTarget[]; index: number; note: string }
  | { kind: 'confirm-quit' }
  /** The status in full (M): the PBX and headset state with their reasons, the last messages. */
  | { kind: 'status' }
  /** Order-taking (issue 7): a zone, saved address or past order to pick; sizes and modifiers. */
  | OrderModal
  /** S1 "+ add customer": the short form for the caller's number. */
  | { kind: 'customer-form'; phone: string; fields: NewCustomerFields; index: number }
  /** The caller's note or warning (S5), written to their card. */
  | { kind: 'customer-note'; customerId: number; customerName: string; value: string }
  /** The caller's category (S5): a digit or Enter sets it. */
  | { kind: 'category'; customerId: number; customerName: string; current: Category; index: number }
  /** Transfer the call (X blind, J attended): the extension or number, and a note for the colleague. */
  | { kind: 'transfer'; mode: 'blind' | 'attended'; callId: string; target: string; note: string; field: 'target' | 'note' }
  /** Call back later (Z): when (a time; empty = as soon as possible) and a note; the callback joins the queue. */
  | { kind: 'callback'; phone: string; name: string; callRef: string; when: string; note: string; field: 'when' | 'note' }
  /** Cancel the open delivery: a reason from the list; "other" needs a few words. */
  | { kind: 'cancel'; deliveryId: number; number: string; index: number; note: string; reasons: { code: CancelCode; label: string }[] }
  /** The chat console's lists (src/desk/chat-desk.ts): a canned reply, the customer to link, the chat's category. */
  | { kind: 'chat-pick'; purpose: 'canned' | 'template' | 'link' | 'category'; title: string; options: { label: string; value: string }[]; index: number }
  /** The chat console's client card, edited in place and written straight through to the customer. */
  | { kind: 'client-edit'; customerId: number; index: number; fields: Record<EditableField, string>; before: Record<EditableField, string> };

export interface NewCustomerFields { name: string; company: string; note: string }
export const newCustomerFields = ['name', 'company', 'note'] as const;

export type Pane = 'address' | 'items';

export interface DeskState {
  now: number;
  operator: { name: string; extension: string };
  currency: string;
  region: string;
  registration: { state: RegistrationState; reason?: string };
  headset: { state: HeadsetState; reason?: string };
  /** Live calls (ringing, answered, paused, dialling); ended ones leave. */
  calls: DeskCall[];
  /** The open-orders list, the delivery card, or one of the full screens (S5 customers, the call log). */
  screen: 'list' | 'delivery' | 'customers' | 'calls' | 'chats';
  openOrders: DeliverySummary[];
  listIndex: number;
  /** The delivery open on the card (draft or sent). */
  delivery: Delivery | null;
  /** Where the open delivery's newest version is in the hand-off to the point of sale (from the outbox). */
  handoff: { deliveryId: number; handoff: Handoff | null } | null;
  /** Orders the POS does not have and will not get without a dispatcher: every console shows them loudly. */
  failedOrders: FailedHandoff[];
  pane: Pane;
  addressIndex: number;
  itemIndex: number;
  modal: Modal | null;
  message: { kind: 'info' | 'error'; text: string } | null;
  /** The last messages, newest first, with when they were said (M shows them whole; the message line is one row). */
  messageLog: { at: number; kind: 'info' | 'error'; text: string }[];
  size: { columns: number; rows: number };
  /** Last call that ended, for the status line ("caller hung up"). */
  lastEnded: { remote: string; reason: EndReason } | null;
  quitting: boolean;
  /** Order-taking on the open card (issue 7): quote, terms, zone/override choice, saved addresses, past orders. */
  order: OrderDesk;
  /** The list screen shows the open orders, or the scheduled ones apart. */
  listView: 'open' | 'scheduled';
  /** `/` on the list: what narrows it, and whether it is being typed now (list-search.ts). */
  listSearch: { query: string; typing: boolean } | null;
  scheduled: ScheduledView;
  /** Config rejectSpam: calls from spam-only numbers are rejected while they ring (and logged). */
  rejectSpam: boolean;
  /** Text of a dialog just closed to write it, until the write answers: a refused write brings it back (src/desk/drafts.ts). */
  unsaved: Draft | null;
  /** The customers screen (S5) while it is open: its panes, search, inline edit and data (src/desk/customers-screen.ts). */
  customersScreen: CustomersScreenState | null;
  /** The calls screen while it is open: its tab, search and the call log read (src/desk/calls-screen.ts). */
  callsScreen: CallsScreenState | null;
  /** The waiting call the dispatcher brought to the banner (W, b); null: the oldest one shows. */
  bannerCallId: string | null;
  /** Config autoAnswerMs: answer the banner's call after this many ms when no call is on (tests, benchmarks); -1 never. */
  autoAnswerMs: number;
  /** The queue every console on the box shares (issue 15), as the store last said (src/desk/queue-keys.ts). */
  queue: QueueView;
  /** This operator's presence, the colleagues' (every console's, by name), and the capacity the supervisor set (src/desk/presence-keys.ts). */
  presence: DeskPresence;
  /** The chat console (issue 16, S5): conversations, the one in front, replies being typed (src/desk/chat-desk.ts). */
  chats: ChatDesk;
}

export interface DeskPresence {
  mine: Presence;
  team: OperatorPresence[];
  capacity: Capacity;
  /** Wrap-up after a conversation (0: none). */
  wrapUpMs: number;
}

export function initialState(p: { operator: string; extension: string; currency: string; region: string; now: number; columns?: number; rows?: number; rejectSpam?: boolean; autoAnswerMs?: number; cannedReplies?: readonly CannedReply[]; whatsappTemplates?: readonly WhatsAppTemplate[] }): DeskState {
  return {
    now: p.now,
    operator: { name: p.operator, extension: p.extension },
    currency: p.currency,
    region: p.region,
    registration: { state: 'offline' },
    headset: { state: 'none' },
    calls: [],
    screen: 'list',
    openOrders: [],
    listIndex: 0,
    delivery: null,
    handoff: null,
    failedOrders: [],
    pane: 'address',
    addressIndex: 0,
    itemIndex: 0,
    modal: null,
    message: null,
    messageLog: [],
    size: { columns: p.columns ?? 80, rows: p.rows ?? 24 },
    lastEnded: null,
    quitting: false,
    order: { deliveryId: null, choice: { zone: null, override: false }, card: null, addresses: [], past: [] },
    listView: 'open',
    listSearch: null,
    scheduled: { list: [], index: 0 },
    rejectSpam: p.rejectSpam ?? false,
    unsaved: null,
    customersScreen: null,
    callsScreen: null,
    bannerCallId: null,
    autoAnswerMs: p.autoAnswerMs ?? -1,
    queue: { items: [], mine: [], myGroups: [], targets: [], preview: null, mail: { toSend: 0, sent: 0, failed: 0 } },
    presence: { mine: availableSince(p.now), team: [], capacity: defaultCapacity, wrapUpMs: DEFAULT_WRAP_UP_S * 1000 },
    chats: initialChats(p.cannedReplies, p.whatsappTemplates),
  };
}

/** An incoming call still ringing here that the desk has not asked the phone to answer or reject. */
const isWaiting = (c: DeskCall) => c.direction === 'incoming' && c.phase === 'ringing' && !c.answering && !c.rejecting;
/**
 * The call the banner shows: the one the dispatcher brought back (W, b), else the oldest waiting
 * call not ignored. None while the operator is not available (break, wrap-up, offline): the calls
 * wait (W lists them) and are not offered.
 */
export function ringingCall(s: DeskState): DeskCall | undefined {
  if (presenceNow(s.presence.mine, s.now) !== 'available') return undefined;
  // a call with someone else's invitation code is not offered here (W lists it, for whom)
  const shown = (c: DeskCall) => isWaiting(c) && !c.hidden && !reservedElsewhere(s, c);
  return s.calls.find((c) => c.id === s.bannerCallId && shown(c)) ?? s.calls.find(shown);
}
/** Why this call is not for this operator (an invitation code's dispatcher or group), or null. */
export function reservedElsewhere(s: DeskState, c: DeskCall): string | null {
  const r = c.reservedFor;
  if (!r) return null;
  if ('operator' in r) return r.operator === s.operator.name ? null : `for ${r.operator} (invitation code)`;
  return s.queue.myGroups.includes(r.groupId) ? null : `for group ${r.group} (invitation code)`;
}
/** The call the dispatcher is on (answered, paused, being answered), or dialling out. */
export function activeCall(s: DeskState): DeskCall | undefined {
  return s.calls.find((c) => !c.consultFor && ( c.phase === 'answered' || c.phase === 'paused' || c.phase === 'dialing' || (c.direction === 'outgoing' && c.phase === 'ringing')
    || (c.direction === 'incoming' && c.phase === 'ringing' && c.answering)));
}
/** The consultation call of an attended transfer of `call`, if one is on. */
export function consultOf(s: DeskState, call: DeskCall | undefined): DeskCall | undefined {
  return call ? s.calls.find((c) => c.consultFor === call.id) : undefined;
}
/**
 * What this operator has on now, for the capacity matrix: a voice conversation (a call, or a
 * callback being dialled) and the chats they accepted from the queue.
 */
export function loadOf(s: DeskState): Load {
  return { voice: activeCall(s) ? 1 : 0, chats: s.queue.mine.filter((i) => i.kind === 'chat').length };
}
/**
 * Why an item of `kind` is not offered to this operator now, nor taken by them (the queue's
 * accept, D, the banner's and W's answer), or null: the one capacity matrix over their presence
 * and what they have on (src/domain/capacity.ts).
 */
export function takeRefusal(s: DeskState, kind: OfferKind): string | null {
  return offerRefusal(s.presence.mine, s.presence.capacity, loadOf(s), kind, s.now);
}
/** Why a call is not offered to this operator now (no bell, no auto-answer), or null. */
export function callOfferRefusal(s: DeskState): string | null {
  return takeRefusal(s, 'call');
}
/** Every incoming call waiting for the dispatcher, oldest first; ignored ones included. */
export function waitingCalls(s: DeskState): DeskCall[] {
  return s.calls.filter(isWaiting);
}
/** The full screens (customers, calls): they take the whole body; the desk keeps the banner and the call above them. */
export function onFullScreen(s: DeskState): boolean {
  return s.screen === 'customers' || s.screen === 'calls';
}
/** A full screen's own keys (by pane or tab) are read, unless a call rings (the banner's keys win) or a dialog is open. */
export function fullScreenHasKeys(s: DeskState): boolean {
  return onFullScreen(s) && !ringingCall(s) && !s.modal;
}

/** An order waiting for its next try shows the seconds to it ("sending #3 · 12 s"). */
const retrying = (h: { state: string; attempts: number } | null | undefined) => !!h && h.state === 'queued' && h.attempts > 0;

/**
 * Something on screen counts seconds: a call's timer (on a call, ringing, waiting in the list)
 * or an order's next try. Otherwise the desk's clock moves by the minute (src/desk/desk-clock.ts).
 */
export function countsSeconds(s: DeskState): boolean {
  return s.calls.length > 0 || listCountsSeconds(s) || retrying(s.handoff?.handoff) || presenceNow(s.presence.mine, s.now) === 'wrap-up';
}

/** The open-orders list counts seconds only while one of its orders waits for its next try. */
export function listCountsSeconds(s: DeskState): boolean {
  return s.openOrders.some((o) => retrying(o.handoff));
}
