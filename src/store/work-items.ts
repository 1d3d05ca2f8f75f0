/**
 * The queue's store: work items (src/domain/work-item.ts) shared by every console on the box.
 * Every method is one immediate transaction: the row is read and written under SQLite's write
 * lock, so of two consoles accepting the same item at the same instant exactly one wins (the
 * other is told who has it). Each move is checked against the domain's table of legal moves
 * and recorded in work_item_moves; every write moves desk_changes (migration v11's triggers),
 * which wakes every console's commit watch.
 */
import type { Db } from './db.js';
import {
  canMoveItem, checkItemNote, checkNewItem, waitingStates,
  type NewWorkItem, type WorkItem, type WorkItemHolder, type WorkItemNote, type WorkItemOwner, type WorkItemState, type WorkItemKind, type EntryVia,
} from '../domain/work-item.js';

export type ItemResult = { ok: true; item: WorkItem } | { ok: false; reason: string; item: WorkItem | null };
export type CreateResult = { ok: true; item: WorkItem; created: boolean } | { ok: false; reason: string };

/** One recorded move of an item (queue statistics, the item's history). */
export interface WorkItemMove { itemId: number; at: number; from: WorkItemState | null; to: WorkItemState; by: string; detail: string }

interface Row {
  id: number; kind: WorkItemKind; ref: string; entry_via: EntryVia; entry: string; language: string; name: string;
  phone: string; phone_key: string | null; web_page: string | null; web_referrer: string | null; web_browser: string | null; web_os: string | null;
  arrived_at: number; position: number; state: WorkItemState; state_at: number;
  owner_group: number | null; group_name: string | null; owner_operator: string | null;
  holder_operator: string | null; holder_console: string | null; version: number;
}

const SELECT = `SELECT w.*, g.name AS group_name FROM work_items w LEFT JOIN operator_groups g ON g.id = w.owner_group`;
const WAITING = `(${waitingStates.map((s) => `'${s}'`).join(',')})`;

export class WorkItems {
  private getStmt; private byRefStmt; private waitingStmt; private notesStmt; private notesOfStmt; private insertStmt; private positionStmt;
  private moveStmt; private logStmt; private noteStmt; private heldStmt; private memberStmt; private groupStmt; private historyStmt; private heldByStmt; private pastStmt;

  constructor(private db: Db, private region: string) {
    this.getStmt = db.prepare<[number], Row>(`${SELECT} WHERE w.id = ?`);
    this.byRefStmt = db.prepare<[string, string], Row>(`${SELECT} WHERE w.kind = ? AND w.ref = ?`);
    this.waitingStmt = db.prepare<[], Row>(`${SELECT} WHERE w.state IN ${WAITING} ORDER BY w.arrived_at, w.id`);
    this.notesStmt = db.prepare<[], { item_id: number; at: number; by: string; text: string }>(
      `SELECT n.item_id, n.at, n.by, n.text FROM work_item_notes n JOIN work_items w ON w.id = n.item_id WHERE w.state IN ${WAITING} ORDER BY n.at, n.id`);
    this.notesOfStmt = db.prepare<[number], WorkItemNote>('SELECT at, by, text FROM work_item_notes WHERE item_id = ? ORDER BY at, id');
    this.insertStmt = db.prepare(
      `INSERT INTO work_items (kind, ref, entry_via, entry, language, name, phone, phone_key, web_page, web_referrer, web_browser, web_os,
         arrived_at, position, state, state_at, owner_group, owner_operator, created_at)
       VALUES (@kind, @ref, @entryVia, @entry, @language, @name, @phone, @phoneKey, @webPage, @webReferrer, @webBrowser, @webOs,
         @arrivedAt, @position, 'waiting', @now, @ownerGroup, @ownerOperator, @now)`);
    // the place in the queue on arrival: everyone still waiting who arrived before, plus one
    this.positionStmt = db.prepare<[number], number>(`SELECT COUNT(*) + 1 FROM work_items WHERE state IN ${WAITING} AND arrived_at <= ?`).pluck();
    this.moveStmt = db.prepare(
      `UPDATE work_items SET state = @state, state_at = @now, holder_operator = @holderOperator, holder_console = @holderConsole,
         owner_group = @ownerGroup, owner_operator = @ownerOperator, version = version + 1 WHERE id = @id AND version = @version`);
    this.logStmt = db.prepare('INSERT INTO work_item_moves (item_id, at, from_state, to_state, by, detail) VALUES (?, ?, ?, ?, ?, ?)');
    this.noteStmt = db.prepare('INSERT INTO work_item_notes (item_id, at, by, text) VALUES (?, ?, ?, ?)');
    this.heldStmt = db.prepare<[string], number>(`SELECT id FROM work_items WHERE holder_console = ? AND state IN ('offered','accepted') ORDER BY id`).pluck();
    this.memberStmt = db.prepare<[number, string], number>('SELECT 1 FROM group_members WHERE group_id = ? AND operator = ?').pluck();
    this.groupStmt = db.prepare<[number], string>('SELECT name FROM operator_groups WHERE id = ?').pluck();
    this.heldByStmt = db.prepare<[string], Row>(`${SELECT} WHERE w.holder_operator = ? AND w.state = 'accepted' ORDER BY w.arrived_at, w.id`);
    this.pastStmt = db.prepare<[string, number, number], { at: number; kind: WorkItemKind; state: WorkItemState }>(
      'SELECT arrived_at AS at, kind, state FROM work_items WHERE phone_key = ? AND id <> ? ORDER BY arrived_at DESC, id DESC LIMIT ?');
    this.historyStmt = db.prepare<[number], { item_id: number; at: number; from_state: WorkItemState | null; to_state: WorkItemState; by: string; detail: string }>(
      'SELECT item_id, at, from_state, to_state, by, detail FROM work_item_moves WHERE item_id = ? ORDER BY id');
  }

