/**
 * Points of sale as the hand-off sees them: where to send orders (endpoint, http or ws), the
 * token that authenticates both ways, and the statuses a point of sale reports back.
 *
 * A token is a credential: the database holds it sealed (AES-256-GCM) with a key kept in a
 * file beside the database (`<db>.secret-key`, created on first use, never in the database),
 * an HMAC of it to recognise a caller, and its last four characters to show it masked. An
 * endpoint with a password in it (http://user:pass@host, ?token=...) is a credential too: the
 * `endpoint` column holds it masked (what lists show), `endpoint_sealed` the whole URL sealed.
 */
import crypto from 'node:crypto';
import type { Db } from './db.js';
import type { Delivery, DeliveryStatus } from '../domain/delivery.js';
import { isForward } from '../domain/pos-status.js';
import { hasUrlPassword, holdsMaskedPassword, maskUrlPasswords } from '../domain/secret-url.js';
import { seal, unseal, type SealPurpose, type SecretKey } from './secret-key.js';

export type PosTransport = 'http' | 'ws';
export const posTransports: readonly PosTransport[] = ['http', 'ws'];

/** A point of sale for lists and settings: the token only as a mask. */
export interface PosSettings {
  id: number; name: string; code: string; endpoint: string; transport: PosTransport;
  /** "****abcd", "****" or "" when no token is set. */
  token: string;
  preparationMinutes: number; busyMinutes: number; timezone: string;
}
/** What the relay needs to reach a point of sale; the only place the clear token appears. */
export interface PosConnection { id: number; name: string; endpoint: string; transport: PosTransport; token: string }

export interface PosChanges {
  name?: string; code?: string; endpoint?: string; transport?: string; token?: string;
  preparationMinutes?: number; timezone?: string;
}
export type PosResult = { ok: true; pos: PosSettings } | { ok: false; reason: string };

/** A status a point of sale reported, already mapped to our delivery status. */
export interface PosStatusReport {
  deliveryId: number; status: DeliveryStatus; driver?: { name: string; mobile: string }; reason?: string;
}
export type StatusOutcome =
  | { kind: 'applied'; delivery: Delivery }
  | { kind: 'ignored'; reason: string; delivery: Delivery }
  | { kind: 'unknown-delivery' }
  | { kind: 'other-point-of-sale'; delivery: Delivery };

interface Row {
  id: number; name: string; code: string; endpoint: string; transport: PosTransport; token_hash: string;
  token_sealed: string; token_hint: string; preparation_minutes: number; busy_minutes: number; timezone: string;
  /** The endpoint with its password, sealed; '' when the endpoint has none (then `endpoint` is all of it). */
  endpoint_sealed: string;
}

/** "****abcd": enough to tell two tokens apart, never enough to use one. */
export function maskToken(hint: string, isSet: boolean): string {
  return isSet ? `****${hint}` : '';
}

function tokenHash(key: Buffer, token: string): string {
  const k = crypto.createHmac('sha256', key).update('token-hash').digest();
  return 'hmac-sha256:' + crypto.createHmac('sha256', k).update(token).digest('hex');
}

function checkEndpoint(endpoint: string, transport: PosTransport): string | null {
  if (endpoint === '') return null;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return `endpoint "${endpoint}" is not a URL (e.g. https://pos.example/orders)`;
  }
  const want = transport === 'http' ? ['http:', 'https:'] : ['ws:', 'wss:'];
  if (!want.includes(url.protocol)) return `endpoint "${endpoint}" must start with ${want.map((p) => p + '//').join(' or ')} for the ${transport} transport`;
  return null;
}

export { cleartextTokenWarning } from '../domain/secret-url.js';

export class PointsOfSale {
  private all; private byNameStmt; private byIdStmt; private byHash; private insert;
  private delivery; private setStatus; private setDriver; private findDriver; private addDriver;

