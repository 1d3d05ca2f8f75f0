/**
 * The store: one SQLite file (WAL) shared by every console on a box. Repositories have
 * intent-named methods; nothing outside src/store writes SQL.
 */
import type { CallerLookup } from '../domain/caller.js';
import type Database from 'better-sqlite3';
import { openDatabase, type Db } from './db.js';
import { watchCommits, type CommitListener } from './commit-watch.js';
import { Customers } from './customers.js';
import { Deliveries, type SaveResult } from './deliveries.js';
import { Catalog } from './catalog.js';
import { Calls } from './calls.js';
import { Transfers } from './transfers.js';
import { Operators } from './operators.js';
import { Sessions } from './sessions.js';
import { Outbox } from './outbox.js';
import { CustomerSearch } from './customer-search.js';
import { CallReport } from './call-report.js';
import { CustomerImport } from './customer-import.js';
import { Zones } from './zones.js';
import { Menu } from './menu.js';
import { Outlets } from './outlets.js';
import { OrderTerms } from './order-terms.js';
import { SavedAddresses } from './saved-addresses.js';
import { Drivers } from './drivers.js';
import { Consoles } from './consoles.js';
import { ConsoleLocks } from './console-locks.js';
import { PresenceBoard } from './presence.js';
import { GroupRoutes } from './group-routes.js';
import { RelayLease, leaseFile, openLeaseDatabase } from './relay-lease.js';
import { WorkItems } from './work-items.js';
import { Groups } from './groups.js';
import { bulkWriteRunning } from './bulk-write-mark.js';
import { systemClock, type Clock } from '../domain/clock.js';
import { awaitsSending, orderNumber, outletCode } from '../domain/lifecycle.js';
import { localDay } from '../domain/local-time.js';
import { PointsOfSale } from './points-of-sale.js';
import { SecretKey, secretKeyFile } from './secret-key.js';
import { MailOutbox } from './mail-outbox.js';
import { BoxSecrets } from './box-secrets.js';
import { InvitationCodes } from './invitation-codes.js';
import { Callbacks } from './callbacks.js';
import { Conversations } from './conversations.js';
import { ChatOutbox } from './chat-outbox.js';
import { sqlitePorts } from './sqlite-ports.js';
import type { StorePorts } from './ports.js';
import type { ListVersions } from './ports-desks.js';
import type { DeskList } from './migrations/v19-desk-lists.js';
import type { Customer } from '../domain/customer.js';
import type { Delivery, DeliverySummary } from '../domain/delivery.js';
import { normalisePhone, phoneKey, type PhoneNumber } from '../domain/phone-number.js';
import { orderPayload } from '../domain/pos-payload.js';
import { alreadySentReason } from '../domain/order-status.js';

export { StoreError, openDatabase, describeDatabaseFailure, databaseInUse, sqliteLibrary } from './db.js';
export type { SaveResult } from './deliveries.js';
export type { FieldConflict } from './delivery-merge.js';
export type { RelayHolder, RelayKind } from './relay-lease.js';
export type { CallQuery } from './call-report.js';
export type { ItemResult, CreateResult, WorkItemMove } from './work-items.js';
export type { ReceiveResult, SendResult, ConversationResult, ConversationFilter, ClaimedChat, CustomerChannel, ListedConversation, OutboxState as ChatOutboxState } from './conversations.js';
export type { OperatorGroup, GroupResult } from './groups.js';
export type { ImportCustomer, ImportProblem, ImportOutcome, DuplicatePolicy } from './customer-import.js';
export type * from './ports.js';

