/**
 * Spam callers: a call is spam when every customer with the calling number is in the spam
 * category (a number shared with a real customer is not). With the rejectSpam switch on,
 * such a call is rejected while it rings, and the reason is logged.
 */
import type { Customer } from '../domain/customer.js';

export interface SpamVerdict {
  spam: boolean;
  /** Reject it automatically (spam and the switch is on). */
  reject: boolean;
  /** One line for the log and the status line; '' when not spam. */
  reason: string;
}

export function spamVerdict(customers: readonly Pick<Customer, 'id' | 'name' | 'category'>[], opts: { rejectSpam: boolean }): SpamVerdict {
  const spam = customers.length > 0 && customers.every((c) => c.category === 'spam');
  if (!spam) return { spam: false, reject: false, reason: '' };
  const who = customers.map((c) => `#${c.id}${c.name ? ` ${c.name}` : ''}`).join(', ');
  return {
    spam: true,
    reject: opts.rejectSpam,
    reason: `${opts.rejectSpam ? 'rejected automatically: ' : ''}the number is on a spam card (${who})`,
  };
}
