/** The menu, points of sale and drivers: what a delivery refers to. */
import type { Db } from './db.js';
import type { PointOfSale, Product } from '../domain/catalog.js';
import { soldOutFor } from './menu.js';

export class Catalog {
  private search; private posList; private posByName; private driver;

  constructor(private db: Db) {
    this.search = db.prepare<{ like: string; code: string; limit: number; posId: number }, { id: number; name: string; category: string; price: number; stopped: number }>(
      `SELECT p.id, p.name, p.category, p.price, ${soldOutFor('@posId')} AS stopped
       FROM products p WHERE p.active = 1 AND (p.name LIKE @like ESCAPE '\\' OR p.code = @code)
       ORDER BY p.name COLLATE NOCASE LIMIT @limit`);
    this.posList = db.prepare<[], { id: number; name: string; preparation_minutes: number; busy_minutes: number }>(
      'SELECT id, name, preparation_minutes, busy_minutes FROM points_of_sale ORDER BY id');
    this.posByName = db.prepare<[string], { id: number }>('SELECT id FROM points_of_sale WHERE name = ?');
    this.driver = db.prepare<[number], { id: number; name: string; mobile: string }>('SELECT id, name, mobile FROM drivers WHERE id = ?');
  }

  /**
   * Menu search as the dispatcher types: substring of the name, or an exact product code.
   * `stopped` as the order's outlet `posId` sees it: stopped everywhere or at that outlet; with
   * no outlet yet (null), only stops everywhere (the card checks again once an outlet is known).
   */
  searchProducts(query: string, limit = 8, posId: number | null = null): Product[] {
    const q = query.trim();
    const like = `%${q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    return this.search.all({ like, code: q, limit, posId: posId ?? -1 }).map((r) => ({ ...r, stopped: r.stopped === 1 }));
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