  get(id: number): WorkItem | null {
    const r = this.getStmt.get(id);
    return r ? toItem(r, this.notesOfStmt.all(id)) : null;
  }

  /** The item a channel made for its own reference (a call's call_ref), if any. */
  byRef(kind: WorkItemKind, ref: string): WorkItem | null {
    const r = this.byRefStmt.get(kind, ref);
    return r ? toItem(r, this.notesOfStmt.all(r.id)) : null;
  }

  /** Every item waiting (waiting, offered, redirected), across kinds, in first-arrival order, with their notes. */
  listWaiting(): WorkItem[] {
    const notes = new Map<number, WorkItemNote[]>();
    for (const n of this.notesStmt.all()) {
      let list = notes.get(n.item_id);
      if (!list) notes.set(n.item_id, (list = []));
      list.push({ at: n.at, by: n.by, text: n.text });
    }
    return this.waitingStmt.all().map((r) => toItem(r, notes.get(r.id) ?? []));
  }

  /** The items `operator` accepted and has not finished, oldest first. */
  heldBy(operator: string): WorkItem[] {
    return this.heldByStmt.all(operator).map((r) => toItem(r, this.notesOfStmt.all(r.id)));
  }

  /** Earlier items of the same phone (chats, callbacks, calls), newest first, `except` left out. */
  pastFor(phoneKey: string, except: number, limit = 5): { at: number; kind: WorkItemKind; state: WorkItemState }[] {
    return this.pastStmt.all(phoneKey, except, limit);
  }

  /**
   * A client arrives. Every text is checked and the phone normalised (checkNewItem); an item with
   * a channel reference is made once (a second console seeing the same ringing call gets the
   * first one's item, `created: false`). Its position is its place among those waiting then.
   */
  create(n: NewWorkItem, now: number): CreateResult {
    const checked = checkNewItem(n, this.region);
    if (!checked.ok) return checked;
    const c = checked.item;
    return this.db.transaction((): CreateResult => {
      if (c.ref) {
        const existing = this.byRef(c.kind, c.ref);
        if (existing) return { ok: true, item: existing, created: false };
      }
      if (c.owner.to === 'group' && this.groupStmt.get(c.owner.groupId) === undefined) return { ok: false, reason: `no group with id ${c.owner.groupId}` };
      const arrivedAt = c.arrivedAt ?? now;
      const id = Number(this.insertStmt.run({
        kind: c.kind, ref: c.ref, entryVia: c.entry.via, entry: c.entry.value, language: c.language, name: c.name,
        phone: c.phone, phoneKey: c.phoneKey,
        webPage: c.web?.page ?? null, webReferrer: c.web?.referrer ?? null, webBrowser: c.web?.browser ?? null, webOs: c.web?.os ?? null,
        arrivedAt, position: this.positionStmt.get(arrivedAt)!, now,
        ownerGroup: c.owner.to === 'group' ? c.owner.groupId : null, ownerOperator: c.owner.to === 'operator' ? c.owner.operator : null,
      }).lastInsertRowid);
      this.logStmt.run(id, now, null, 'waiting', '', c.entry.via);
      if (c.note) this.noteStmt.run(id, now, c.note.by, c.note.text);
      return { ok: true, item: this.get(id)!, created: true };
    }).immediate();
  }

