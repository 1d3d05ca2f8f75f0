/**
 * Routing a call to a group (issue 15): the PBX passes the number dialled (To) and may pass an
 * X-Ringdesk-Group header (a group's name, or the IVR digit the caller pressed; docs/pbx.md). A
 * supervisor maps called numbers and IVR digits to groups (`ringdesk route`); a header that names
 * a group is taken as it is. One resolution, here, for the console and `ringdesk route test`.
 */
import type { Db } from './db.js';
import { IVR_DIGITS, routeEntry } from '../domain/group-route.js';
import { clipText } from '../domain/outside-text.js';

export interface CallGroup {
  /** The group the call is for. */
  name: string;
  /** What decided it: the header naming the group, an IVR digit, or the number dialled. */
  via: 'header' | 'ivr' | 'number';
}

export interface GroupRoute { entry: string; kind: 'ivr' | 'number'; key: string; group: string }

export class GroupRoutes {
  private getStmt; private listStmt; private setStmt; private delStmt;

  constructor(db: Db, private readonly region: string, private readonly groupExists: (name: string) => string | null = (n) => n) {
    this.getStmt = db.prepare<[string], { group_name: string }>('SELECT group_name FROM group_routes WHERE entry = ?');
    this.listStmt = db.prepare<[], { entry: string; group_name: string }>('SELECT entry, group_name FROM group_routes ORDER BY entry');
    this.setStmt = db.prepare(
      'INSERT INTO group_routes (entry, group_name, added_at) VALUES (?, ?, ?) ON CONFLICT(entry) DO UPDATE SET group_name = excluded.group_name');
    this.delStmt = db.prepare('DELETE FROM group_routes WHERE entry = ?');
  }

  /** Calls to `entry` (a number dialled, or an IVR digit) go to `group`. */
  set(entry: string, group: string, now: number): void {
    this.setStmt.run(entry, group, now);
  }
  remove(entry: string): boolean {
    return this.delStmt.run(entry).changes > 0;
  }
  list(): GroupRoute[] {
    return this.listStmt.all().map((r) => {
      const [kind, key] = r.entry.split(/:(.*)/s) as ['ivr' | 'number', string];
      return { entry: r.entry, kind, key, group: r.group_name };
    });
  }

  /**
   * The group a call is for: a header naming a group wins, then a header holding an IVR digit
   * routed to a group, then the number dialled; null: no group (any operator).
   */
  resolve(groupHeader: string | undefined, called: string | undefined): CallGroup | null {
    const header = groupHeader === undefined ? '' : clipText(groupHeader, 'label').trim();
    if (header && !IVR_DIGITS.test(header)) {
      const name = this.groupExists(header);
      if (name) return { name, via: 'header' };
    }
    if (header && IVR_DIGITS.test(header)) {
      const r = this.getStmt.get(`ivr:${header}`);
      if (r) return { name: r.group_name, via: 'ivr' };
    }
    const entry = called ? routeEntry('number', called, this.region) : null;
    const r = entry ? this.getStmt.get(entry) : undefined;
    return r ? { name: r.group_name, via: 'number' } : null;
  }
}
