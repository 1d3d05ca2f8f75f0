/**
 * The menu with sizes and modifier groups, its import, and the stop-list (sold-out products,
 * everywhere or at one outlet).
 */
import type { Db } from './db.js';
import type { MenuFileProduct } from '../domain/pricing.js';
import type { MenuChoice, MenuGroup, MenuProduct } from '../domain/pricing.js';

interface ProductRow { id: number; code: string; name: string; category: string; price: number; active: number; stopped: number }
export interface ProductRef { id: number; code: string; name: string; active: boolean }
export interface StopEntry { productId: number; product: string; outlet: string; since: number }

/** How a name or code the dispatcher typed finds products: exactly one, several, or none. */
export type ProductFind = { kind: 'one'; product: ProductRef } | { kind: 'several'; products: ProductRef[] } | { kind: 'none' };

/**
 * SQL: product `p` is sold out for the outlet bound to `outlet` (a parameter): stopped everywhere
 * or at that outlet, never because another outlet stopped it. Bind -1 for "no outlet yet".
 */
export function soldOutFor(outlet: string): string {
  return `EXISTS (SELECT 1 FROM stop_list s WHERE s.product_id = p.id AND (s.pos_id IS NULL OR s.pos_id = ${outlet}))`;
}
const STOPPED = soldOutFor('?');

export class Menu {
  private productStmt; private byCode; private byName; private byLike;
  private findExisting; private insertProduct; private updateProduct; private retire;
  private sizeRows; private insertSize; private updateSize; private deleteSize;
  private groupRows; private insertGroup; private updateGroup; private deleteGroup;
  private modRows; private insertMod; private updateMod; private deleteMod;
  private stopStmt; private unstopStmt; private stopListStmt;

  constructor(private db: Db) {
    // one statement for the product, its sizes, groups and modifiers (a quote reads several per order)
    this.productStmt = db.prepare<[number, number], ProductRow & { sizes: string; groups: string }>(
      `SELECT p.id, p.code, p.name, p.category, p.price, p.active, ${STOPPED} AS stopped,
         (SELECT json_group_array(json_object('id', s.id, 'name', s.name, 'price', s.price))
            FROM (SELECT id, name, price FROM product_sizes WHERE product_id = p.id ORDER BY position, id) s) AS sizes,
         (SELECT json_group_array(json_object('id', g.id, 'name', g.name, 'min', g.min_choices, 'max', g.max_choices, 'modifiers', json(
            (SELECT json_group_array(json_object('id', m.id, 'name', m.name, 'price', m.price))
               FROM (SELECT id, name, price FROM modifiers WHERE group_id = g.id ORDER BY position, id) m))))
            FROM (SELECT * FROM modifier_groups WHERE product_id = p.id ORDER BY position, id) g) AS groups
       FROM products p WHERE p.id = ?`);
    const refCols = 'id, code, name, active';
    this.byCode = db.prepare<[string], ProductRow>(`SELECT ${refCols} FROM products WHERE code = ? AND code <> '' ORDER BY active DESC, id`);
    this.byName = db.prepare<[string], ProductRow>(`SELECT ${refCols} FROM products WHERE name = ? COLLATE NOCASE ORDER BY active DESC, id`);
    this.byLike = db.prepare<[string], ProductRow>(
      `SELECT ${refCols} FROM products WHERE active = 1 AND name LIKE ? ESCAPE '\\' ORDER BY name COLLATE NOCASE LIMIT 10`);
    this.findExisting = db.prepare<[string, string], { id: number }>(
      `SELECT id FROM products WHERE (? <> '' AND code = ?) ORDER BY id LIMIT 1`);
    this.insertProduct = db.prepare<Record<string, unknown>, { id: number }>(
      `INSERT INTO products (code, name, category, price, active, position) VALUES (@code, @name, @category, @price, 1, @position) RETURNING id`);
    this.updateProduct = db.prepare(
      `UPDATE products SET code=@code, name=@name, category=@category, price=@price, active=1, position=@position WHERE id=@id`);
    this.retire = db.prepare('UPDATE products SET active = 0 WHERE active = 1 AND id NOT IN (SELECT value FROM json_each(?))');
    this.sizeRows = db.prepare<[number], { id: number; name: string }>('SELECT id, name FROM product_sizes WHERE product_id = ?');
    this.insertSize = db.prepare('INSERT INTO product_sizes (product_id, name, price, position) VALUES (?, ?, ?, ?)');
    this.updateSize = db.prepare('UPDATE product_sizes SET name = ?, price = ?, position = ? WHERE id = ?');
    this.deleteSize = db.prepare('DELETE FROM product_sizes WHERE id = ?');
    this.groupRows = db.prepare<[number], { id: number; name: string }>('SELECT id, name FROM modifier_groups WHERE product_id = ?');
    this.insertGroup = db.prepare<[number, string, number, number, number], { id: number }>(
      'INSERT INTO modifier_groups (product_id, name, min_choices, max_choices, position) VALUES (?, ?, ?, ?, ?) RETURNING id');
    this.updateGroup = db.prepare('UPDATE modifier_groups SET name = ?, min_choices = ?, max_choices = ?, position = ? WHERE id = ?');
    this.deleteGroup = db.prepare('DELETE FROM modifier_groups WHERE id = ?');
    this.modRows = db.prepare<[number], { id: number; name: string }>('SELECT id, name FROM modifiers WHERE group_id = ?');
    this.insertMod = db.prepare('INSERT INTO modifiers (group_id, name, price, position) VALUES (?, ?, ?, ?)');
    this.updateMod = db.prepare('UPDATE modifiers SET name = ?, price = ?, position = ? WHERE id = ?');
    this.deleteMod = db.prepare('DELETE FROM modifiers WHERE id = ?');
    this.stopStmt = db.prepare('INSERT OR IGNORE INTO stop_list (product_id, pos_id, since) VALUES (?, ?, ?)');
    this.unstopStmt = db.prepare('DELETE FROM stop_list WHERE product_id = ? AND IFNULL(pos_id, 0) = IFNULL(?, 0)');
    this.stopListStmt = db.prepare<[], { product_id: number; product: string; outlet: string | null; since: number }>(
      `SELECT s.product_id, p.name AS product, o.name AS outlet, s.since FROM stop_list s JOIN products p ON p.id = s.product_id
       LEFT JOIN points_of_sale o ON o.id = s.pos_id ORDER BY p.name COLLATE NOCASE, o.name`);
  }

