/**
 * The hand-off ports: points of sale, their outbox and the relay's lease, the offline e-mails' outbox, the box's sealed secrets.
 * Every method returns a Promise (an engine may answer over the network): src/store/ports.ts.
 */
import type { FailedHandoff, Handoff } from '../domain/delivery.js';
import type { ClaimedOrder, OutboxRow, OutboxState } from './outbox.js';
import type { PosChanges, PosConnection, PosResult, PosSettings, PosStatusReport, StatusOutcome } from './points-of-sale.js';
import type { RelayHolder, RelayKind } from './relay-lease.js';
import type { ClaimedMail, MailRow, MailState, NewMail } from './mail-outbox.js';
import type { BoxSecretName } from './box-secrets.js';

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

/** Which relay sends the orders (one at a time; a console stands in when none is alive). */
export interface RelayLeaseRepository {
  holder(now: number): Promise<RelayHolder | null>;
  take(owner: string, kind: RelayKind, now: number, ttlMs: number): Promise<boolean>;
  release(owner: string): Promise<void>;
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
