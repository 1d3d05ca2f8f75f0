/**
 * Invitation codes in the database: only an HMAC of each code (keyed with the box's secret key,
 * src/store/secret-key.ts) is stored, so neither the database nor a backup of it gives a code
 * away; the clear code is returned once, to the dispatcher who made it. Rules in
 * src/domain/invitation-code.ts.
 */
import crypto from 'node:crypto';
import type { Db } from './db.js';
import type { SecretKey } from './secret-key.js';
import {
  codeState, normaliseCode, ONE_OFF_VALID_MS, REUSABLE_MAX_MS, type InvitationCode,
} from '../domain/invitation-code.js';

interface Row {
  id: number; operator: string; reusable: number; expires_at: number; created_at: number; used_at: number | null;
  uses: number; revoked_at: number | null; fallback: string;
}
const toCode = (r: Row): InvitationCode => ({
  id: r.id, operator: r.operator, reusable: r.reusable === 1, expiresAt: r.expires_at, createdAt: r.created_at,
  usedAt: r.used_at, uses: r.uses, revokedAt: r.revoked_at, fallback: r.fallback,
});

export interface NewCode { operator: string; reusable?: boolean; expiresAt?: number; fallback?: string }
export type Redeemed = { ok: true; code: InvitationCode } | { ok: false; reason: string };

export class InvitationCodes {
  private insert; private active; private byIdStmt; private listAll; private listMine; private use; private revokeStmt;

  constructor(private db: Db, private secret: SecretKey) {
    this.insert = db.prepare(
      `INSERT INTO invitation_codes (code_hash, operator, reusable, expires_at, created_at, fallback)
       VALUES (@hash, @operator, @reusable, @expiresAt, @now, @fallback)`);
    this.active = db.prepare<{ hash: string; now: number }, Row>(
      `SELECT * FROM invitation_codes WHERE code_hash = @hash AND revoked_at IS NULL AND expires_at > @now
         AND (reusable = 1 OR used_at IS NULL) ORDER BY id DESC LIMIT 1`);
    this.byIdStmt = db.prepare<[number], Row>('SELECT * FROM invitation_codes WHERE id = ?');
    this.listAll = db.prepare<[], Row>('SELECT * FROM invitation_codes ORDER BY id DESC LIMIT 200');
    this.listMine = db.prepare<[string], Row>('SELECT * FROM invitation_codes WHERE operator = ? ORDER BY id DESC LIMIT 200');
    this.use = db.prepare('UPDATE invitation_codes SET uses = uses + 1, used_at = COALESCE(used_at, @now) WHERE id = @id');
    this.revokeStmt = db.prepare('UPDATE invitation_codes SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL');
  }

  private hash(code: string, create: boolean): string | { reason: string } {
    const key = this.secret.get(create);
    if (!Buffer.isBuffer(key)) return key;
    const k = crypto.createHmac('sha256', key).update('invitation-code').digest();
    return 'hmac-sha256:' + crypto.createHmac('sha256', k).update(code).digest('hex');
  }

  /**
   * A new code for `operator`: the clear code comes back once (show it to the dispatcher, never
   * log it). One-off codes are good for a day unless `expiresAt` says otherwise; reusable ones
   * until `expiresAt` (required, at most 90 days ahead). No two active codes are the same.
   */
  create(o: NewCode, now: number, random: (max: number) => number = (max) => crypto.randomInt(max)):
    { ok: true; code: string; record: InvitationCode } | { ok: false; reason: string } {
    const reusable = o.reusable ?? false;
    if (reusable && o.expiresAt === undefined) return { ok: false, reason: 'a reusable code needs an expiry (--until)' };
    const expiresAt = o.expiresAt ?? now + ONE_OFF_VALID_MS;
    if (expiresAt <= now) return { ok: false, reason: 'the expiry is in the past' };
    if (expiresAt - now > REUSABLE_MAX_MS) return { ok: false, reason: 'a code may be valid for at most 90 days' };
    return this.db.transaction(() => {
      for (let i = 0; i < 50; i++) {
        const code = String(random(1_000_000)).padStart(6, '0');
        const hash = this.hash(code, true);
        if (typeof hash !== 'string') return { ok: false as const, reason: hash.reason };
        if (this.active.get({ hash, now })) continue; // someone's active code already: draw again
        const id = Number(this.insert.run({ hash, operator: o.operator, reusable: reusable ? 1 : 0, expiresAt, now, fallback: o.fallback ?? '' }).lastInsertRowid);
        return { ok: true as const, code, record: toCode(this.byIdStmt.get(id)!) };
      }
      return { ok: false as const, reason: 'no free code found; revoke some old reusable codes' };
    }).immediate();
  }

  /**
   * A code a client typed: the active code it is, used once more (a one-off one is then spent).
   * The reason never repeats the code.
   */
  redeem(raw: string, now: number): Redeemed {
    const code = normaliseCode(raw);
    if (code === null) return { ok: false, reason: 'an invitation code is 6 digits' };
    return this.db.transaction((): Redeemed => {
      const hash = this.hash(code, false);
      if (typeof hash !== 'string') return { ok: false, reason: hash.reason };
      const row = this.active.get({ hash, now });
      if (!row) return { ok: false, reason: 'no such invitation code, or it expired or was used' };
      this.use.run({ id: row.id, now });
      return { ok: true, code: toCode(this.byIdStmt.get(row.id)!) };
    }).immediate();
  }

  /**
   * The active code a caller typed on a live call, without using it: every console the call rings
   * on asks (a forked call), and only the answer spends it (`markUsed`).
   */
  find(raw: string, now: number): Redeemed {
    const code = normaliseCode(raw);
    if (code === null) return { ok: false, reason: 'an invitation code is 6 digits' };
    const hash = this.hash(code, false);
    if (typeof hash !== 'string') return { ok: false, reason: hash.reason };
    const row = this.active.get({ hash, now });
    return row ? { ok: true, code: toCode(row) } : { ok: false, reason: 'no such invitation code, or it expired or was used' };
  }

  /** The code was used once more (a live call with it answered): a one-off code is then spent. */
  markUsed(id: number, now: number): void {
    this.use.run({ id, now });
  }

  get(id: number): InvitationCode | null {
    const r = this.byIdStmt.get(id);
    return r ? toCode(r) : null;
  }

  /** The newest codes (of one operator), without the codes themselves. */
  list(now: number, operator?: string): (InvitationCode & { state: ReturnType<typeof codeState> })[] {
    return (operator ? this.listMine.all(operator) : this.listAll.all()).map(toCode).map((c) => ({ ...c, state: codeState(c, now) }));
  }

  /** Stop a code working (its own operator, or a supervisor). */
  revoke(id: number, now: number): boolean {
    return this.revokeStmt.run({ id, now }).changes === 1;
  }
}