  constructor(private db: Db, private secret: SecretKey, private readDelivery: (id: number) => Delivery | null) {
    this.all = db.prepare<[], Row>('SELECT * FROM points_of_sale ORDER BY name');
    this.byNameStmt = db.prepare<[string], Row>('SELECT * FROM points_of_sale WHERE name = ?');
    this.byIdStmt = db.prepare<[number], Row>('SELECT * FROM points_of_sale WHERE id = ?');
    this.byHash = db.prepare<[string], Row>(`SELECT * FROM points_of_sale WHERE token_hash = ? AND token_sealed != ''`);
    this.insert = db.prepare(`INSERT INTO points_of_sale (name) VALUES (?)`);
    this.delivery = db.prepare<[number], { id: number; status: DeliveryStatus; pos_id: number | null; driver_id: number | null }>(
      'SELECT id, status, pos_id, driver_id FROM deliveries WHERE id = ?');
    // a POS report is a change like any other: the version moves, so a stale desk save is refused
    this.setStatus = db.prepare(
      `UPDATE deliveries SET status = @status, cancel_reason = CASE WHEN @status = 'cancelled' THEN @reason ELSE cancel_reason END,
         driver_id = COALESCE(@driverId, driver_id), version = version + 1, updated_at = @now WHERE id = @id`);
    this.setDriver = db.prepare('UPDATE deliveries SET driver_id = ?, version = version + 1, updated_at = ? WHERE id = ?');
    this.findDriver = db.prepare<[string, string], { id: number }>('SELECT id FROM drivers WHERE name = ? AND mobile = ? ORDER BY id LIMIT 1');
    this.addDriver = db.prepare('INSERT INTO drivers (name, mobile) VALUES (?, ?)');
  }

  list(): PosSettings[] {
    return this.all.all().map(toSettings);
  }

  byName(name: string): PosSettings | null {
    const r = this.byNameStmt.get(name);
    return r ? toSettings(r) : null;
  }

  /** A new point of sale; the name must be new. */
  add(name: string, changes: PosChanges = {}): PosResult {
    const n = name.trim();
    if (n === '') return { ok: false, reason: 'a point of sale needs a name' };
    if (this.byNameStmt.get(n)) return { ok: false, reason: `a point of sale named "${n}" already exists; change it with "ringdesk pos set"` };
    try {
      return this.db.transaction((): PosResult => {
        this.insert.run(n);
        const res = this.set(n, changes);
        if (!res.ok) throw new Rollback(res.reason); // no half-made point of sale
        return res;
      }).immediate();
    } catch (e) {
      if (e instanceof Rollback) return { ok: false, reason: e.message };
      throw e;
    }
  }

