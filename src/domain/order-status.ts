/**
 * What a delivery's status says to a dispatcher, with the truth of the hand-off: "sent to POS"
 * only once the POS acknowledged it; before that queued, or sending with the attempt and the
 * next try; after that the statuses the POS reports; failed with the reason. The list, the card,
 * the caller card and `ringdesk lookup` all read this one function.
 */
import type { Delivery, DeliveryStatus, Handoff } from './delivery.js';

export interface StatusText {
  /** Short, for a list column (with the time to the next try). */
  short: string;
  /** Shorter still, without times: for lines that are not redrawn every second (caller card, history). */
  brief: string;
  /** Long, for the card: with the attempt, the next try and the reason. */
  long: string;
  /** A failure the dispatcher must act on (shown in red). */
  alarm: boolean;
  /** The hand-off is still under way (shown in yellow). */
  pending: boolean;
}

const posWords: Partial<Record<DeliveryStatus, string>> = {
  draft: 'draft', confirmed: 'confirmed', cooking: 'cooking', 'on-the-way': 'on the way', delivered: 'delivered',
  closed: 'closed', cancelled: 'cancelled',
};

/** "12 s", "2 min" until `at`. */
function inTime(at: number, now: number): string {
  const s = Math.max(0, Math.ceil((at - now) / 1000));
  return s < 120 ? `${s} s` : `${Math.round(s / 60)} min`;
}

/** Where the newest version is in the hand-off, in words: short and long forms. */
function handoffWords(h: Handoff, now: number, posName: string): { short: string; long: string } {
  switch (h.state) {
    case 'queued':
      if (h.attempts === 0) return { short: 'queued', long: `queued for ${posName || 'the point of sale'}` };
      return {
        short: `sending #${h.attempts} · ${inTime(h.nextAttemptAt, now)}`,
        long: `sending (attempt ${h.attempts}, next try in ${inTime(h.nextAttemptAt, now)})${h.lastError ? `: ${h.lastError}` : ''}`,
      };
    case 'sending': case 'sent':
      return { short: `sending #${h.attempts}`, long: `sending (attempt ${h.attempts}) to ${posName || 'the point of sale'}` };
    case 'acknowledged':
      return { short: 'acknowledged', long: `sent to POS: acknowledged by ${posName || 'the point of sale'}` };
    case 'failed':
      return { short: 'FAILED at POS', long: `FAILED at POS: ${h.lastError || 'no reason recorded'}` };
  }
}

/**
 * The status of a delivery as a dispatcher should read it. `handoff` is the newest version's
 * outbox row (null: never sent; undefined: not known here, e.g. older data).
 */
export function statusText(status: DeliveryStatus, handoff: Handoff | null | undefined, now: number, posName = ''): StatusText {
  const t = statusWords(status, handoff, now, posName);
  return { ...t, brief: t.short.replace(/ · \d+ (s|min)$/, '') };
}

function statusWords(status: DeliveryStatus, handoff: Handoff | null | undefined, now: number, posName: string): Omit<StatusText, 'brief'> {
  if (status === 'failed') {
    const reason = handoff?.state === 'failed' && handoff.lastError ? `: ${handoff.lastError}` : '';
    return { short: 'FAILED at POS', long: `FAILED at POS${reason}`, alarm: true, pending: false };
  }
  if (status === 'sent' || status === 'awaiting') {
    const own = status === 'awaiting' ? 'awaiting confirmation' : null;
    if (!handoff) return { short: own ?? 'sent to POS', long: own ?? 'sent to POS', alarm: false, pending: false };
    const w = handoffWords(handoff, now, posName);
    const pending = handoff.state !== 'acknowledged' && handoff.state !== 'failed';
    if (own) return { short: handoff.state === 'acknowledged' ? own : `${own} · ${w.short}`, long: `${own} · ${w.long}`, alarm: handoff.state === 'failed', pending };
    return { short: w.short, long: w.long, alarm: handoff.state === 'failed', pending };
  }
  const word = posWords[status] ?? status;
  // the POS reported progress; a newer version (an edit, a cancel) may still be on its way or have failed
  if (!handoff || handoff.state === 'acknowledged' || status === 'draft') return { short: word, long: word, alarm: false, pending: false };
  const w = handoffWords(handoff, now, posName);
  return {
    short: handoff.state === 'failed' ? `${word} · update FAILED` : `${word} · update ${w.short}`,
    long: `${word} · update v${handoff.version} ${w.long}`,
    alarm: handoff.state === 'failed',
    pending: handoff.state !== 'failed',
  };
}

/**
 * Why a send of an order that is already with the point of sale is refused (a second console's
 * stale copy of the same draft), with where it is now: nothing is sent twice.
 */
export function alreadySentReason(d: Pick<Delivery, 'number' | 'status' | 'posName'>, handoff: Handoff | null, now: number): string {
  const where = statusText(d.status, handoff, now, d.posName).long;
  // never handed over (a draft a colleague cancelled): not "sent", only what it is now
  if (!handoff) return `Order ${d.number} is ${where} (changed on another console) — not sent`;
  return `Order ${d.number} was already sent — now ${where}; nothing sent again`;
}
