/**
 * An offline message: a chat or callback request that came while no operator of its group was
 * available. It stays listed for the next operator, and is e-mailed to the configured address
 * (config offlineMailTo) through the e-mail outbox. This is what the e-mail says: plain text,
 * every value from outside already cleaned at intake (src/domain/outside-text.ts), one line each.
 */
import { formatDayTime } from './local-time.js';

/** Where an offline message's e-mail is (the mail outbox). */
export type MailState = 'queued' | 'sending' | 'sent' | 'failed';
export const mailStates: readonly MailState[] = ['queued', 'sending', 'sent', 'failed'];

export interface OfflineRequest {
  kind: 'callback' | 'chat';
  /** The work item's id (its number in the queue). */
  itemId: number;
  name: string;
  phone: string;
  /** What the client wrote (a note, the first chat message). */
  text: string;
  /** The group nobody of was available ('' = anyone). */
  group: string;
  /** Where it came from: a web page, an invitation code, a called number. */
  entry: string;
  arrivedAt: number;
  /** For a callback: when the client wants the call. */
  dueAt?: number | null;
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

export function offlineMail(r: OfflineRequest, timezone: string): { subject: string; body: string } {
  const who = oneLine([r.name, r.phone].filter(Boolean).join(', ')) || 'someone who left no name';
  const what = r.kind === 'callback' ? 'callback request' : 'chat';
  const subject = `Offline ${what} #${r.itemId}: ${who}`.slice(0, 200);
  const lines = [
    `A ${what} arrived at ${formatDayTime(r.arrivedAt, timezone)} (${timezone}) while no operator${r.group ? ` of ${r.group}` : ''} was available.`,
    '',
    `Name:     ${oneLine(r.name) || '-'}`,
    `Phone:    ${oneLine(r.phone) || '-'}`,
    ...(r.dueAt ? [`Call at:  ${formatDayTime(r.dueAt, timezone)}`] : []),
    ...(r.entry ? [`Entry:    ${oneLine(r.entry)}`] : []),
    ...(r.group ? [`Group:    ${oneLine(r.group)}`] : []),
    '',
    ...(r.text ? ['Message:', r.text, ''] : []),
    `It waits in the ringdesk queue as item #${r.itemId} for the next operator.`,
  ];
  return { subject, body: lines.join('\n') + '\n' };
}
