/** A call as the call log keeps it. Pure data; times in epoch ms. */

/**
 * How a call ended, as logged: 'missed' = the caller hung up while it rang (reported as
 * abandoned); 'rejected' = the dispatcher (or the spam rule) refused it; 'unanswered' = it
 * rang here and ended unanswered otherwise (the console quit or stopped; reported as missed);
 * 'transferred' = answered here, then handed to a colleague or a number (REFER, or bridged by ringdesk).
 */
export type CallOutcome = 'ringing' | 'answered' | 'missed' | 'unanswered' | 'answered-elsewhere' | 'rejected' | 'busy' | 'no-answer' | 'failed' | 'transferred';

export interface CallRecord {
  id: number;
  callRef: string;
  direction: 'incoming' | 'outgoing';
  remote: string;
  operator: string;
  extension: string;
  startedAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  outcome: CallOutcome;
  customerId: number | null;
  deliveryId: number | null;
}
