/**
 * The store's ports: what the desk, the commands, the relays and the replay player may ask of
 * persistence, written as interfaces a database engine implements. SQLite (better-sqlite3,
 * src/store/sqlite-ports.ts) is the one engine today; PostgreSQL (node-postgres, issue 17) is next.
 *
 * Every method returns a Promise, because a network engine must go to its server for the answer
 * (node-postgres has no synchronous calls); SQLite answers at once underneath, with a Promise
 * already resolved. Why async now, and what it costs: docs/architecture.md "The store's ports".
 *
 * A write that must commit with another (a send and its outbox row, a cancel and the cancelled
 * revision for the point of sale, a work item taken with its history) is ONE method here: the
 * engine runs it as one transaction (SQLite `BEGIN IMMEDIATE`; PostgreSQL one client from the
 * pool, `BEGIN … COMMIT`). No caller holds a transaction open across an await.
 *
 * The contract every engine must keep is src/store/contracts/*.contract.ts, run against SQLite by
 * src/store/sqlite-ports.test.ts (and against PostgreSQL by issue 17 with the same suites).
 */
import type { CallerLookup } from '../domain/caller.js';
import type { Customer, CustomerListEntry } from '../domain/customer.js';
import type { Delivery, DeliverySummary, FailedHandoff, Handoff, ScheduledDelivery } from '../domain/delivery.js';
import type { Operator, PointOfSale, Product } from '../domain/catalog.js';
import type { CallOutcome } from '../domain/call-record.js';
import type { Address } from '../domain/address.js';
import type { LoggedCall, MissedCaller, ShiftSummary } from '../domain/shift-summary.js';
import type { Zone, ZoneDefinition } from '../domain/zone-check.js';
import type { MenuFileProduct, MenuProduct } from '../domain/pricing.js';
import type { OperatorPresence, Presence } from '../domain/presence.js';
import type { NewWorkItem, WorkItem, WorkItemHolder } from '../domain/work-item.js';
import type { CodeState, InvitationCode } from '../domain/invitation-code.js';
import type { Callback } from '../domain/callback.js';
import type { NewDelivery, SaveResult } from './deliveries.js';
import type { CallStart } from './calls.js';
import type { FoundTransfer, NewTransfer, TransferRow } from './transfers.js';
import type { DeskLimits, OperatorLimits } from './operators.js';
import type { StoredSession } from './sessions.js';
import type { ClaimedOrder, OutboxRow, OutboxState } from './outbox.js';
import type { SearchOptions, SearchResult } from './customer-search.js';
import type { CallQuery } from './call-report.js';
import type { ExportedCustomer, ImportCustomer, ImportOptions, ImportOutcome, ImportProblem } from './customer-import.js';
import type { StreetRangeInput, ZoneListing, ZoneTermsInput } from './zones.js';
import type { ProductFind, StopEntry } from './menu.js';
import type { OutletTiming } from './outlets.js';
import type { DeliveryTerms, PastLine, TermsResult } from './order-terms.js';
import type { PosChanges, PosConnection, PosResult, PosSettings, PosStatusReport, StatusOutcome } from './points-of-sale.js';
import type { DriverCard } from './drivers.js';
import type { GoneRun } from './consoles.js';
import type { Liveness } from './console-locks.js';
import type { CallGroup, GroupRoute } from './group-routes.js';
import type { RelayHolder, RelayKind } from './relay-lease.js';
import type { CreateResult, ItemResult, WorkItemMove } from './work-items.js';
import type { GroupResult, OperatorGroup } from './groups.js';
import type { ClaimedMail, MailRow, MailState, NewMail } from './mail-outbox.js';
import type { BoxSecretName } from './box-secrets.js';
import type { NewCode, Redeemed } from './invitation-codes.js';
import type { CallbackCreated, CallbackWithItem, DialRecorded, NewCallback } from './callbacks.js';
import type { CommitListener } from './commit-watch.js';
import type {
  ClaimedChat, ConversationFilter, ConversationResult, CustomerChannel, ListedConversation, OutboxState as ChatOutboxState, ReceiveOptions, ReceiveResult, SendResult,
} from './conversations.js';
import type { Channel, ChatButton, ChatMessage, ChatVisitor, Conversation, ConversationCategory, DeliveryState, InboundChat } from '../domain/conversation.js';

