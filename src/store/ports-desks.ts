/**
 * The desks' ports: operators and their groups, console runs and their proof of life, presence, invitation codes, the change feed.
 * Every method returns a Promise (an engine may answer over the network): src/store/ports.ts.
 */
import type { Operator } from '../domain/catalog.js';
import type { OperatorPresence, Presence } from '../domain/presence.js';
import type { CodeState, InvitationCode } from '../domain/invitation-code.js';
import type { DeskLimits, OperatorLimits } from './operators.js';
import type { GoneRun } from './consoles.js';
import type { Liveness } from './console-locks.js';
import type { GroupResult, OperatorGroup } from './groups.js';
import type { NewCode, Redeemed } from './invitation-codes.js';
import type { CommitListener } from './commit-watch.js';
import type { DeskList } from './migrations/v19-desk-lists.js';

export type { DeskList };

/** Where each of the desk's lists stands: a counter that moves with every write the list shows. */
export type ListVersions = Record<DeskList, number>;

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

export interface GroupRepository {
  list(): Promise<OperatorGroup[]>;
  byName(name: string): Promise<OperatorGroup | null>;
  byId(id: number): Promise<OperatorGroup | null>;
  groupsOf(operator: string): Promise<number[]>;
  add(name: string, now: number): Promise<GroupResult>;
  addMember(group: string, operator: string, now: number): Promise<GroupResult>;
  removeMember(group: string, operator: string): Promise<GroupResult>;
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
  /** Who is there at `now`: `online` = anything but offline; `available` = available or wrapping up. */
  present(now: number): Promise<{ online: Set<string>; available: Set<string> }>;
  /** Moves whenever any operator's presence is written. */
  version(): Promise<number>;
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
  /** Each list's own counter (orders, queue, chats): what a colleague's commit moved. */
  listVersions(): Promise<ListVersions>;
}
