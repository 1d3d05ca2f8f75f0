/** Customers and their phone numbers. A number may belong to several customers. */
import type { Db } from './db.js';
import type { Category, Customer } from '../domain/customer.js';

interface CustomerRow {
  id: number; name: string; company: string; category: Category; note: string;
  city: string; country: string; debt: number;
}

export class Customers {
  private byId; private phonesOf; private idsByPhone; private insert; private insertPhone;
  private updateStmt;

  constructor(private db: Db) {
    this.byId = db.prepare<[number], CustomerRow>('SELECT id, name, company, category, note, city, country, debt FROM customers WHERE id = ?');
    this.phonesOf = db.prepare<[number], { e164: string; as_typed: string }>(
      'SELECT e164, as_typed FROM customer_phones WHERE customer_id = ? ORDER BY added_at, e164');
    this.idsByPhone = db.prepare<[string], { customer_id: number }>(
      'SELECT customer_id FROM customer_phones WHERE e164 = ? ORDER BY customer_id LIMIT 50');
    this.insert = db.prepare(
      `INSERT INTO customers (name, company, category, note, city, country, debt, created_at, updated_at)
       VALUES (@name, @company, @category, @note, @city, @country, @debt, @now, @now)`);
    this.insertPhone = db.prepare(
      'INSERT OR IGNORE INTO customer_phones (customer_id, e164, as_typed, added_at) VALUES (?, ?, ?, ?)');
    this.updateStmt = db.prepare(
      `UPDATE customers SET name=@name, company=@company, category=@category, note=@note, city=@city,
       country=@country, debt=@debt, updated_at=@now WHERE id=@id`);
  }

  get(id: number): Customer | null {
    const row = this.byId.get(id);
    if (!row) return null;
    return { ...row, phones: this.phonesOf.all(id).map((p) => ({ e164: p.e164, asTyped: p.as_typed })) };
  }

  /** Customers who have this phone key (E.164 or bare digits), lowest id first. */
  withPhone(key: string): Customer[] {
    return this.idsByPhone.all(key).map((r) => this.get(r.customer_id)!).filter(Boolean);
  }

  create(c: Partial<Omit<Customer, 'id' | 'phones'>> & { phone?: { key: string; asTyped: string } }, now = Date.now()): number {
    return this.db.transaction(() => {
      const id = Number(this.insert.run({
        name: c.name ?? '', company: c.company ?? '', category: c.category ?? 'regular', note: c.note ?? '',
        city: c.city ?? '', country: c.country ?? '', debt: c.debt ?? 0, now,
      }).lastInsertRowid);
      if (c.phone) this.insertPhone.run(id, c.phone.key, c.phone.asTyped, now);
      return id;
    })();
  }

  update(c: Omit<Customer, 'phones'>, now = Date.now()): void {
    this.updateStmt.run({ ...c, now });
  }

  /** S4: a known customer calls from a new number; the number is added to their card. */
  attachPhone(customerId: number, key: string, asTyped: string, now = Date.now()): void {
    this.insertPhone.run(customerId, key, asTyped, now);
  }
}
