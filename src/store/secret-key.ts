/**
 * The box's secret key and what it seals. A credential (a point of sale's token, an endpoint URL
 * with a password in it) is kept in the database only sealed (AES-256-GCM) with a key held in a
 * file beside the database (`<db>.secret-key`, created on first use, never in the database).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { dataFileMode } from '../files/private-file.js';

/** What a sealed value is for: part of what is authenticated, so one cannot stand in for another. */
export type SealPurpose = 'point-of-sale token' | 'point-of-sale endpoint' | 'smtp password' | 'callbacks token';

/** The file holding the key of the database `file` (none for an in-memory database). */
export function secretKeyFile(file: string): string | null {
  return file === ':memory:' || file === '' ? null : `${file}.secret-key`;
}

/** The box's secret key, read from (or created beside) the database; one per database. */
export class SecretKey {
  private key: Buffer | null = null;
  constructor(readonly file: string | null) {}

  get(create: boolean): Buffer | { reason: string } {
    if (this.key) return this.key;
    if (this.file === null) return (this.key = crypto.randomBytes(32)); // :memory: database, lives as long as it
    try {
      this.key = Buffer.from(fs.readFileSync(this.file, 'utf8').trim(), 'base64');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return { reason: `cannot read the key file ${this.file}: ${(e as Error).message}` };
      if (!create) return { reason: `the key file ${this.file} is missing; set the POS tokens again with "ringdesk pos set NAME --token ..." and the SMTP password with "ringdesk mail password"` };
      try {
        // the owner only (0600), or 0640 in a shared-group folder where the box's relay and
        // colleagues read it; exact whatever the umask
        const mode = dataFileMode(path.dirname(path.resolve(this.file))) & 0o640;
        fs.writeFileSync(this.file, crypto.randomBytes(32).toString('base64') + '\n', { flag: 'wx', mode });
        fs.chmodSync(this.file, mode);
      } catch (w) {
        if ((w as NodeJS.ErrnoException).code !== 'EEXIST') return { reason: `cannot create the key file ${this.file}: ${(w as Error).message}` };
      }
      return this.get(false); // whoever won the race wrote the key
    }
    if (this.key.length !== 32) {
      this.key = null;
      return { reason: `the key file ${this.file} is damaged (expected 32 bytes in base64)` };
    }
    return this.key;
  }
}

const aad = (purpose: SealPurpose) => Buffer.from(`ringdesk ${purpose}`);

/** `text` sealed with `key` for `purpose`: "v1:iv:tag:body" (base64), safe to store. */
export function seal(key: Buffer, text: string, purpose: SealPurpose): string {
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', key, iv).setAAD(aad(purpose));
  const body = Buffer.concat([c.update(text, 'utf8'), c.final()]);
  return ['v1', iv.toString('base64'), c.getAuthTag().toString('base64'), body.toString('base64')].join(':');
}

/** The clear text of a sealed value; null when it cannot be opened with this key for this purpose. */
export function unseal(key: Buffer, sealed: string, purpose: SealPurpose): string | null {
  const [v, iv, tag, body] = sealed.split(':');
  if (v !== 'v1' || !iv || !tag || body === undefined) return null;
  try {
    const d = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64')).setAAD(aad(purpose));
    d.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([d.update(Buffer.from(body, 'base64')), d.final()]).toString('utf8');
  } catch {
    return null;
  }
}
