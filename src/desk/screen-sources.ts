/** What the full screens (customers, calls) read, over the store's ports and the desk's one clock. */
import type { StorePorts } from '../store/ports.js';
import { portsCustomerSource } from '../customers/customer-desk.js';
import { portsCallLogSource } from '../calls/call-log-source.js';
import { parseSince } from '../calls/period.js';
import { systemClock, type Clock } from '../domain/clock.js';
import type { CustomerSource } from '../customers/customer-desk.js';
import type { CallLogSource } from '../calls/call-log-source.js';

/** What the full screens read: the customer base (S5) and the call log since the shift began. */
export interface DeskSources {
  customers: CustomerSource;
  callLog: CallLogSource;
  /** Start of the shift the calls screen shows (epoch ms). */
  shiftStart: number;
}

/** The customer base and the call log since the desk's local midnight (the shift), read against `now`. */
export function deskSources(ports: StorePorts, timezone: string, now: Clock = systemClock): DeskSources {
  const today = parseSince('today', now(), timezone);
  return { customers: portsCustomerSource(ports, { now }), callLog: portsCallLogSource(ports, timezone, now), shiftStart: today.ok ? today.at : 0 };
}