// the shapes the ports speak in, from one place (an engine imports them from here)
export type {
  NewDelivery, SaveResult, CallStart, FoundTransfer, NewTransfer, TransferRow, DeskLimits, OperatorLimits, StoredSession,
  ClaimedOrder, OutboxRow, OutboxState, SearchOptions, SearchResult, CallQuery, ExportedCustomer, ImportCustomer, ImportOptions,
  ImportOutcome, ImportProblem, StreetRangeInput, ZoneListing, ZoneTermsInput, ProductFind, StopEntry, OutletTiming, DeliveryTerms,
  PastLine, TermsResult, PosChanges, PosConnection, PosResult, PosSettings, PosStatusReport, StatusOutcome, DriverCard, GoneRun,
  Liveness, CallGroup, GroupRoute, RelayHolder, RelayKind, CreateResult, ItemResult, WorkItemMove, GroupResult, OperatorGroup,
  ClaimedMail, MailRow, MailState, NewMail, BoxSecretName, NewCode, Redeemed, CallbackCreated, CallbackWithItem, DialRecorded,
  NewCallback, CommitListener, ClaimedChat, ConversationFilter, ConversationResult, CustomerChannel, ChatOutboxState, ListedConversation, ReceiveOptions,
  ReceiveResult, SendResult,
};

/** Customers' cards and their numbers (E.164 keys). */
export interface CustomerRepository {
  get(id: number): Promise<Customer | null>;
  withPhone(key: string): Promise<Customer[]>;
  create(c: Partial<Omit<Customer, 'id' | 'phones'>> & { phone?: { key: string; asTyped: string } }, now?: number): Promise<number>;
  update(c: Omit<Customer, 'phones'>, now?: number): Promise<void>;
  attachPhone(customerId: number, key: string, asTyped: string, now?: number): Promise<void>;
}

/** Deliveries: drafts, saves with optimistic versions (a colleague's save in between is merged field by field). */
export interface DeliveryRepository {
  get(id: number): Promise<Delivery | null>;
  unfinishedFor(phoneKey: string): Promise<DeliverySummary[]>;
  open(limit?: number): Promise<DeliverySummary[]>;
  recentForCustomer(customerId: number, limit?: number): Promise<DeliverySummary[]>;
  createDraft(d: NewDelivery, now?: number): Promise<Delivery>;
  save(d: Delivery, now?: number): Promise<SaveResult>;
}

/** What an order can be made of and sent to: products, points of sale, drivers by id. */
export interface CatalogRepository {
  searchProducts(query: string, limit?: number, posId?: number | null): Promise<Product[]>;
  pointsOfSale(): Promise<PointOfSale[]>;
  posIdByName(name: string): Promise<number | null>;
  driverById(id: number): Promise<{ id: number; name: string; mobile: string } | null>;
}

/** The call log as calls happen. */
export interface CallRepository {
  started(c: CallStart): Promise<void>;
  markAnswered(callRef: string, at: number, by?: { operatorId: number | null; extension: string }): Promise<void>;
  markEnded(callRef: string, at: number, outcome: CallOutcome): Promise<void>;
  linkTo(callRef: string, customerId: number | null, deliveryId: number | null): Promise<void>;
}

/** Transfers between consoles: the row written before the REFER, found by the receiving console. */
export interface TransferRepository {
  create(t: NewTransfer): Promise<number>;
  forIncoming(q: { tag?: string; callerKey: string | null; extension: string; now: number }): Promise<FoundTransfer | null>;
  settle(id: number, state: 'failed' | 'completed' | 'bridged' | 'cancelled', at: number): Promise<void>;
  take(id: number, operator: string, at: number): Promise<void>;
  ofCall(callRef: string): Promise<TransferRow[]>;
  recent(limit?: number): Promise<TransferRow[]>;
}

/** Operator cards and their limits (the capacity matrix). */
export interface OperatorRepository {
  list(): Promise<Operator[]>;
  byName(name: string): Promise<Operator | null>;
  byOsUser(user: string): Promise<Operator | null>;
  limits(name: string): Promise<DeskLimits>;
  ownLimits(name: string): Promise<OperatorLimits | null>;
  setLimits(name: string, l: Partial<OperatorLimits>): Promise<void>;
  upsert(o: { name: string; osUser?: string; pbxLogin?: string; extension?: string; headsetTarget?: string; secret?: string }): Promise<Operator>;
}

/** Each operator's open order and half-typed text, kept across a crash. */
export interface SessionRepository {
  load(operator: string): Promise<StoredSession | null>;
  save(operator: string, s: StoredSession, now?: number): Promise<void>;
}

