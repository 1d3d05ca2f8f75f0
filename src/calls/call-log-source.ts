/** What the calls screen asks of the call log, as plain functions over the store (views hold no database handle). */
import type { Store } from '../store/index.js';
import type { LoggedCall, MissedCaller, ShiftSummary } from './shift-summary.js';

export interface CallLogSource {
  calls(since: number): LoggedCall[];
  summary(since: number): ShiftSummary;
  missed(since: number): MissedCaller[];
  /** The call-back to this missed call is done (it and the number's earlier misses). */
  markCallbackDone(callId: number): void;
  /** Changes when another console commits (PRAGMA data_version). */
  dataVersion(): number;
}

export function storeCallLogSource(store: Store, timezone: string): CallLogSource {
  return {
    calls: (since) => store.callReport.calls({ since, limit: 500 }),
    summary: (since) => store.callReport.summary({ since, timezone }),
    missed: (since) => store.callReport.missedCallers({ since }),
    markCallbackDone: (callId) => void store.callReport.markCallbackDone(callId),
    dataVersion: () => store.dataVersion(),
  };
}
