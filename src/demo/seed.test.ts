import { afterEach, describe, expect, it } from 'vitest';
import { seed } from './seed.js';
import { tempStore } from '../../test/helpers/temp-store.js';

describe('seed with bulk customers', () => {
  let cleanup: (() => void) | null = null;
  afterEach(() => { cleanup?.(); cleanup = null; });
  it('indexes every bulk customer for search in one pass (the index pause is lifted afterwards)', () => {
    const t = tempStore();
    cleanup = t.cleanup;
    seed(t.store, { customers: 3000, deliveries: 200, seed: 3 });
    const indexed = t.store.db.prepare('SELECT COUNT(*) AS n FROM customer_search').get() as { n: number };
    const all = t.store.db.prepare('SELECT COUNT(*) AS n FROM customers').get() as { n: number };
    expect(indexed.n).toBe(all.n);
    const paused = t.store.db.prepare("SELECT COUNT(*) AS n FROM settings WHERE key = 'customer-search:paused'").get() as { n: number };
    expect(paused.n).toBe(0);
    // the last bulk customer is found by its number, and an edit afterwards is indexed by the triggers again
    const last = t.store.db.prepare('SELECT c.id, p.as_typed FROM customers c JOIN customer_phones p ON p.customer_id = c.id ORDER BY c.id DESC LIMIT 1').get() as { id: number; as_typed: string };
    expect(t.store.customerSearch.find(last.as_typed, { funnel: 'all' }).entries.map((e) => e.id)).toContain(last.id);
    const c = t.store.customers.get(last.id)!;
    t.store.customers.update({ ...c, name: 'Zdeňka Quaxová' });
    expect(t.store.customerSearch.find('Quaxová', { funnel: 'all' }).entries.map((e) => e.id)).toEqual([last.id]);
  });
});