  /** Change what is given, leave the rest; the token is sealed before it touches the database. */
  set(name: string, changes: PosChanges): PosResult {
    return this.db.transaction((): PosResult => {
      const cur = this.byNameStmt.get(name);
      if (!cur) return { ok: false, reason: `no point of sale named "${name}" (see "ringdesk pos list")` };
      const transport = (changes.transport ?? cur.transport) as PosTransport;
      if (!posTransports.includes(transport)) return { ok: false, reason: `transport "${changes.transport}" is not one of: ${posTransports.join(', ')}` };
      const endpoint = (changes.endpoint ?? cur.endpoint).trim();
      const bad = checkEndpoint(endpoint, transport);
      if (bad) return { ok: false, reason: bad };
      // a password in the URL is sealed like the token; the masked URL a list showed means "unchanged"
      let shownEndpoint = cur.endpoint, endpointSealed = cur.endpoint_sealed;
      if (endpoint !== cur.endpoint) {
        if (holdsMaskedPassword(endpoint)) {
          return { ok: false, reason: `the endpoint ${endpoint} holds **** where its password goes: type the real password, or leave --endpoint out to keep the one set` };
        }
        shownEndpoint = maskUrlPasswords(endpoint);
        endpointSealed = '';
        if (hasUrlPassword(endpoint)) {
          const key = this.secret.get(true);
          if (!Buffer.isBuffer(key)) return { ok: false, reason: key.reason };
          endpointSealed = seal(key, endpoint, 'point-of-sale endpoint');
        }
      }
      const newName = changes.name?.trim() ?? cur.name;
      if (newName === '') return { ok: false, reason: 'a point of sale needs a name' };
      if (newName !== cur.name && this.byNameStmt.get(newName)) return { ok: false, reason: `a point of sale named "${newName}" already exists` };
      const prep = changes.preparationMinutes ?? cur.preparation_minutes;
      if (!Number.isInteger(prep) || prep < 0) return { ok: false, reason: `preparation minutes must be a whole number ≥ 0, got ${changes.preparationMinutes}` };
      let sealed = cur.token_sealed, hash = cur.token_hash, hint = cur.token_hint;
      if (changes.token !== undefined) {
        const token = changes.token.trim();
        if (token === '') { sealed = ''; hash = ''; hint = ''; } else {
          if (token.length < 8 || /\s/.test(token)) return { ok: false, reason: 'a token must be at least 8 characters without spaces' };
          const key = this.secret.get(true);
          if (!Buffer.isBuffer(key)) return { ok: false, reason: key.reason };
          sealed = seal(key, token, 'point-of-sale token'); hash = tokenHash(key, token); hint = token.length >= 16 ? token.slice(-4) : '';
        }
      }
      this.db.prepare(
        `UPDATE points_of_sale SET name = ?, code = ?, endpoint = ?, endpoint_sealed = ?, transport = ?, token_sealed = ?, token_hash = ?, token_hint = ?,
           preparation_minutes = ?, timezone = ? WHERE id = ?`,
      ).run(newName, changes.code ?? cur.code, shownEndpoint, endpointSealed, transport, sealed, hash, hint, prep, changes.timezone ?? cur.timezone, cur.id);
      return { ok: true, pos: toSettings(this.byIdStmt.get(cur.id)!) };
    }).immediate();
  }

  /** Where and how to reach a point of sale, with its token unsealed; a reason when it cannot be reached. */
  connection(posId: number | null): { ok: true; pos: PosConnection } | { ok: false; reason: string } {
    if (posId === null) return { ok: false, reason: 'the delivery has no point of sale; choose one and send again' };
    const r = this.byIdStmt.get(posId);
    if (!r) return { ok: false, reason: `point of sale #${posId} no longer exists` };
    if (r.endpoint === '') return { ok: false, reason: `point of sale "${r.name}" has no endpoint; set one with "ringdesk pos set ${r.name} --endpoint URL"` };
    const endpoint = r.endpoint_sealed === '' ? r.endpoint
      : this.opened(r.endpoint_sealed, 'point-of-sale endpoint', `the endpoint of "${r.name}"`, `ringdesk pos set ${r.name} --endpoint URL`);
    if (typeof endpoint !== 'string') return endpoint;
    const token = r.token_sealed === '' ? ''
      : this.opened(r.token_sealed, 'point-of-sale token', `the token of "${r.name}"`, `ringdesk pos set ${r.name} --token ...`);
    if (typeof token !== 'string') return token;
    return { ok: true, pos: { id: r.id, name: r.name, endpoint, transport: r.transport, token } };
  }

  /** A sealed value in clear, or why it cannot be opened (`what` it is, the command that sets it again). */
  private opened(sealed: string, purpose: SealPurpose, what: string, setAgain: string): string | { ok: false; reason: string } {
    const key = this.secret.get(false);
    if (!Buffer.isBuffer(key)) return { ok: false, reason: key.reason };
    return unseal(key, sealed, purpose) ?? { ok: false, reason: `${what} cannot be unsealed with ${this.secret.file}; set it again with "${setAgain}"` };
  }

