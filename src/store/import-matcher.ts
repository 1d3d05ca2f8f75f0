/**
 * Who an imported row is (`db import`): a new customer, a card already in the database, or the
 * customer an earlier row of the same file created. A number shared with another card alone
 * never makes two people one (MatchKey); rows the file gives one id are one customer, rows it
 * gives different ids never are. Decides on the database as it is before the import writes.
 */
import type { Db } from './db.js';
import type { DuplicatePolicy, ImportCustomer, ImportProblem, MatchKey } from './customer-import.js';

/** Who a row is, for name+phone matching: the name (else the company), case and spacing aside. */
export function personKey(c: { name: string; company: string }): string {
  return (c.name || c.company).normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase();
}

/**
 * A customer the import is writing to: > 0 a card that was in the database before, < 0 the
 * n-th customer this file creates (-1 the first), so a plan is made before anything is written.
 */
export type Target = number;
export type Resolution = { kind: 'new' } | { kind: 'merge' | 'same'; into: Target } | ImportProblem;

/** Decides, row by row, whether a row is a new customer or which one it is (see MatchKey). */
export class Matcher {
  private byFileId = new Map<string, Target>();
  private fileIdOf = new Map<Target, string>();
  /** Who a target is, for the rows that continue it by file id (they may carry no name). */
  private personOf = new Map<Target, string>();
  private byPerson = new Map<string, Target | Target[]>();
  private byPhone = new Map<string, Target | Target[]>();
  private lineOfNew: number[] = [];
  private readonly emptyBase: boolean;
  private owners; private card;

  constructor(db: Db, private match: MatchKey, private policy: DuplicatePolicy) {
    this.owners = db.prepare<[string], { id: number; name: string; company: string }>(
      'SELECT c.id, c.name, c.company FROM customer_phones p JOIN customers c ON c.id = p.customer_id WHERE p.e164 = ? ORDER BY c.id LIMIT 20');
    this.card = db.prepare<[number], { id: number; name: string; company: string }>('SELECT id, name, company FROM customers WHERE id = ?');
    // an empty base has no cards to look up: every match is with an earlier row
    this.emptyBase = db.prepare('SELECT 1 FROM customers LIMIT 1').get() === undefined;
  }

  private cardsWith(phone: string) {
    return this.emptyBase ? [] : this.owners.all(phone);
  }

  describe(t: Target): string {
    if (t < 0) return `line ${this.lineOfNew[-t - 1]}`;
    const c = this.card.get(t);
    return `customer #${t}${c ? ` ${c.name || c.company}` : ''}`.trim();
  }

  resolve(item: ImportCustomer): Resolution {
    const problem = (reason: string): ImportProblem => ({ line: item.line, reason });
    if (item.fileId) {
      const same = this.byFileId.get(item.fileId);
      if (same !== undefined) return { kind: 'same', into: same };
    }
    const person = personKey(item);
    let found: Target[] = [];
    if (this.match === 'id' && /^[1-9]\d{0,15}$/.test(item.fileId)) {
      const c = this.emptyBase ? undefined : this.card.get(Number(item.fileId));
      if (c) {
        const sharesNumber = item.phones.some((p) => this.owners.all(p.key).some((o) => o.id === c.id));
        if (person && personKey(c) !== person && !sharesNumber) {
          return problem(`id ${c.id} is ${c.name || c.company} here, not ${item.name || item.company}, and they share no number: a file from another database? import it without --match id`);
        }
        found = [c.id];
      }
    } else if (this.match === 'name+phone' && person) {
      for (const p of item.phones) {
        found.push(...targets(this.byPerson.get(`${person}\n${p.key}`)));
        found.push(...this.cardsWith(p.key).filter((c) => personKey(c) === person).map((c) => c.id));
      }
    } else if (this.match === 'phone') {
      for (const p of item.phones) {
        const owners = [...new Set([...targets(this.byPhone.get(p.key)), ...this.cardsWith(p.key).map((c) => c.id)])];
        if (owners.length > 1) return problem(`number ${p.asTyped} is on several customers' cards (${owners.map((t) => this.describe(t)).join(', ')}); merge them by hand`);
        found.push(...owners);
      }
    }
    // rows the file gives different ids are different customers, whatever they share
    found = [...new Set(found)].filter((t) => !item.fileId || (this.fileIdOf.get(t) ?? item.fileId) === item.fileId);
    if (found.length > 1) {
      const which = found.map((t) => this.describe(t)).join(', ');
      return problem(this.match === 'phone' ? `the numbers belong to different customers (${which})` : `matches several customers (${which}); merge them by hand`);
    }
    if (found.length === 1) {
      if (this.policy === 'report') return problem(`duplicate: ${this.match === 'phone' ? 'the number is already on' : 'the same customer as'} ${this.describe(found[0])}`);
      return { kind: 'merge', into: found[0] };
    }
    if (!item.name && !item.company && item.phones.length === 0) {
      return problem(item.fileId ? `no name, company or phone, and no earlier line has id ${item.fileId}` : 'no name, company or phone');
    }
    return { kind: 'new' };
  }

  /** Remember what the row was resolved to, so later rows find it; the target it writes to. */
  record(item: ImportCustomer, r: Exclude<Resolution, ImportProblem>): Target {
    const t = r.kind === 'new' ? -this.lineOfNew.push(item.line) : r.into;
    if (item.fileId && !this.byFileId.has(item.fileId)) this.byFileId.set(item.fileId, t);
    if (item.fileId && !this.fileIdOf.has(t)) this.fileIdOf.set(t, item.fileId);
    if (this.match === 'name+phone') {
      const person = r.kind === 'same' ? this.personOf.get(t) ?? '' : personKey(item);
      if (item.fileId && !this.personOf.has(t)) this.personOf.set(t, person);
      if (person) for (const p of item.phones) add(this.byPerson, `${person}\n${p.key}`, t);
    }
    if (this.match === 'phone') for (const p of item.phones) add(this.byPhone, p.key, t);
    return t;
  }
}

/** One target, or several, per key: most keys have one, and a million one-element arrays cost memory. */
function add(map: Map<string, Target | Target[]>, key: string, t: Target): void {
  const had = map.get(key);
  if (had === undefined) map.set(key, t);
  else if (typeof had === 'number') { if (had !== t) map.set(key, [had, t]); }
  else if (!had.includes(t)) had.push(t);
}

function targets(v: Target | Target[] | undefined): Target[] {
  return v === undefined ? [] : typeof v === 'number' ? [v] : v;
}

