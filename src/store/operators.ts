/** Operators' personal cards: PBX login and extension. A password is never stored; only a salted hash. */
import crypto from 'node:crypto';
import type { Db } from './db.js';
import type { Operator } from '../domain/catalog.js';
import { defaultCapacity, DEFAULT_WRAP_UP_S, type Capacity } from '../domain/capacity.js';

/** What a supervisor set for an operator (capacity matrix, wrap-up); null = the default. */
export interface OperatorLimits { maxChats: number | null; chatsBesideCall: number | null; wrapUpS: number | null }
/** The limits in force: the operator's own, else the defaults. */
export interface DeskLimits { capacity: Capacity; wrapUpMs: number }

interface Row { id: number; name: string; os_user: string; pbx_login: string; extension: string; headset_target: string; secret_hash: string }
const toOperator = (r: Row): Operator => ({
  id: r.id, name: r.name, osUser: r.os_user, pbxLogin: r.pbx_login, extension: r.extension,
  headsetTarget: r.headset_target, hasSecret: r.secret_hash !== '',
});

export function hashSecret(secret: string): string {
  const salt = crypto.randomBytes(12).toString('hex');
  return `scrypt:${salt}:${crypto.scryptSync(secret, salt, 32).toString('hex')}`;
}

export class Operators {
  constructor(private db: Db) {}

  list(): Operator[] {
    return this.db.prepare<[], Row>('SELECT * FROM operators ORDER BY name').all().map(toOperator);
  }
  byName(name: string): Operator | null {
    const r = this.db.prepare<[string], Row>('SELECT * FROM operators WHERE name = ?').get(name);
    return r ? toOperator(r) : null;
  }
  byOsUser(user: string): Operator | null {
    const r = this.db.prepare<[string], Row>('SELECT * FROM operators WHERE os_user = ? ORDER BY id LIMIT 1').get(user);
    return r ? toOperator(r) : null;
  }
  /** The capacity and wrap-up in force for `name` (the defaults for an unknown operator). */
  limits(name: string): DeskLimits {
    const r = this.db.prepare<[string], { max_chats: number | null; chats_beside_call: number | null; wrap_up_s: number | null }>(
      'SELECT max_chats, chats_beside_call, wrap_up_s FROM operators WHERE name = ?').get(name);
    return {
      capacity: { chats: r?.max_chats ?? defaultCapacity.chats, chatsBesideCall: r?.chats_beside_call ?? defaultCapacity.chatsBesideCall },
      wrapUpMs: (r?.wrap_up_s ?? DEFAULT_WRAP_UP_S) * 1000,
    };
  }
  /** What the supervisor set for `name` (null: the default); undefined fields stay as they are. */
  ownLimits(name: string): OperatorLimits | null {
    const r = this.db.prepare<[string], { max_chats: number | null; chats_beside_call: number | null; wrap_up_s: number | null }>(
      'SELECT max_chats, chats_beside_call, wrap_up_s FROM operators WHERE name = ?').get(name);
    return r ? { maxChats: r.max_chats, chatsBesideCall: r.chats_beside_call, wrapUpS: r.wrap_up_s } : null;
  }
  setLimits(name: string, l: Partial<OperatorLimits>): void {
    this.db.prepare(
      `UPDATE operators SET max_chats = CASE WHEN @setChats THEN @maxChats ELSE max_chats END,
         chats_beside_call = CASE WHEN @setBeside THEN @chatsBesideCall ELSE chats_beside_call END,
         wrap_up_s = CASE WHEN @setWrap THEN @wrapUpS ELSE wrap_up_s END WHERE name = @name`,
    ).run({
      name, setChats: l.maxChats !== undefined ? 1 : 0, maxChats: l.maxChats ?? null, setBeside: l.chatsBesideCall !== undefined ? 1 : 0,
      chatsBesideCall: l.chatsBesideCall ?? null, setWrap: l.wrapUpS !== undefined ? 1 : 0, wrapUpS: l.wrapUpS ?? null,
    });
  }
  upsert(o: { name: string; osUser?: string; pbxLogin?: string; extension?: string; headsetTarget?: string; secret?: string }): Operator {
    const existing = this.byName(o.name);
    if (!existing) {
      this.db.prepare(
        `INSERT INTO operators (name, os_user, pbx_login, extension, headset_target, secret_hash) VALUES (?, ?, ?, ?, ?, ?)`,
      ).run(o.name, o.osUser ?? '', o.pbxLogin ?? '', o.extension ?? '', o.headsetTarget ?? '', o.secret ? hashSecret(o.secret) : '');
    } else {
      this.db.prepare(
        `UPDATE operators SET os_user = COALESCE(?, os_user), pbx_login = COALESCE(?, pbx_login), extension = COALESCE(?, extension),
           headset_target = COALESCE(?, headset_target), secret_hash = COALESCE(?, secret_hash) WHERE name = ?`,
      ).run(o.osUser ?? null, o.pbxLogin ?? null, o.extension ?? null, o.headsetTarget ?? null, o.secret ? hashSecret(o.secret) : null, o.name);
    }
    return this.byName(o.name)!;
  }
}