  /** Every point of sale that has an endpoint, for the relay to keep connections to. */
  connections(): PosConnection[] {
    return this.all.all().flatMap((r) => {
      const c = this.connection(r.id);
      return c.ok ? [c.pos] : [];
    });
  }

  /** The point of sale a bearer token belongs to, or null. */
  authenticate(token: string): PosSettings | null {
    if (!token) return null;
    const key = this.secret.get(false);
    if (!Buffer.isBuffer(key)) return null;
    const r = this.byHash.get(tokenHash(key, token));
    return r ? toSettings(r) : null;
  }

  /**
   * Apply a status a point of sale reported: forward only (a late "cooking" never undoes
   * "on the way"), only for its own deliveries; a driver is found or added by name and mobile.
   */
  recordStatus(posId: number, report: PosStatusReport, now = Date.now()): StatusOutcome {
    return this.db.transaction((): StatusOutcome => {
      const cur = this.delivery.get(report.deliveryId);
      if (!cur) return { kind: 'unknown-delivery' };
      if (cur.pos_id !== posId) return { kind: 'other-point-of-sale', delivery: this.readDelivery(cur.id)! };
      const driverId = report.driver ? this.driverId(report.driver.name, report.driver.mobile) : null;
      if (isForward(cur.status, report.status)) {
        this.setStatus.run({ id: cur.id, status: report.status, reason: report.reason ?? '', driverId, now });
        return { kind: 'applied', delivery: this.readDelivery(cur.id)! };
      }
      if (cur.status === report.status && driverId !== null && driverId !== cur.driver_id) {
        this.setDriver.run(driverId, now, cur.id);
        return { kind: 'applied', delivery: this.readDelivery(cur.id)! };
      }
      const reason = cur.status === report.status ? `already ${cur.status}` : `${report.status} arrived after ${cur.status}; statuses only move forward`;
      return { kind: 'ignored', reason, delivery: this.readDelivery(cur.id)! };
    }).immediate();
  }

  private driverId(name: string, mobile: string): number {
    const hit = this.findDriver.get(name, mobile);
    return hit ? hit.id : Number(this.addDriver.run(name, mobile).lastInsertRowid);
  }
}

class Rollback extends Error {}

function toSettings(r: Row): PosSettings {
  return {
    id: r.id, name: r.name, code: r.code, endpoint: r.endpoint, transport: r.transport,
    token: maskToken(r.token_hint, r.token_sealed !== ''), preparationMinutes: r.preparation_minutes,
    busyMinutes: r.busy_minutes, timezone: r.timezone,
  };
}

/**
 * Seal every endpoint that still holds a password in clear (a database from before v10): the
 * column keeps the masked URL, the sealed column the whole of it. Returns how many were sealed.
 * Runs inside the migration's transaction, with SQLite's secure delete on so the clear bytes of
 * the rewritten rows are zeroed in the file, not left in the page's free space.
 */
export function sealEndpointPasswords(db: Db, secret: SecretKey): number {
  const rows = db.prepare<[], { id: number; name: string; endpoint: string }>('SELECT id, name, endpoint FROM points_of_sale').all()
    .filter((r) => hasUrlPassword(r.endpoint));
  if (rows.length === 0) return 0;
  const key = secret.get(true);
  if (!Buffer.isBuffer(key)) throw new Error(`cannot seal the password in the endpoint of point of sale "${rows[0].name}": ${key.reason}`);
  const secureDelete = db.pragma('secure_delete', { simple: true });
  db.pragma('secure_delete = ON');
  try {
    const update = db.prepare('UPDATE points_of_sale SET endpoint = ?, endpoint_sealed = ? WHERE id = ?');
    for (const r of rows) update.run(maskUrlPasswords(r.endpoint), seal(key, r.endpoint, 'point-of-sale endpoint'), r.id);
  } finally {
    db.pragma(`secure_delete = ${Number(secureDelete)}`);
  }
  return rows.length;
}