export class Store {
  readonly customers: Customers;
  readonly deliveries: Deliveries;
  readonly catalog: Catalog;
  readonly calls: Calls;
  readonly transfers: Transfers;
  readonly operators: Operators;
  readonly sessions: Sessions;
  readonly outbox: Outbox;
  /** The customer base searched as you type (S5), with category funnels. */
  readonly customerSearch: CustomerSearch;
  /** The call log as a shift manager reads it; missed calls to call back. */
  readonly callReport: CallReport;
  /** `db import` / `db export` of customers. */
  readonly customerImport: CustomerImport;
  readonly zones: Zones;
  readonly menu: Menu;
  readonly outlets: Outlets;
  readonly orderTerms: OrderTerms;
  /** Customers' saved addresses: the last used first, remembered from orders, never overwritten. */
  readonly addresses: SavedAddresses;
  readonly pointsOfSale: PointsOfSale;
  readonly drivers: Drivers;
  /** Console runs and their heartbeats: no call left ringing by a console that stopped. */
  readonly consoles: Consoles;
  /** Whether a console run's process is still there: a lock each holds beside the database (no writes). */
  readonly consoleLocks: ConsoleLocks;
  /** Operators' presence (available, break, wrap-up, offline), seen by every console. */
  readonly presence: PresenceBoard;
  /** Which group a call is for: the PBX's header, an IVR digit or the number dialled. */
  readonly groupRoutes: GroupRoutes;
  /**
   * Which relay sends the box's orders (one per box; a console stands in when none is alive).
   * Kept in its own file beside the database (`<db>-lease`, opened on first use), so that its
   * renewals are no commits the consoles' watch wakes for.
   */
  get relayLease(): RelayLease {
    if (!this.lease) {
      const f = leaseFile(this.file);
      this.leaseDb = f ? openLeaseDatabase(f) : null;
      this.lease = new RelayLease(this.leaseDb ?? this.db);
    }
    return this.lease;
  }
  private lease: RelayLease | null = null;
  private leaseDb: Db | null = null;
  /** The one queue of waiting clients (calls, callbacks, chats) every console shares (src/domain/work-item.ts). */
  readonly workItems: WorkItems;
  /** Operator groups (per city, brand) and their members: who may take a group's items. */
  readonly groups: Groups;
  /** Offline messages waiting to be e-mailed (drained by the box's relay, src/mail/mail-relay.ts). */
  readonly mailOutbox: MailOutbox;
  /** The box's own sealed credentials (the SMTP password). */
  readonly secrets: BoxSecrets;
  /** Dispatchers' invitation codes, kept as HMACs. */
  readonly invitationCodes: InvitationCodes;
  /** Callbacks: work items of kind callback with their due time, attempts, expiry and outcomes. */
  readonly callbacks: Callbacks;
  /** Chats (web widget, Telegram, WhatsApp): conversations, messages, the chat outbox, customers' channels. */
  readonly conversations: Conversations;
  /**
   * This store behind the engine-neutral ports (src/store/ports.ts): what the desk, the commands
   * and the relays depend on, so that a second engine (PostgreSQL) can stand in. Made once.
   */
  get ports(): StorePorts {
    return (this.portsOf ??= sqlitePorts(this));
  }
  private portsOf: StorePorts | null = null;
  /** Drivers' mobiles as typed -> their E.164 keys, normalised once each. */
  private readonly driverKeys = new Map<string, string | null>();

  constructor(readonly db: Db, readonly file: string, readonly region: string, readonly currency: string) {
    this.customers = new Customers(db);
    // a draft whose outlet is known gets the outlet's number of the day ("V-042")
    this.deliveries = new Deliveries(db, (posId, now, timezone) => {
      const o = this.outlets.byId(posId);
      return o ? orderNumber(outletCode(o.code, o.name), this.outlets.nextNumber(posId, localDay(now, timezone))) : null;
    });
    this.catalog = new Catalog(db);
    this.calls = new Calls(db);
    this.transfers = new Transfers(db);
    this.operators = new Operators(db);
    this.sessions = new Sessions(db);
    this.outbox = new Outbox(db);
    this.customerSearch = new CustomerSearch(db, region);
    this.callReport = new CallReport(db);
    this.customerImport = new CustomerImport(db);
    this.zones = new Zones(db);
    this.menu = new Menu(db);
    this.outlets = new Outlets(db);
    this.orderTerms = new OrderTerms(db);
    this.addresses = new SavedAddresses(db);
    // a POS token's key lives beside the database file, never in it
    this.drivers = new Drivers(db);
    this.consoles = new Consoles(db);
    this.workItems = new WorkItems(db, region);
    this.groups = new Groups(db);
    this.consoleLocks = new ConsoleLocks(file);
    this.presence = new PresenceBoard(db);
    // a header naming a group is taken when the group exists (ringdesk group add), in its own spelling
    this.groupRoutes = new GroupRoutes(db, region, (name) => this.groups.byName(name)?.name ?? null);
    // a console found gone (its lock free) gives back what it was offered or had accepted, at the items' original place
    this.consoles.onGone((run, now) => { this.workItems.returnHeldBy(run.id, now, 'console gone'); });
    this.dataVersionStmt = db.prepare<[], number>('PRAGMA data_version').pluck() as Database.Statement<[], number>;
    this.deskVersionStmt = db.prepare<[], number>('SELECT n FROM desk_changes WHERE id = 1').pluck() as Database.Statement<[], number>;
    this.listVersionsStmt = db.prepare<[], { list: DeskList; n: number }>('SELECT list, n FROM desk_lists');
    const secret = new SecretKey(secretKeyFile(file));
    this.pointsOfSale = new PointsOfSale(db, secret, (id) => this.deliveries.get(id));
    this.mailOutbox = new MailOutbox(db);
    this.secrets = new BoxSecrets(db, secret);
    this.invitationCodes = new InvitationCodes(db, secret);
    this.callbacks = new Callbacks(db, this.workItems, this.mailOutbox);
    this.conversations = new Conversations(db, this.workItems, this.mailOutbox, new ChatOutbox(db), region);
  }

