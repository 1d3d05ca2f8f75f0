/**
 * The statements every leased outbox shares — the point of sale's (src/store/outbox.ts), the
 * e-mails' (src/store/mail-outbox.ts), the chat answers' (src/store/chat-outbox.ts): a row is
 * claimed by one UPDATE that takes its lease, so it has one sender across every process on the box.
 *
 *   queued ──claim──> (held: sending…) ──taken──> sent
 *     ^                    │
 *     └──── retry later ───┤
 *                          │  (a lease that runs out puts the row up for claim again)
 *                          └──give up──> failed
 *
 * What a resend resets, and the POS's written/acknowledged, differ per outbox and stay in each.
 * The lease columns each table needs (state, attempts, next_attempt_at, last_error, lease_owner,
 * lease_until) are written out in each shipped migration (v13's mail_outbox, v15's chat_outbox):
 * a migration once shipped is not rewritten.
 */

/** One outbox table as its claim sees it. */
export interface LeasedOutboxTable {
  table: string;
  /** The row's key column. */
  key: string;
  /** The states a sender holds a row in: one whose lease ran out is claimed again. */
  held: readonly string[];
  /** The columns a claim hands back. */
  returning: string;
  /** Every row this outbox's claims look at meets it (one channel's rows: `channel = @channel`). */
  scope?: string;
  /** A queued row is due only when this holds too (a point of sale without an endpoint waits). */
  ready?: string;
}

/** The shared statements' SQL; parameters @owner, @until, @now, @limit (claim), @now (due), @id, @owner, @at, @error. */
export interface LeasedOutboxSql {
  /** Take up to @limit due rows (or rows whose sender's lease ran out) for @owner until @until. */
  claim: string;
  /** Whether anything is due at @now, without taking the write lock. */
  due: string;
  /** The row @id is held by @owner (a sender whose lease ran out and was claimed again holds it no more). */
  mine: string;
  /**
   * The far end took row @id at @now: sent, even when our lease ran out meanwhile (nobody else got
   * it there). The e-mails' and chats' end; the POS's "written" waits for its acknowledgement instead.
   */
  sent: string;
  /** Not this time: queued again for @at with @error. */
  retryLater: string;
  /** Given up: failed with @error until resent. */
  fail: string;
}

export function leasedOutboxSql(t: LeasedOutboxTable): LeasedOutboxSql {
  const held = t.held.length === 1 ? `state = '${t.held[0]}'` : `state IN (${t.held.map((s) => `'${s}'`).join(',')})`;
  const scope = t.scope ? `${t.scope} AND ` : '';
  const queued = `${scope}state = 'queued' AND next_attempt_at <= @now${t.ready ? ` AND ${t.ready}` : ''}`;
  const expired = `${scope}${held} AND lease_until < @now`;
  const mine = `${t.key} = @id AND lease_owner = @owner AND ${held}`;
  const release = 'lease_owner = NULL, lease_until = NULL';
  return {
    claim: `UPDATE ${t.table} SET state = 'sending', lease_owner = @owner, lease_until = @until, attempts = attempts + 1
       WHERE ${t.key} IN (
         SELECT ${t.key} FROM ${t.table} WHERE ${queued}
         UNION ALL
         SELECT ${t.key} FROM ${t.table} WHERE ${expired}
         ORDER BY ${t.key} LIMIT @limit)
       RETURNING ${t.returning}`,
    due: `SELECT 1 AS one FROM ${t.table} WHERE ${queued} UNION ALL SELECT 1 FROM ${t.table} WHERE ${expired} LIMIT 1`,
    mine,
    sent: `UPDATE ${t.table} SET state = 'sent', sent_at = @now, last_error = '', ${release} WHERE ${t.key} = @id AND state IN ('sending','queued')`,
    retryLater: `UPDATE ${t.table} SET state = 'queued', next_attempt_at = @at, last_error = @error, ${release} WHERE ${mine}`,
    fail: `UPDATE ${t.table} SET state = 'failed', last_error = @error, ${release} WHERE ${mine}`,
  };
}
