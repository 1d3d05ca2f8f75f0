/** What the calls screen asks of the call log, as plain functions over the store's ports (views hold no database handle). */
import type { StorePorts } from '../store/ports.js';
import type { LoggedCall, MissedCaller, ShiftSummary } from '../domain/shift-summary.js';
import { systemClock, type Clock } from '../domain/clock.js';

export interface CallLogSource {
  calls(since: number): Promise<LoggedCall[]>;
  summary(since: number): Promise<ShiftSummary>;
  missed(since: number): Promise<MissedCaller[]>;
  /** The call-back to this missed call is done (it and the number's earlier misses). */
  markCallbackDone(callId: number): Promise<void>;
  /** The desk's clock: the period ends now, and a call still ringing is read against it. */
  now(): number;
}

export function portsCallLogSource(store: StorePorts, timezone: string, now: Clock = systemClock): CallLogSource {
  return {
    calls: (since) => store.callReport.calls({ since, limit: 500 }, now()),
    summary: (since) => store.callReport.summary({ since, timezone }, now()),
    missed: (since) => store.callReport.missedCallers({ since }, now()),
    markCallbackDone: async (callId) => void (await store.callReport.markCallbackDone(callId)),
    now,
  };
}