  /** Open (and migrate) the database; `create: false` refuses a missing file instead of making an empty one. */
  static open(file: string, opts: { region: string; currency: string; create?: boolean }): Store {
    return new Store(openDatabase(file, undefined, { create: opts.create }), file, opts.region, opts.currency);
  }

  close(): void {
    this.consoleLocks.release();
    this.stopCheckpoints?.();
    this.stopWatching?.();
    this.commitListeners.clear();
    if (this.leaseDb?.open) this.leaseDb.close();
    if (this.db.open) this.db.close();
  }

  private stopCheckpoints: (() => void) | undefined;
  private stopWatching: (() => void) | undefined;
  private readonly commitListeners = new Set<CommitListener>();

  /**
   * Be told of commits on this database, without polling (src/store/commit-watch.ts: a watch
   * on the -wal file, then data_version): `byOthers` when another connection committed, false
   * when only this connection wrote. One watch per store however many listen.
   */
  onCommit(listener: CommitListener): () => void {
    this.commitListeners.add(listener);
    this.stopWatching ??= watchCommits({
      walFile: this.file === ':memory:' ? null : `${this.file}-wal`,
      dataVersion: () => this.dataVersion(),
      onCommit: (byOthers) => { for (const l of [...this.commitListeners]) l(byOthers); },
    });
    return () => {
      this.commitListeners.delete(listener);
      if (this.commitListeners.size === 0) {
        this.stopWatching?.();
        this.stopWatching = undefined;
      }
    };
  }

  /**
   * Takes WAL checkpoints off the call path. SQLite otherwise copies the log into the database
   * inside whichever commit crosses 1,000 pages; on a large database that commit (the call row
   * written as the phone rings) took ~10 ms and held the banner back. The console calls this
   * once: this connection's commits stop checkpointing; `afterMs` after this connection wrote
   * (seen by the commit watch), one checkpoint folds the log in (`checkpointNow`). Nothing
   * written, no checkpoint and no timer. While a bulk write runs on the file (an import) the
   * checkpoint waits for it: the importer folds its own log. Other processes on the same file
   * keep SQLite's automatic checkpoints. Stops on close.
   */
  checkpointEvery(afterMs: number, now: Clock = systemClock): void {
    this.stopCheckpoints?.();
    this.db.pragma('wal_autocheckpoint = 0');
    let timer: NodeJS.Timeout | null = null;
    const arm = () => {
      timer = setTimeout(() => {
        timer = null;
        // a bulk write is running: look again later (it may die without folding its log)
        if (this.checkpointNow(now()) === 'bulk-write') arm();
      }, afterMs);
      timer.unref();
    };
    const stopListening = this.onCommit((byOthers) => {
      if (byOthers || timer) return;
      arm();
    });
    this.stopCheckpoints = () => {
      if (timer) clearTimeout(timer);
      stopListening();
      this.stopCheckpoints = undefined;
      if (this.db.open) this.db.pragma('wal_autocheckpoint = 1000');
    };
  }

  /**
   * One PASSIVE checkpoint (it never waits for another connection) — unless a bulk write is
   * running on the file (src/store/bulk-write-mark.ts): its log can be tens of MB, and copying it
   * here took a console's main thread 50–180 ms every 2 s while the dispatcher typed.
   */
  checkpointNow(now: number): 'done' | 'bulk-write' | 'busy' {
    try {
      if (bulkWriteRunning(this.db, now)) return 'bulk-write';
      this.db.pragma('wal_checkpoint(PASSIVE)');
      return 'done';
    } catch {
      // busy or closing: the next write arms it again
      return 'busy';
    }
  }

  /** Run `fn` waiting at most `ms` for another connection's write lock (a retry that must not freeze the screen). */
  withBusyTimeout<T>(ms: number, fn: () => T): T {
    const before = this.db.pragma('busy_timeout', { simple: true }) as number;
    this.db.pragma(`busy_timeout = ${Math.max(0, Math.floor(ms))}`);
    try {
      return fn();
    } finally {
      this.db.pragma(`busy_timeout = ${before}`);
    }
  }

