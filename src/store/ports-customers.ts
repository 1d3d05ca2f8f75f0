/**
 * The customers' ports: cards and numbers, the search as it is typed, saved addresses, import and export.
 * Every method returns a Promise (an engine may answer over the network): src/store/ports.ts.
 */
import type { Customer, CustomerListEntry } from '../domain/customer.js';
import type { Address } from '../domain/address.js';
import type { SearchOptions, SearchResult } from './customer-search.js';
import type { ExportedCustomer, ImportCustomer, ImportOptions, ImportOutcome, ImportProblem } from './customer-import.js';

/** Customers' cards and their numbers (E.164 keys). */
export interface CustomerRepository {
  get(id: number): Promise<Customer | null>;
  withPhone(key: string): Promise<Customer[]>;
  create(c: Partial<Omit<Customer, 'id' | 'phones'>> & { phone?: { key: string; asTyped: string } }, now?: number): Promise<number>;
  update(c: Omit<Customer, 'phones'>, now?: number): Promise<void>;
  attachPhone(customerId: number, key: string, asTyped: string, now?: number): Promise<void>;
}

/** The customer base searched as it is typed (SQLite FTS5; PostgreSQL pg_trgm or full text). */
export interface CustomerSearchRepository {
  search(query: string, opts?: SearchOptions): Promise<CustomerListEntry[]>;
  find(query: string, opts?: SearchOptions): Promise<SearchResult>;
  addressesOf(customerId: number): Promise<Address[]>;
}

/** Customers' saved addresses, the last used first. */
export interface SavedAddressRepository {
  forCustomer(customerId: number, limit?: number): Promise<Address[]>;
  sameAs(customerId: number, a: Address): Promise<number | null>;
  add(customerId: number, a: Address, lastUsed: number): Promise<void>;
  remember(customerId: number, a: Address, now?: number): Promise<void>;
}

/** `db import` in slices that each commit quickly; `db export` as a stream. */
export interface CustomerImportRepository {
  run(rows: Iterable<ImportCustomer | ImportProblem>, opts?: ImportOptions): Promise<ImportOutcome>;
  exportAll(): AsyncIterable<ExportedCustomer>;
}
