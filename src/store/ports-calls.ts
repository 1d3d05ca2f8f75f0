/**
 * The calls' ports: the call log as calls happen and as a shift manager reads it, transfers, which group a call is for.
 * Every method returns a Promise (an engine may answer over the network): src/store/ports.ts.
 */
import type { CallOutcome } from '../domain/call-record.js';
import type { CallFigures } from '../domain/call-figures.js';
import type { LoggedCall, MissedCaller, ShiftSummary } from '../domain/shift-summary.js';
import type { CallStart } from './calls.js';
import type { FoundTransfer, NewTransfer, TransferRow } from './transfers.js';
import type { CallQuery } from './call-report.js';
import type { CallGroup, GroupRoute } from './group-routes.js';

/** The call log as calls happen. */
export interface CallRepository {
  started(c: CallStart): Promise<void>;
  /** `deskPhone`: answered on the desk phone (v18): the call has no figures from its audio, and the log says so. */
  markAnswered(callRef: string, at: number, by?: { operatorId: number | null; extension: string; deskPhone?: boolean }): Promise<void>;
  markEnded(callRef: string, at: number, outcome: CallOutcome): Promise<void>;
  linkTo(callRef: string, customerId: number | null, deliveryId: number | null): Promise<void>;
  /** The call's figures from its audio (issue 18); only numbers. */
  setFigures(callRef: string, figures: CallFigures): Promise<void>;
}

/** The call log as a shift manager reads it. */
export interface CallReportRepository {
  calls(q: CallQuery, now?: number): Promise<LoggedCall[]>;
  summary(q: CallQuery & { timezone: string }, now?: number): Promise<ShiftSummary>;
  missedCallers(q: { since: number; until?: number; includeDone?: boolean }, now?: number): Promise<MissedCaller[]>;
  markCallbackDone(callId: number): Promise<number>;
  forCustomer(customerId: number, limit?: number): Promise<LoggedCall[]>;
  /** Where call `callId`'s recording is (issue 18; file '' when it was not recorded), null when there is no such call. */
  recordingOf(callId: number): Promise<{ id: number; startedAt: number; file: string } | null>;
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

/** Which group a call is for (the PBX's header, an IVR digit, the number dialled). */
export interface GroupRouteRepository {
  set(entry: string, group: string, now: number): Promise<void>;
  remove(entry: string): Promise<boolean>;
  list(): Promise<GroupRoute[]>;
  resolve(groupHeader: string | undefined, called: string | undefined): Promise<CallGroup | null>;
}