  /** Offer a waiting item to one operator's console (routing, when their capacity allows). */
  offer(id: number, to: WorkItemHolder, now: number): ItemResult {
    return this.move(id, 'offered', to.operator, now, (item) => {
      if (item.state === 'offered' && item.holder) return `offered to ${item.holder.operator}`;
      return this.refusesTaker(item, to.operator);
    }, () => ({ holder: to }));
  }

  /**
   * Take the item: a compare-and-set under the write lock. Of two consoles accepting at the same
   * instant exactly one wins; the other is told who has it. An item offered to someone else, or
   * owned by another operator or a group `by` is not in, is refused with the reason.
   */
  accept(id: number, by: WorkItemHolder, now: number): ItemResult {
    return this.move(id, 'accepted', by.operator, now, (item) => {
      if (item.state === 'offered' && item.holder && item.holder.operator !== by.operator) return `offered to ${item.holder.operator}`;
      if (item.state === 'offered' && item.holder?.operator === by.operator) return null;
      return this.refusesTaker(item, by.operator);
    }, () => ({ holder: by }));
  }

  /**
   * Hand the item to an operator or a group, with a note that travels with it. It waits for
   * them at its original place (state redirected).
   */
  redirect(id: number, to: { operator: string } | { group: string }, note: { by: string; text: string }, now: number): ItemResult {
    const checked = checkItemNote(note.text);
    if (!checked.ok) return { ok: false, reason: checked.reason, item: this.get(id) };
    let owner: WorkItemOwner;
    if ('group' in to) {
      const g = this.db.prepare<[string], { id: number; name: string }>('SELECT id, name FROM operator_groups WHERE name = ?').get(to.group);
      if (!g) return { ok: false, reason: `no group ${to.group}`, item: this.get(id) };
      owner = { to: 'group', groupId: g.id, group: g.name };
    } else {
      if (!to.operator.trim()) return { ok: false, reason: 'redirect to whom? an operator or a group', item: this.get(id) };
      owner = { to: 'operator', operator: to.operator };
    }
    const detail = owner.to === 'group' ? `group ${owner.group}` : owner.operator;
    return this.move(id, 'redirected', note.by, now, () => null, () => ({ holder: null, owner }), detail, checked.text ? { by: note.by, text: checked.text } : null);
  }

  /** The accepted item is dealt with. */
  finish(id: number, by: string, now: number): ItemResult {
    return this.move(id, 'done', by, now, () => null, () => ({}));
  }

  /** The client gave up while waiting (a caller hung up, a visitor closed the chat). */
  abandon(id: number, now: number, detail = ''): ItemResult {
    return this.move(id, 'abandoned', '', now, () => null, () => ({ holder: null }), detail);
  }

  /** Too old to serve (a callback past its expiry, a chat left overnight). */
  expire(id: number, now: number, detail = ''): ItemResult {
    return this.move(id, 'expired', '', now, () => null, () => ({ holder: null }), detail);
  }

  /**
   * Back to the queue at its original place (its first arrival is kept): an offer not taken,
   * a console that vanished, a callback not reached. Its owner stays.
   */
  returnToQueue(id: number, now: number, reason = '', by = ''): ItemResult {
    return this.move(id, 'waiting', by, now, () => null, () => ({ holder: null }), reason);
  }

  /** Every item offered to or accepted by this console run, back to the queue (the console is gone). Returns their ids. */
  returnHeldBy(console: string, now: number, reason = 'console gone'): number[] {
    return this.db.transaction(() => {
      const ids = this.heldStmt.all(console) as number[];
      for (const id of ids) this.returnToQueue(id, now, reason);
      return ids;
    }).immediate();
  }

