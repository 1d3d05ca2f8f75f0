/**
 * The box's own credentials (today the SMTP password the offline e-mails go out with), kept in
 * the database only sealed with the box's key (src/store/secret-key.ts), like a POS token. The
 * clear text leaves this file only towards the mail relay's SMTP login; lists say "set" or not.
 */
import crypto from 'node:crypto';
import type { Db } from './db.js';
import { seal, unseal, type SecretKey } from './secret-key.js';

export type BoxSecretName = 'smtp password' | 'callbacks token';

export class BoxSecrets {
  private getStmt; private setStmt; private delStmt;

  constructor(db: Db, private secret: SecretKey) {
    this.getStmt = db.prepare<[string], { sealed: string }>('SELECT sealed FROM box_secrets WHERE name = ?');
    this.setStmt = db.prepare(
      `INSERT INTO box_secrets (name, sealed, updated_at) VALUES (@name, @sealed, @now)
       ON CONFLICT (name) DO UPDATE SET sealed = @sealed, updated_at = @now`);
    this.delStmt = db.prepare('DELETE FROM box_secrets WHERE name = ?');
  }

  /** Keep `value` sealed; '' removes it. */
  set(name: BoxSecretName, value: string, now: number): { ok: true } | { ok: false; reason: string } {
    if (value === '') {
      this.delStmt.run(name);
      return { ok: true };
    }
    const key = this.secret.get(true);
    if (!Buffer.isBuffer(key)) return { ok: false, reason: key.reason };
    this.setStmt.run({ name, sealed: seal(key, value, name), now });
    return { ok: true };
  }

  /** Whether `offered` is the secret `name` (compared in constant time); false when none is set. */
  matches(name: BoxSecretName, offered: string): boolean {
    const have = this.reveal(name);
    if (!have.ok || !have.value) return false;
    const a = crypto.createHash('sha256').update(have.value).digest();
    const b = crypto.createHash('sha256').update(offered).digest();
    return crypto.timingSafeEqual(a, b);
  }

  /** Whether one is set (what lists and doctor say). */
  isSet(name: BoxSecretName): boolean {
    return this.getStmt.get(name) !== undefined;
  }

  /** The clear value: '' when none is set; a reason when the key cannot open it. */
  reveal(name: BoxSecretName): { ok: true; value: string } | { ok: false; reason: string } {
    const row = this.getStmt.get(name);
    if (!row) return { ok: true, value: '' };
    const key = this.secret.get(false);
    if (!Buffer.isBuffer(key)) return { ok: false, reason: key.reason };
    const value = unseal(key, row.sealed, name);
    return value === null
      ? { ok: false, reason: `the ${name} cannot be opened with the key file ${this.secret.file ?? '(memory)'}; set it again (ringdesk mail password, ringdesk callback token)` }
      : { ok: true, value };
  }
}
