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
 * The interfaces live by repository group in ports-customers.ts, ports-orders.ts, ports-calls.ts,
 * ports-handoffs.ts, ports-desks.ts and ports-queue.ts; this file gathers them into `StorePorts`
 * and re-exports them with the shapes they speak in, so a caller imports from here alone.
 *
 * The contract every engine must keep is test/contracts/*.contract.ts, run against SQLite by
 * src/store/sqlite-ports.test.ts (and against PostgreSQL by issue 17 with the same suites).
 */
import type { CallerLookup } from '../domain/caller.js';
import type { Delivery } from '../domain/delivery.js';
import type { NewDelivery, SaveResult } from './deliveries.js';
import type { FieldConflict } from './delivery-merge.js';
import type { CallStart } from './calls.js';
import type { FoundTransfer, NewTransfer, TransferRow } from './transfers.js';
import type { DeskLimits, OperatorLimits } from './operators.js';
import type { StoredSession } from './sessions.js';
import type { ClaimedOrder, OutboxRow, OutboxState } from './outbox.js';
import type { SearchOptions, SearchResult } from './customer-search.js';
import type { CallQuery } from './call-report.js';
import type { DuplicatePolicy, ExportedCustomer, ImportCustomer, ImportOptions, ImportOutcome, ImportProblem } from './customer-import.js';
import type { StreetRangeInput, ZoneListing, ZoneTermsInput } from './zones.js';
import type { ProductFind, ProductRef, StopEntry } from './menu.js';
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
import type { ClaimedChat, ConversationFilter, ConversationResult, CustomerChannel, ListedConversation, OutboxState as ChatOutboxState, ReceiveOptions, ReceiveResult, SendResult } from './conversations.js';
import type { CustomerRepository, CustomerSearchRepository, SavedAddressRepository, CustomerImportRepository } from './ports-customers.js';
import type { DeliveryRepository, OrderTermsRepository, CatalogRepository, MenuRepository, ZoneRepository, OutletRepository, DriverRepository, SessionRepository } from './ports-orders.js';
import type { CallRepository, CallReportRepository, TransferRepository, GroupRouteRepository } from './ports-calls.js';
import type { PointOfSaleRepository, OutboxRepository, RelayLeaseRepository, MailOutboxRepository, BoxSecretRepository } from './ports-handoffs.js';
import type { OperatorRepository, GroupRepository, ConsoleRepository, ConsoleLockRepository, PresenceRepository, InvitationCodeRepository, ChangeFeed } from './ports-desks.js';
import type { WorkItemRepository, CallbackRepository, ConversationRepository } from './ports-queue.js';

// the shapes the ports speak in, from one place (an engine imports them from here)
export type {
  NewDelivery, SaveResult, FieldConflict, CallStart, FoundTransfer, NewTransfer, TransferRow, DeskLimits, OperatorLimits, StoredSession,
  ClaimedOrder, OutboxRow, OutboxState, SearchOptions, SearchResult, CallQuery, ExportedCustomer, ImportCustomer, ImportOptions,
  ImportOutcome, ImportProblem, DuplicatePolicy, StreetRangeInput, ZoneListing, ZoneTermsInput, ProductFind, ProductRef, StopEntry, OutletTiming, DeliveryTerms,
  PastLine, TermsResult, PosChanges, PosConnection, PosResult, PosSettings, PosStatusReport, StatusOutcome, DriverCard, GoneRun,
  Liveness, CallGroup, GroupRoute, RelayHolder, RelayKind, CreateResult, ItemResult, WorkItemMove, GroupResult, OperatorGroup,
  ClaimedMail, MailRow, MailState, NewMail, BoxSecretName, NewCode, Redeemed, CallbackCreated, CallbackWithItem, DialRecorded,
  NewCallback, CommitListener, ClaimedChat, ConversationFilter, ConversationResult, CustomerChannel, ChatOutboxState, ListedConversation, ReceiveOptions,
  ReceiveResult, SendResult,
};

// the repositories, by group
export type * from './ports-customers.js';
export type * from './ports-orders.js';
export type * from './ports-calls.js';
export type * from './ports-handoffs.js';
export type * from './ports-desks.js';
export type * from './ports-queue.js';

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
