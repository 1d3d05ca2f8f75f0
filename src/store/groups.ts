/** Operator groups (per city, per brand…) and their members, by operator name as consoles know them. */
import type { Db } from './db.js';

export interface OperatorGroup { id: number; name: string; members: string[] }

export type GroupResult = { ok: true; group: OperatorGroup } | { ok: false; reason: string };

interface Row { id: number; name: string; members: string | null }

export class Groups {
  private listStmt; private byNameStmt; private byIdStmt; private ofStmt;

  constructor(private db: Db) {
    const select = `SELECT g.id, g.name, (SELECT json_group_array(operator) FROM (SELECT operator FROM group_members m WHERE m.group_id = g.id ORDER BY operator)) AS members
      FROM operator_groups g`;
    this.listStmt = db.prepare<[], Row>(`${select} ORDER BY g.name COLLATE NOCASE`);
    this.byNameStmt = db.prepare<[string], Row>(`${select} WHERE g.name = ?`);
    this.byIdStmt = db.prepare<[number], Row>(`${select} WHERE g.id = ?`);
    this.ofStmt = db.prepare<[string], number>('SELECT group_id FROM group_members WHERE operator = ? ORDER BY group_id').pluck();
  }

  list(): OperatorGroup[] {
    return this.listStmt.all().map(toGroup);
  }
  byName(name: string): OperatorGroup | null {
    const r = this.byNameStmt.get(name);
    return r ? toGroup(r) : null;
  }
  byId(id: number): OperatorGroup | null {
    const r = this.byIdStmt.get(id);
    return r ? toGroup(r) : null;
  }
  /** The ids of the groups `operator` belongs to. */
  groupsOf(operator: string): number[] {
    return this.ofStmt.all(operator) as number[];
  }

  /** A new group; refuses a name that exists (in any letter case). */
  add(name: string, now: number): GroupResult {
    return this.db.transaction((): GroupResult => {
      const existing = this.byName(name);
      if (existing) return { ok: false, reason: `group ${existing.name} already exists` };
      const id = Number(this.db.prepare('INSERT INTO operator_groups (name, created_at) VALUES (?, ?)').run(name, now).lastInsertRowid);
      return { ok: true, group: this.byId(id)! };
    }).immediate();
  }

  /** Put `operator` in the group (again is no change). */
  addMember(group: string, operator: string, now: number): GroupResult {
    return this.db.transaction((): GroupResult => {
      const g = this.byName(group);
      if (!g) return { ok: false, reason: `no group ${group}: ringdesk group add ${group}` };
      this.db.prepare('INSERT OR IGNORE INTO group_members (group_id, operator, added_at) VALUES (?, ?, ?)').run(g.id, operator, now);
      return { ok: true, group: this.byId(g.id)! };
    }).immediate();
  }

  /** Take `operator` out of the group. */
  removeMember(group: string, operator: string): GroupResult {
    return this.db.transaction((): GroupResult => {
      const g = this.byName(group);
      if (!g) return { ok: false, reason: `no group ${group}` };
      if (!g.members.includes(operator)) return { ok: false, reason: `${operator} is not in group ${g.name}` };
      this.db.prepare('DELETE FROM group_members WHERE group_id = ? AND operator = ?').run(g.id, operator);
      return { ok: true, group: this.byId(g.id)! };
    }).immediate();
  }
}

function toGroup(r: Row): OperatorGroup {
  return { id: r.id, name: r.name, members: r.members ? (JSON.parse(r.members) as string[]) : [] };
}
