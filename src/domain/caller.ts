/** What a call from a number finds: the input of S2 routing and of the caller card. */
import type { PhoneNumber } from './phone-number.js';
import type { Customer } from './customer.js';
import type { DeliverySummary } from './delivery.js';

/** What a call from a number finds: the input of S2 routing and of the caller card. */
export interface CallerLookup {
  number: PhoneNumber;
  key: string | null;
  unfinished: DeliverySummary[];
  customers: Customer[];
  /** A driver whose mobile this is (a driver calling in, or called from an order). */
  driver?: { id: number; name: string } | null;
  /** The caller's open callback (waiting in the queue, or being dialled): the card shows when and how many tries are left. */
  callback?: { itemId: number; dueAt: number; attemptsLeft: number; outcome: '' | 'reached' | 'no-answer' | 'expired' } | null;
}