  private readonly dataVersionStmt: Database.Statement<[], number>;
  private readonly deskVersionStmt: Database.Statement<[], number>;
  private readonly listVersionsStmt: Database.Statement<[], { list: DeskList; n: number }>;

  /** Changes whenever another connection commits (see onCommit for being told without polling). */
  dataVersion(): number {
    return this.dataVersionStmt.get()!;
  }

  /**
   * Moves whenever something a desk shows is written (orders, their hand-off, points of sale,
   * drivers, customers' names; migration v9's triggers; work items and groups, v11), by any connection; a heartbeat or a
   * lease does not move it. One row: cheap enough to read on every commit.
   */
  deskVersion(): number {
    return this.deskVersionStmt.get()!;
  }

  /**
   * Where each of the desk's lists stands (migration v19's triggers): a console woken by a
   * colleague's commit re-reads only the lists whose counter moved. Three rows.
   */
  listVersions(): ListVersions {
    const v: ListVersions = { orders: 0, queue: 0, chats: 0 };
    for (const r of this.listVersionsStmt.all()) v[r.list] = r.n;
    return v;
  }

  /** Everything a call from `raw` finds now; the same path serves the console, `lookup` and replay. */
  lookupCaller(raw: string): CallerLookup {
    const number = normalisePhone(raw, this.region);
    const key = phoneKey(number);
    if (!key) return { number, key, unfinished: [], customers: [] };
    // the card's place: a customer without a city on their card is placed by their last-used address
    const customers = this.customers.withPhone(key).map((c) => (c.city ? c : { ...c, city: this.addresses.forCustomer(c.id, 1)[0]?.city ?? '' }));
    const open = this.callbacks.openFor(key)?.callback;
    const callback = open ? { itemId: open.itemId, dueAt: open.dueAt, attemptsLeft: open.attemptsLeft, outcome: open.outcome } : null;
    return { number, key, unfinished: this.deliveries.unfinishedFor(key), customers, driver: this.driverWithPhone(key), callback };
  }

  /** The active driver whose mobile has this E.164 key, if any. */
  driverWithPhone(key: string): { id: number; name: string } | null {
    for (const d of this.drivers.withMobile()) {
      let k = this.driverKeys.get(d.mobile);
      if (k === undefined) {
        k = phoneKey(normalisePhone(d.mobile, this.region));
        this.driverKeys.set(d.mobile, k);
      }
      if (k === key) return { id: d.id, name: d.name };
    }
    return null;
  }

  /**
   * Send to the point of sale: the status change and the outbox row commit together, or neither does.
   * Refuses a stale version like any other save, and a copy of an order that is already with the
   * point of sale (a colleague's console sent the same draft first): nothing is sent twice.
   */
  sendToPointOfSale(d: Delivery, now = Date.now()): SaveResult {
    return this.db.transaction((): SaveResult => {
      const sending = awaitsSending(d.status);
      const before = this.deliveries.get(d.id);
      if (sending && before && !awaitsSending(before.status)) return this.alreadySent(before, now);
      const saved = this.deliveries.save({ ...d, status: sending ? 'sent' : d.status }, now);
      if (!saved.ok) return saved;
      const sent = saved.delivery;
      // a stale copy with nothing new (merged into the version already queued): that version went already
      if (this.outbox.newestOf(sent.id)?.version === sent.version) return this.alreadySent(sent, now);
      this.outbox.enqueue(sent.id, sent.version, `ringdesk-${sent.id}-v${sent.version}`, orderPayload(sent, this.currency, this.orderTerms.get(sent.id) ?? undefined), now, sent.promisedAt);
      return saved;
    }).immediate();
  }

  private alreadySent(current: Delivery, now: number): SaveResult {
    return { ok: false, current, reason: alreadySentReason(current, this.outbox.handoffOf(current.id), now) };
  }

  /**
   * Cancel with a reason (and text for "other"). A delivery the point of sale already has gets
   * the cancelled revision through the outbox in the same transaction; a draft just ends.
   */
  cancelDelivery(id: number, version: number, reason: string, note: string, now = Date.now()): SaveResult {
    return this.db.transaction((): SaveResult => {
      const before = this.deliveries.get(id);
      const r = this.orderTerms.cancel(id, version, reason, note, now);
      if (!r.ok) return { ok: false, current: this.deliveries.get(id), reason: r.reason };
      const d = this.deliveries.get(id)!;
      if (before && before.status !== 'draft') {
        this.outbox.enqueue(d.id, d.version, `ringdesk-${d.id}-v${d.version}`, orderPayload(d, this.currency, r.terms), now, d.promisedAt);
      }
      return { ok: true, delivery: d };
    }).immediate();
  }
}