/**
 * The POS outbox: exactly once by idempotency key; rows leased by one relay at a time
 * (PostgreSQL: `FOR UPDATE SKIP LOCKED`, several relays on several boxes).
 */
export interface OutboxRepository {
  enqueue(deliveryId: number, version: number, idempotencyKey: string, payload: unknown, now: number, promisedAt?: number | null): Promise<void>;
  list(limit?: number, state?: OutboxState): Promise<OutboxRow[]>;
  ofDelivery(deliveryId: number): Promise<OutboxRow[]>;
  get(id: number): Promise<OutboxRow | null>;
  failureOf(deliveryId: number): Promise<OutboxRow | null>;
  newestOf(deliveryId: number): Promise<OutboxRow | null>;
  handoffOf(deliveryId: number): Promise<Handoff | null>;
  failures(limit?: number): Promise<FailedHandoff[]>;
  counts(): Promise<Record<OutboxState, number>>;
  hasDue(now?: number): Promise<boolean>;
  claimDue(owner: string, leaseMs: number, limit: number, now?: number): Promise<ClaimedOrder[]>;
  claimProbes(owner: string, leaseMs: number, now?: number): Promise<ClaimedOrder[]>;
  markWritten(id: number, owner: string, now?: number): Promise<boolean>;
  acknowledge(o: Pick<ClaimedOrder, 'id' | 'deliveryId' | 'version' | 'posId'>, now?: number): Promise<number>;
  acknowledgeKey(idempotencyKey: string, posId: number | null, now?: number): Promise<boolean>;
  reconcileWithStatus(deliveryId: number, status: string, now?: number): Promise<boolean>;
  retryLater(o: ClaimedOrder, owner: string, at: number, error: string): Promise<void>;
  markFailed(o: ClaimedOrder, owner: string, error: string, now?: number): Promise<void>;
  resend(id: number, now?: number): Promise<{ ok: true; row: OutboxRow } | { ok: false; reason: string }>;
}

/** The customer base searched as it is typed (SQLite FTS5; PostgreSQL pg_trgm or full text). */
export interface CustomerSearchRepository {
  search(query: string, opts?: SearchOptions): Promise<CustomerListEntry[]>;
  find(query: string, opts?: SearchOptions): Promise<SearchResult>;
  addressesOf(customerId: number): Promise<Address[]>;
}

/** The call log as a shift manager reads it. */
export interface CallReportRepository {
  calls(q: CallQuery, now?: number): Promise<LoggedCall[]>;
  summary(q: CallQuery & { timezone: string }, now?: number): Promise<ShiftSummary>;
  missedCallers(q: { since: number; until?: number; includeDone?: boolean }, now?: number): Promise<MissedCaller[]>;
  markCallbackDone(callId: number): Promise<number>;
  forCustomer(customerId: number, limit?: number): Promise<LoggedCall[]>;
}