  /** A product with its sizes and modifier groups; `stopped` as seen from outlet `posId` (null: stopped everywhere). */
  product(id: number, posId: number | null = null): MenuProduct | null {
    const r = this.productStmt.get(posId ?? -1, id);
    if (!r) return null;
    return {
      id: r.id, code: r.code, name: r.name, category: r.category, price: r.price, active: r.active === 1, stopped: r.stopped === 1,
      sizes: JSON.parse(r.sizes) as MenuChoice[], groups: JSON.parse(r.groups) as MenuGroup[],
    };
  }

  /** Find a product by exact code, exact name, or a unique start or part of its name. */
  find(text: string): ProductFind {
    const t = text.trim();
    if (!t) return { kind: 'none' };
    const toRef = (r: ProductRow): ProductRef => ({ id: r.id, code: r.code, name: r.name, active: r.active === 1 });
    const exact = this.byCode.all(t).concat(this.byName.all(t));
    if (exact.length) return { kind: 'one', product: toRef(exact[0]) };
    const esc = t.replace(/[\\%_]/g, (c) => '\\' + c);
    for (const pattern of [`${esc}%`, `%${esc}%`]) {
      const rows = this.byLike.all(pattern);
      if (rows.length === 1) return { kind: 'one', product: toRef(rows[0]) };
      if (rows.length > 1) return { kind: 'several', products: rows.map(toRef) };
    }
    return { kind: 'none' };
  }

  /**
   * Replace the menu with a checked file in one transaction. Products are matched by code, else by
   * name; sizes, groups and modifiers by name (so their ids survive a re-import); products missing
   * from the file are retired (kept for past orders, no longer offered).
   */
  importMenu(products: MenuFileProduct[]): { added: number; updated: number; retired: number } {
    return this.db.transaction(() => {
      let added = 0, updated = 0;
      const keep: number[] = [];
      products.forEach((p, position) => {
        const existing = this.findExisting.get(p.code, p.code) ?? this.byName.get(p.name);
        let id: number;
        const row = { code: p.code, name: p.name, category: p.category, price: p.price, position };
        if (existing && !keep.includes(existing.id)) {
          id = existing.id;
          this.updateProduct.run({ ...row, id });
          updated++;
        } else {
          id = this.insertProduct.get(row)!.id;
          added++;
        }
        keep.push(id);
        syncByName(this.sizeRows.all(id), p.sizes,
          (s, i) => this.insertSize.run(id, s.name, s.price, i),
          (rowId, s, i) => this.updateSize.run(s.name, s.price, i, rowId),
          (rowId) => this.deleteSize.run(rowId));
        syncByName(this.groupRows.all(id), p.groups,
          (g, i) => this.syncModifiers(this.insertGroup.get(id, g.name, g.min, g.max, i)!.id, g.modifiers),
          (rowId, g, i) => { this.updateGroup.run(g.name, g.min, g.max, i, rowId); this.syncModifiers(rowId, g.modifiers); },
          (rowId) => this.deleteGroup.run(rowId));
      });
      const retired = this.retire.run(JSON.stringify(keep)).changes;
      return { added, updated, retired };
    }).immediate();
  }

  private syncModifiers(groupId: number, mods: { name: string; price: number }[]): void {
    syncByName(this.modRows.all(groupId), mods,
      (m, i) => this.insertMod.run(groupId, m.name, m.price, i),
      (rowId, m, i) => this.updateMod.run(m.name, m.price, i, rowId),
      (rowId) => this.deleteMod.run(rowId));
  }

  /** Put a product on the stop-list, everywhere (`posId` null) or at one outlet. */
  stop(productId: number, posId: number | null, now = Date.now()): boolean {
    return this.stopStmt.run(productId, posId, now).changes > 0;
  }

  /** Take a product off the stop-list where it was stopped (everywhere, or the one outlet). */
  unstop(productId: number, posId: number | null): boolean {
    return this.unstopStmt.run(productId, posId).changes > 0;
  }

  stopList(): StopEntry[] {
    return this.stopListStmt.all().map((r) => ({ productId: r.product_id, product: r.product, outlet: r.outlet ?? '', since: r.since }));
  }
}

/** Match rows to wanted items by case-insensitive name: update matches, insert new, delete the rest. */
function syncByName<T extends { name: string }>(
  rows: { id: number; name: string }[], wanted: T[],
  insert: (w: T, i: number) => void, update: (id: number, w: T, i: number) => void, remove: (id: number) => void,
): void {
  const left = new Map(rows.map((r) => [r.name.toLowerCase(), r.id]));
  wanted.forEach((w, i) => {
    const id = left.get(w.name.toLowerCase());
    if (id !== undefined) { update(id, w, i); left.delete(w.name.toLowerCase()); } else insert(w, i);
  });
  for (const id of left.values()) remove(id);
}
