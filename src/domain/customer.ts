/** Who calls: a customer, their category and the funnels the customers screen narrows by (S5). Pure data. */

export type Category = 'regular' | 'vip' | 'problem' | 'staff' | 'spam' | 'sleeping' | 'not-a-client';
export const categories: readonly Category[] = ['regular', 'vip', 'problem', 'staff', 'spam', 'sleeping', 'not-a-client'];

export interface Customer {
  id: number;
  name: string;
  company: string;
  category: Category;
  note: string;
  city: string;
  country: string;
  debt: number;
  phones: { e164: string; asTyped: string }[];
}

/** A category "funnel" (S5): everyone, paying clients only, or one category. */
export type Funnel = 'all' | 'clients' | Category;
export const funnels: readonly Funnel[] = ['all', 'clients', 'vip', 'problem', 'staff', 'spam', 'sleeping', 'not-a-client', 'regular'];
/** The categories each funnel narrower than everyone holds. */
export const funnelCategories: Record<Exclude<Funnel, 'all'>, Category[]> = {
  clients: ['regular', 'vip', 'problem'],
  regular: ['regular'], vip: ['vip'], problem: ['problem'], staff: ['staff'], spam: ['spam'],
  sleeping: ['sleeping'], 'not-a-client': ['not-a-client'],
};

/** One line of the customer list. */
export interface CustomerListEntry {
  id: number;
  name: string;
  company: string;
  category: Category;
  note: string;
  debt: number;
  /** The first number on the card, as a dispatcher reads it; '' when none. */
  phone: string;
  /** The most recently used address, one line; '' when none. */
  address: string;
}

/**
 * What makes an imported row the same person as a card already there (or an earlier row):
 * name+phone (default) — the same name (or company, without a name) and one of the numbers;
 * id — the file's id column is this database's customer id (a file exported from here);
 * phone — any card with one of the numbers (the old behaviour: merges a family sharing a phone).
 * A number alone never merges people unless asked with `phone`.
 */
export type MatchKey = 'name+phone' | 'id' | 'phone';
export const matchKeys: readonly MatchKey[] = ['name+phone', 'id', 'phone'];
