/** The menu, points of sale and drivers: what a delivery refers to. */
import type { Db } from './db.js';
import type { PointOfSale, Product } from '../domain/catalog.js';

export class Catalog {
  private search; private product; private posList; private posByName; private driver;

  constructor(private db: Db) {
    this.search = db.prepare<[string, string, number], { id: number; name: string; category: string; price: number; stopped: number }>(
      `SELECT p.id, p.name, p.category, p.price,
              EXISTS (SELECT 1 FROM stop_list s WHERE s.product_id = p.id) AS stopped
       FROM products p WHERE p.active = 1 AND (p.name LIKE ? ESCAPE '\\' OR p.code = ?)
       ORDER BY p.name COLLATE NOCASE LIMIT ?`);
    this.product = db.prepare<[number], { id: number; name: string; category: string; price: number; stopped: number }>(
      `SELECT p.id, p.name, p.category, p.price,
              EXISTS (SELECT 1 FROM stop_list s WHERE s.product_id = p.id) AS stopped
       FROM products p WHERE p.id = ?`);
    this.posList = db.prepare<[], { id: number; name: string; preparation_minutes: number; busy_minutes: number }>(
      'SELECT id, name, preparation_minutes, busy_minutes FROM points_of_sale ORDER BY id');
    this.posByName = db.prepare<[string], { id: number }>('SELECT id FROM points_of_sale WHERE name = ?');
    this.driver = db.prepare<[number], { id: number; name: string; mobile: string }>('SELECT id, name, mobile FROM drivers WHERE id = ?');
  }

  /** Menu search as the dispatcher types: substring of the name, or an exact product code. */
  searchProducts(query: string, limit = 8): Product[] {
    const q = query.trim();
    const like = `%${q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    return this.search.all(like, q, limit).map((r) => ({ ...r, stopped: r.stopped === 1 }));
  }

  productById(id: number): Product | null {
    const r = this.product.get(id);
    return r ? { ...r, stopped: r.stopped === 1 } : null;
  }

  pointsOfSale(): PointOfSale[] {
    return this.posList.all().map((r) => ({ id: r.id, name: r.name, preparationMinutes: r.preparation_minutes, busyMinutes: r.busy_minutes }));
  }

  posIdByName(name: string): number | null {
    return this.posByName.get(name)?.id ?? null;
  }

  driverById(id: number): { id: number; name: string; mobile: string } | null {
    return this.driver.get(id) ?? null;
  }
}