/** `db import` in slices that each commit quickly; `db export` as a stream. */
export interface CustomerImportRepository {
  run(rows: Iterable<ImportCustomer | ImportProblem>, opts?: ImportOptions): Promise<ImportOutcome>;
  exportAll(): AsyncIterable<ExportedCustomer>;
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

/** The menu, its import and the stop-list. */
export interface MenuRepository {
  product(id: number, posId?: number | null): Promise<MenuProduct | null>;
  find(text: string): Promise<ProductFind>;
  importMenu(products: MenuFileProduct[]): Promise<{ added: number; updated: number; retired: number }>;
  stop(productId: number, posId: number | null, now?: number): Promise<boolean>;
  unstop(productId: number, posId: number | null): Promise<boolean>;
  stopList(): Promise<StopEntry[]>;
}

/** Outlets' timing (busy minutes) and their numbers of the day. */
export interface OutletRepository {
  byId(id: number): Promise<OutletTiming | null>;
  byName(name: string): Promise<OutletTiming | null>;
  setBusy(id: number, minutes: number, now?: number): Promise<OutletTiming | null>;
  nextNumber(posId: number | null, day: string): Promise<number>;
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

/** Customers' saved addresses, the last used first. */
export interface SavedAddressRepository {
  forCustomer(customerId: number, limit?: number): Promise<Address[]>;
  sameAs(customerId: number, a: Address): Promise<number | null>;
  add(customerId: number, a: Address, lastUsed: number): Promise<void>;
  remember(customerId: number, a: Address, now?: number): Promise<void>;
}

/** Points of sale: settings, sealed credentials, the status callback. */
export interface PointOfSaleRepository {
  list(): Promise<PosSettings[]>;
  byName(name: string): Promise<PosSettings | null>;
  add(name: string, changes?: PosChanges): Promise<PosResult>;
  set(name: string, changes: PosChanges): Promise<PosResult>;
  connection(posId: number | null): Promise<{ ok: true; pos: PosConnection } | { ok: false; reason: string }>;
  connections(): Promise<PosConnection[]>;
  authenticate(token: string): Promise<PosSettings | null>;
  recordStatus(posId: number, report: PosStatusReport, now?: number): Promise<StatusOutcome>;
}

export interface DriverRepository {
  withMobile(): Promise<DriverCard[]>;
}

/**
 * Console runs and whether they are still there. SQLite: a lock file per run beside the database;
 * PostgreSQL can hold a session-level advisory lock per run (dropped when its connection dies).
 */
export interface ConsoleRepository {
  live(): Promise<{ id: string; operator: string; aliveAt: number }[]>;
  markGone(run: GoneRun, now: number): Promise<boolean>;
  /** Look at the runs `me` watches; the ones gone are marked (their items back in the queue) and returned. */
  sweep(me: string, operator: string, now: number, o: { all?: boolean; staleMs: number; silentMs: number }): Promise<GoneRun[]>;
  begin(id: string, operator: string, now: number): Promise<void>;
  alive(id: string, now: number): Promise<void>;
  stop(id: string, now: number): Promise<void>;
  closeOrphanedCalls(me: string, operator: string, now: number, staleMs: number): Promise<number>;
}

/** This process's proof of life per console run (held until the process ends, however it ends). */
export interface ConsoleLockRepository {
  hold(runId: string): Promise<boolean>;
  release(): Promise<void>;
  check(runId: string): Promise<Liveness>;
}

export interface PresenceRepository {
  set(operator: string, p: Presence, consoleId: string): Promise<void>;
  all(): Promise<OperatorPresence[]>;
  of(operator: string): Promise<Presence | null>;
  /** Moves whenever any operator's presence is written. */
  version(): Promise<number>;
}

/** Which group a call is for (the PBX's header, an IVR digit, the number dialled). */
export interface GroupRouteRepository {
  set(entry: string, group: string, now: number): Promise<void>;
  remove(entry: string): Promise<boolean>;
  list(): Promise<GroupRoute[]>;
  resolve(groupHeader: string | undefined, called: string | undefined): Promise<CallGroup | null>;
}

/** Which relay sends the orders (one at a time; a console stands in when none is alive). */
export interface RelayLeaseRepository {
  holder(now: number): Promise<RelayHolder | null>;
  take(owner: string, kind: RelayKind, now: number, ttlMs: number): Promise<boolean>;
  release(owner: string): Promise<void>;
}

/** The one queue of waiting clients: each move is one transaction (two consoles never both accept). */
export interface WorkItemRepository {
  get(id: number): Promise<WorkItem | null>;
  byRef(kind: WorkItem['kind'], ref: string): Promise<WorkItem | null>;
  listWaiting(): Promise<WorkItem[]>;
  heldBy(operator: string): Promise<WorkItem[]>;
  pastFor(phoneKey: string, except: number, limit?: number): Promise<{ at: number; kind: WorkItem['kind']; state: WorkItem['state'] }[]>;
  create(n: NewWorkItem, now: number): Promise<CreateResult>;
  offer(id: number, to: WorkItemHolder, now: number): Promise<ItemResult>;
  accept(id: number, by: WorkItemHolder, now: number): Promise<ItemResult>;
  redirect(id: number, to: { operator: string } | { group: string }, note: { by: string; text: string }, now: number): Promise<ItemResult>;
  finish(id: number, by: string, now: number): Promise<ItemResult>;
  abandon(id: number, now: number, detail?: string): Promise<ItemResult>;
  expire(id: number, now: number, detail?: string): Promise<ItemResult>;
  returnToQueue(id: number, now: number, reason?: string, by?: string): Promise<ItemResult>;
  returnHeldBy(console: string, now: number, reason?: string): Promise<number[]>;
  addNote(id: number, note: { by: string; text: string }, now: number): Promise<ItemResult>;
  history(id: number): Promise<WorkItemMove[]>;
}

export interface GroupRepository {
  list(): Promise<OperatorGroup[]>;
  byName(name: string): Promise<OperatorGroup | null>;
  byId(id: number): Promise<OperatorGroup | null>;
  groupsOf(operator: string): Promise<number[]>;
  add(name: string, now: number): Promise<GroupResult>;
  addMember(group: string, operator: string, now: number): Promise<GroupResult>;
  removeMember(group: string, operator: string): Promise<GroupResult>;
}

/** Offline messages waiting to be e-mailed; leased like the POS outbox. */
export interface MailOutboxRepository {
  enqueue(m: NewMail, now: number): Promise<number>;
  list(limit?: number, state?: MailState): Promise<MailRow[]>;
  get(id: number): Promise<MailRow | null>;
  counts(): Promise<Record<MailState, number>>;
  hasDue(now: number): Promise<boolean>;
  claimDue(owner: string, leaseMs: number, limit: number, now: number): Promise<ClaimedMail[]>;
  markSent(id: number, now: number): Promise<void>;
  retryLater(id: number, owner: string, at: number, error: string): Promise<void>;
  markFailed(id: number, owner: string, error: string): Promise<void>;
  resend(id: number, now: number): Promise<{ ok: true; row: MailRow } | { ok: false; reason: string }>;
}

/** The box's own sealed credentials (never in clear text in the database). */
export interface BoxSecretRepository {
  set(name: BoxSecretName, value: string, now: number): Promise<{ ok: true } | { ok: false; reason: string }>;
  matches(name: BoxSecretName, offered: string): Promise<boolean>;
  isSet(name: BoxSecretName): Promise<boolean>;
  reveal(name: BoxSecretName): Promise<{ ok: true; value: string } | { ok: false; reason: string }>;
}

/** Dispatchers' invitation codes, kept as HMACs. */
export interface InvitationCodeRepository {
  create(o: NewCode, now: number, random?: (max: number) => number): Promise<{ ok: true; code: string; record: InvitationCode } | { ok: false; reason: string }>;
  redeem(raw: string, now: number): Promise<Redeemed>;
  /** What a live call's code routes to, without using it (the console that answers spends it: `markUsed`). */
  find(raw: string, now: number): Promise<Redeemed>;
  markUsed(id: number, now: number): Promise<void>;
  get(id: number): Promise<InvitationCode | null>;
  list(now: number, operator?: string): Promise<(InvitationCode & { state: CodeState })[]>;
  revoke(id: number, now: number): Promise<boolean>;
}

/** Callbacks: work items of kind callback with their due time, attempts, expiry and outcomes. */
export interface CallbackRepository {
  get(itemId: number): Promise<Callback | null>;
  withItem(itemId: number): Promise<CallbackWithItem | null>;
  create(n: NewCallback, now: number): Promise<CallbackCreated>;
  fromAbandonedCall(callRef: string, timezone: string, now: number): Promise<CallbackCreated | null>;
  openFor(phoneKey: string): Promise<CallbackWithItem | null>;
  waiting(): Promise<CallbackWithItem[]>;
  markOffline(itemId: number, now: number, mail: NewMail | null): Promise<{ mailId: number | null }>;
  recordDial(itemId: number, reached: boolean, by: string, callRef: string, now: number): Promise<DialRecorded>;
  expireOverdue(now: number): Promise<number[]>;
  attempts(itemId: number): Promise<{ at: number; operator: string; outcome: string; callRef: string }[]>;
}

/**
 * Chats (web widget, Telegram, WhatsApp): an inbound message kept once by the channel's id with its
 * work item in the queue (one unit of work), replies through a chat outbox leased like the POS one.
 */
export interface ConversationRepository {
  get(id: number): Promise<Conversation | null>;
  byChannelUser(channel: Channel, channelUserId: string): Promise<Conversation | null>;
  receive(channel: Channel, channelUserId: string, msg: InboundChat, now: number, opts?: ReceiveOptions): Promise<ReceiveResult>;
  visit(channel: Channel, channelUserId: string, visitor: ChatVisitor, now: number): Promise<ConversationResult>;
  send(conversationId: number, text: string, author: string | null, now: number, opts?: { buttons?: ChatButton[]; automatic?: boolean }): Promise<SendResult>;
  message(id: number): Promise<ChatMessage | null>;
  messages(conversationId: number, opts?: { afterId?: number; limit?: number }): Promise<ChatMessage[]>;
  list(filter?: ConversationFilter): Promise<Conversation[]>;
  /** The chat console's list: each conversation with its newest message, work item and customer's name, in one read. */
  listed(filter?: ConversationFilter): Promise<ListedConversation[]>;
  setCategory(id: number, category: ConversationCategory, now: number): Promise<ConversationResult>;
  linkCustomer(id: number, customerId: number, now: number): Promise<ConversationResult>;
  markRead(id: number, now: number): Promise<ConversationResult>;
  close(id: number, by: string, now: number): Promise<ConversationResult>;
  typing(id: number, who: 'visitor' | 'operator', now: number): Promise<ConversationResult>;
  customerFor(channel: Channel, channelUserId: string): Promise<number | null>;
  channelsOf(customerId: number): Promise<CustomerChannel[]>;
  hasDue(channel: Channel, now: number): Promise<boolean>;
  claimDue(channel: Channel, owner: string, leaseMs: number, limit: number, now: number): Promise<ClaimedChat[]>;
  markSent(messageId: number, channelMessageId: string | null, now: number): Promise<void>;
  retryLater(messageId: number, owner: string, at: number, error: string): Promise<void>;
  markFailed(messageId: number, owner: string, error: string): Promise<void>;
  reportDelivery(ref: { messageId: number } | { channel: Channel; channelMessageId: string }, state: Exclude<DeliveryState, 'queued'>, now: number, reason?: string): Promise<boolean>;
  resend(messageId: number, now: number): Promise<{ ok: true; message: ChatMessage } | { ok: false; reason: string }>;
  outboxCounts(): Promise<Record<ChatOutboxState, number>>;
  /** Where a channel's reading stopped (Telegram's next getUpdates offset), if saved. */
  cursor(channel: Channel): Promise<string | null>;
  setCursor(channel: Channel, cursor: string, now: number): Promise<void>;
}

/**
 * Being told that something changed, by any connection: SQLite watches its -wal file and reads
 * `data_version`; PostgreSQL uses LISTEN/NOTIFY (issue 17).
 */
export interface ChangeFeed {
  /** `byOthers` when another connection committed, false when only this one wrote. Returns the stop. */
  onCommit(listener: CommitListener): () => void;
  /** Moves whenever another connection commits anything. */
  dataVersion(): Promise<number>;
  /** Moves whenever something a desk shows is written (orders, customers, points of sale, the queue); a heartbeat does not. */
  deskVersion(): Promise<number>;
}

/** Everything persistence offers, as one engine implements it. */
export interface StorePorts {
  /** The home region phone numbers are read in (CZ, GB…). */
  readonly region: string;
  /** The currency prices are kept in (minor units). */
  readonly currency: string;
  readonly customers: CustomerRepository;
  readonly deliveries: DeliveryRepository;
  readonly catalog: CatalogRepository;
  readonly calls: CallRepository;
  readonly transfers: TransferRepository;
  readonly operators: OperatorRepository;
  readonly sessions: SessionRepository;
  readonly outbox: OutboxRepository;
  readonly customerSearch: CustomerSearchRepository;
  readonly callReport: CallReportRepository;
  readonly customerImport: CustomerImportRepository;
  readonly zones: ZoneRepository;
  readonly menu: MenuRepository;
  readonly outlets: OutletRepository;
  readonly orderTerms: OrderTermsRepository;
  readonly addresses: SavedAddressRepository;
  readonly pointsOfSale: PointOfSaleRepository;
  readonly drivers: DriverRepository;
  readonly consoles: ConsoleRepository;
  readonly consoleLocks: ConsoleLockRepository;
  readonly presence: PresenceRepository;
  readonly groupRoutes: GroupRouteRepository;
  readonly relayLease: RelayLeaseRepository;
  readonly workItems: WorkItemRepository;
  readonly groups: GroupRepository;
  readonly mailOutbox: MailOutboxRepository;
  readonly secrets: BoxSecretRepository;
  readonly invitationCodes: InvitationCodeRepository;
  readonly callbacks: CallbackRepository;
  readonly conversations: ConversationRepository;
  readonly changes: ChangeFeed;

  /** Everything a call from `raw` finds now (the console's banner, `ringdesk lookup`, replay). */
  lookupCaller(raw: string): Promise<CallerLookup>;
  /** The active driver whose mobile has this E.164 key, if any. */
  driverWithPhone(key: string): Promise<{ id: number; name: string } | null>;
  /** Unit of work: the status change and the outbox row commit together, or neither does. */
  sendToPointOfSale(d: Delivery, now?: number): Promise<SaveResult>;
  /** Unit of work: the cancel and, for an order the point of sale has, the cancelled revision in its outbox. */
  cancelDelivery(id: number, version: number, reason: string, note: string, now?: number): Promise<SaveResult>;
  /** Close the engine's connections. */
  close(): Promise<void>;
}