  /** Add an operator's note to the item (it travels with it). */
  addNote(id: number, note: { by: string; text: string }, now: number): ItemResult {
    const checked = checkItemNote(note.text);
    if (!checked.ok) return { ok: false, reason: checked.reason, item: this.get(id) };
    if (!checked.text) return { ok: false, reason: 'the note is empty', item: this.get(id) };
    return this.db.transaction((): ItemResult => {
      const item = this.get(id);
      if (!item) return { ok: false, reason: `no work item ${id}`, item: null };
      this.noteStmt.run(id, now, note.by, checked.text);
      this.db.prepare('UPDATE work_items SET version = version + 1 WHERE id = ?').run(id);
      return { ok: true, item: this.get(id)! };
    }).immediate();
  }

  /** Every move the item made, oldest first. */
  history(id: number): WorkItemMove[] {
    return this.historyStmt.all(id).map((m) => ({ itemId: m.item_id, at: m.at, from: m.from_state, to: m.to_state, by: m.by, detail: m.detail }));
  }

  /** Why `operator` may not take this waiting item (null: they may). */
  private refusesTaker(item: WorkItem, operator: string): string | null {
    const o = item.owner;
    if (o.to === 'operator' && o.operator !== operator) return `for ${o.operator} only`;
    if (o.to === 'group' && this.memberStmt.get(o.groupId, operator) === undefined) return `for group ${o.group}; ${operator} is not in it`;
    return null;
  }

  private move(
    id: number, to: WorkItemState, by: string, now: number,
    refuse: (item: WorkItem) => string | null,
    change: (item: WorkItem) => { holder?: WorkItemHolder | null; owner?: WorkItemOwner },
    detail = '', note: { by: string; text: string } | null = null,
  ): ItemResult {
    return this.db.transaction((): ItemResult => {
      const item = this.get(id);
      if (!item) return { ok: false, reason: `no work item ${id}`, item: null };
      if (!canMoveItem(item.state, to)) return { ok: false, reason: refusal(item, to), item };
      const why = refuse(item);
      if (why) return { ok: false, reason: why, item };
      const c = change(item);
      const holder = c.holder === undefined ? item.holder : c.holder;
      const owner = c.owner ?? item.owner;
      const r = this.moveStmt.run({
        id, version: item.version, state: to, now,
        holderOperator: holder?.operator ?? null, holderConsole: holder?.console ?? null,
        ownerGroup: owner.to === 'group' ? owner.groupId : null, ownerOperator: owner.to === 'operator' ? owner.operator : null,
      });
      // under the write lock the version cannot have moved; a guard, not a path
      if (r.changes !== 1) return { ok: false, reason: 'changed meanwhile', item: this.get(id) };
      this.logStmt.run(id, now, item.state, to, by, detail);
      if (note) this.noteStmt.run(id, now, note.by, note.text);
      return { ok: true, item: this.get(id)! };
    }).immediate();
  }
}

/** Why a move is not legal, in a dispatcher's words ("already accepted by Jana"). */
function refusal(item: WorkItem, to: WorkItemState): string {
  const who = item.holder ? ` by ${item.holder.operator}` : '';
  if (item.state === 'accepted') return to === 'accepted' ? `already accepted${who}` : `accepted${who}: cannot be ${to}`;
  if (item.state === 'done') return 'already dealt with';
  if (item.state === 'abandoned') return 'the client gave up';
  if (item.state === 'expired') return 'expired';
  return `a ${item.state} item cannot be ${to}`;
}

function toItem(r: Row, notes: WorkItemNote[]): WorkItem {
  const owner: WorkItemOwner = r.owner_group !== null ? { to: 'group', groupId: r.owner_group, group: r.group_name ?? '' }
    : r.owner_operator !== null ? { to: 'operator', operator: r.owner_operator } : { to: 'anyone' };
  return {
    id: r.id, kind: r.kind, ref: r.ref, entry: { via: r.entry_via, value: r.entry }, language: r.language, name: r.name,
    phone: r.phone, phoneKey: r.phone_key,
    web: r.entry_via === 'web' || r.web_page !== null ? { page: r.web_page ?? '', referrer: r.web_referrer ?? '', browser: r.web_browser ?? '', os: r.web_os ?? '' } : null,
    arrivedAt: r.arrived_at, position: r.position, state: r.state, stateAt: r.state_at, owner,
    holder: r.holder_operator !== null ? { operator: r.holder_operator, console: r.holder_console ?? '' } : null,
    notes, version: r.version,
  };
}
