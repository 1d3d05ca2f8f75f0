/**
 * Customers in and out of CSV (`ringdesk db import customers.csv`, `ringdesk db export`):
 * columns found by their usual names (English and Czech) or mapped by hand, every row
 * checked with the line it is on, numbers normalised on the way in.
 */
import fs from 'node:fs';
import { CsvReader, csvLine, type CsvRecord } from './csv.js';
import { normalisePhone, phoneKey } from '../domain/phone-number.js';
import { parseMoney } from '../domain/money.js';
import { checkText, type TextField } from '../domain/outside-text.js';
import { categories, emptyAddress, type Address, type Category } from '../store/types.js';
import type { DuplicatePolicy, ExportedCustomer, ImportCustomer, ImportOutcome, ImportProblem } from '../store/customer-import.js';
import type { Store } from '../store/index.js';

export const customerFields = [
  'name', 'company', 'phone', 'category', 'note', 'city', 'country', 'debt',
  'street', 'house', 'building', 'flat', 'entrance', 'floor', 'intercom', 'postcode', 'courierNote',
] as const;
export type CustomerField = (typeof customerFields)[number];

/** Header names each field is recognised by (compared without case, accents or punctuation). */
const aliases: Record<CustomerField, string[]> = {
  name: ['name', 'customer', 'customer name', 'full name', 'client', 'jmeno', 'zakaznik', 'jmeno a prijmeni'],
  company: ['company', 'firm', 'organisation', 'organization', 'firma', 'spolecnost'],
  phone: ['phone', 'phones', 'telephone', 'tel', 'mobile', 'phone number', 'telefon', 'mobil', 'cislo telefonu'],
  category: ['category', 'type', 'kategorie'],
  note: ['note', 'notes', 'comment', 'warning', 'poznamka'],
  city: ['city', 'town', 'mesto', 'obec'],
  country: ['country', 'zeme', 'stat'],
  debt: ['debt', 'balance', 'unpaid', 'dluh'],
  street: ['street', 'address', 'ulice', 'adresa'],
  house: ['house', 'house number', 'cislo domu', 'cp', 'c p'],
  building: ['building', 'budova'],
  flat: ['flat', 'apartment', 'apt', 'byt'],
  entrance: ['entrance', 'vchod'],
  floor: ['floor', 'patro'],
  intercom: ['intercom', 'doorbell', 'zvonek'],
  postcode: ['postcode', 'zip', 'postal code', 'psc'],
  courierNote: ['courier note', 'note for the courier', 'driver note', 'pro kuryra'],
};
const extraPhone = /^(phone|tel|telephone|mobile|telefon|mobil)\s*\d+$/;

/** Header text as compared: lower case, no accents, punctuation and runs of space as one space. */
export function headerKey(h: string): string {
  return h.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

/** Which column(s) feed each field; phone may come from several columns. */
export type ColumnMap = Partial<Record<CustomerField, number[]>>;

export type MappingResult = { ok: true; columns: ColumnMap; ignored: string[] } | { ok: false; error: string };

/**
 * Find the columns of `header`; `overrides` are "field=Header" or "field=3" (1-based
 * column), and win over the usual names.
 */
export function mapColumns(header: string[], overrides: string[] = []): MappingResult {
  const columns: ColumnMap = {};
  const used = new Set<number>();
  for (const o of overrides) {
    const m = o.match(/^\s*([^=]+?)\s*=\s*(.*?)\s*$/);
    if (!m) return { ok: false, error: `--map ${o}: write it as field=Column, e.g. phone=Telefon` };
    const field = customerFields.find((f) => headerKey(f) === headerKey(m[1]));
    if (!field) return { ok: false, error: `--map ${o}: unknown field "${m[1]}"; fields are ${customerFields.join(', ')}` };
    let at = header.findIndex((h) => h.trim() === m[2] || headerKey(h) === headerKey(m[2]));
    if (at < 0 && /^\d+$/.test(m[2]) && Number(m[2]) >= 1 && Number(m[2]) <= header.length) at = Number(m[2]) - 1;
    if (at < 0) return { ok: false, error: `--map ${o}: no column "${m[2]}" in the header (columns: ${header.join(', ')})` };
    columns[field] = [...(field === 'phone' ? columns.phone ?? [] : []), at];
    used.add(at);
  }
  header.forEach((h, at) => {
    if (used.has(at)) return;
    const key = headerKey(h);
    const field = customerFields.find((f) => aliases[f].includes(key) || headerKey(f) === key) ?? (extraPhone.test(key) ? 'phone' : undefined);
    if (!field) return;
    if (field === 'phone') columns.phone = [...(columns.phone ?? []), at];
    else if (columns[field] === undefined) columns[field] = [at];
    else return;
    used.add(at);
  });
  if (!columns.name && !columns.company && !columns.phone) {
    return { ok: false, error: `no column for name, company or phone in the header (${header.join(', ')}); map one with --map name=Column` };
  }
  return { ok: true, columns, ignored: header.filter((_, at) => !used.has(at)) };
}

const categoryWords: Record<string, Category> = {
  ordinary: 'regular', client: 'regular', normal: 'regular', customer: 'regular', employee: 'staff', employees: 'staff',
  'not a client': 'not-a-client', 'not client': 'not-a-client', 'no client': 'not-a-client',
};

/** A category as people write it ("VIP", "not a client", "Spam"); null when unknown. */
export function readCategory(text: string): Category | null {
  const key = headerKey(text);
  const direct = categories.find((c) => headerKey(c) === key);
  return direct ?? categoryWords[key] ?? null;
}

/** Length limit of each column (src/domain/outside-text.ts); a phone column is checked number by number. */
const cellRules: Record<CustomerField, TextField> = {
  name: 'name', company: 'name', phone: 'note', category: 'label', note: 'note', city: 'city', country: 'label', debt: 'label',
  street: 'street', house: 'addressPart', building: 'addressPart', flat: 'addressPart', entrance: 'addressPart',
  floor: 'addressPart', intercom: 'addressPart', postcode: 'addressPart', courierNote: 'note',
};

/** Check one record against the mapping; numbers normalised with the row's country (an ISO code) or `region`. */
export function readCustomerRow(rec: CsvRecord, header: string[], columns: ColumnMap, region: string): ImportCustomer | ImportProblem {
  const bad = (reason: string): ImportProblem => ({ line: rec.line, reason });
  if (rec.error) return bad(rec.error);
  const f = rec.fields;
  if (f.length < header.length) return bad(`${f.length} columns where the header has ${header.length}`);
  if (f.length > header.length && f.slice(header.length).some((v) => v.trim() !== '')) {
    return bad(`${f.length} columns where the header has ${header.length}`);
  }
  // every cell through the one gate for outside text: no escape sequences, no NUL, the field's length limit
  const cells = {} as Record<CustomerField, string>;
  for (const field of customerFields) {
    const checked = checkText(columns[field] ? f[columns[field]![0]] : '', cellRules[field]);
    if (!checked.ok) return bad(`column ${header[columns[field]![0]]}: ${checked.reason}`);
    cells[field] = checked.text.trim();
  }
  const get = (field: CustomerField) => cells[field];
  const country = get('country');
  const rowRegion = /^[A-Za-z]{2}$/.test(country) ? country.toUpperCase() : region;
  const phones: { key: string; asTyped: string }[] = [];
  for (const at of columns.phone ?? []) {
    for (const cell of f[at].split(/[;,|\n]/).map((p) => p.trim()).filter(Boolean)) {
      const checked = checkText(cell, 'phone');
      if (!checked.ok) return bad(`column ${header[at]}: ${checked.reason}`);
      const typed = checked.text;
      const n = normalisePhone(typed, rowRegion);
      if (n.kind !== 'valid') return bad(`phone "${typed}": ${n.kind === 'withheld' ? 'not a number' : n.reason}`);
      const key = phoneKey(n)!;
      if (!phones.some((p) => p.key === key)) phones.push({ key, asTyped: typed });
    }
  }
  const name = get('name'), company = get('company');
  if (!name && !company && phones.length === 0) return bad('no name, company or phone');
  let category: Category | null = null;
  if (get('category')) {
    category = readCategory(get('category'));
    if (!category) return bad(`category "${get('category')}" is not one of ${categories.join(', ')}`);
  }
  let debt: number | null = null;
  if (get('debt')) {
    const text = get('debt').replace(/\s/g, '');
    const amount = parseMoney(text.replace(/^-/, ''));
    if (amount === null) return bad(`debt "${get('debt')}" is not an amount`);
    debt = text.startsWith('-') ? -amount : amount;
  }
  const address: Address = {
    ...emptyAddress, city: get('city'), street: get('street'), house: get('house'), building: get('building'),
    flat: get('flat'), entrance: get('entrance'), floor: get('floor'), intercom: get('intercom'),
    postcode: get('postcode'), courierNote: get('courierNote'),
  };
  return {
    line: rec.line, name, company, category, note: get('note'), city: get('city'), country, debt, phones,
    address: address.street || address.house ? address : null,
  };
}

export interface CsvImportOptions {
  region: string;
  map?: string[];
  skipBad?: boolean;
  duplicates?: DuplicatePolicy;
  delimiter?: string;
}

export type CsvImportResult = ({ ok: true; ignoredColumns: string[] } & ImportOutcome) | { ok: false; error: string };

/** Stream a CSV file into the customer base (see CustomerImport.run for the all-or-nothing rule). */
export function importCustomersCsv(store: Store, file: string, opts: CsvImportOptions): CsvImportResult {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    return { ok: false, error: `cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}` };
  }
  try {
    const reader = new CsvReader(opts.delimiter);
    const decoder = new TextDecoder('utf-8');
    const chunk = Buffer.alloc(1 << 20);
    let pending: CsvRecord[] = [];
    let eof = false;
    const more = (): boolean => {
      if (eof) return false;
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) {
        eof = true;
        pending = pending.concat(reader.push(decoder.decode()), reader.end());
      } else pending = pending.concat(reader.push(decoder.decode(chunk.subarray(0, n), { stream: true })));
      return true;
    };
    while (pending.length === 0 && more());
    const head = pending.shift();
    if (!head) return { ok: false, error: `${file} is empty: expected a header line with column names` };
    const header = head.fields.map((h) => h.trim());
    const mapping = mapColumns(header, opts.map);
    if (!mapping.ok) return { ok: false, error: `${file} line ${head.line}: ${mapping.error}` };
    function* rows(): Generator<ImportCustomer | ImportProblem> {
      for (;;) {
        for (const rec of pending) yield readCustomerRow(rec, header, mapping.ok ? mapping.columns : {}, opts.region);
        pending = [];
        if (!more()) return;
      }
    }
    const outcome = store.customerImport.run(rows(), { skipBad: opts.skipBad, duplicates: opts.duplicates });
    return { ok: true, ignoredColumns: mapping.ignored, ...outcome };
  } finally {
    fs.closeSync(fd);
  }
}

/** The export columns; their names are ones the import recognises, so an export imports back as it was. */
export const exportHeader = [
  'id', 'name', 'company', 'category', 'phones', 'note', 'city', 'country', 'debt',
  'street', 'house', 'building', 'flat', 'entrance', 'floor', 'intercom', 'postcode', 'courier note',
];

function exportFields(c: ExportedCustomer): string[] {
  const a = c.address ?? emptyAddress;
  const debt = `${c.debt < 0 ? '-' : ''}${Math.floor(Math.abs(c.debt) / 100)}.${String(Math.abs(c.debt) % 100).padStart(2, '0')}`;
  return [String(c.id), c.name, c.company, c.category, c.phones.join('; '), c.note, c.city, c.country, debt,
    a.street, a.house, a.building, a.flat, a.entrance, a.floor, a.intercom, a.postcode, a.courierNote];
}

/** Write every customer as CSV to `write` (a file or stdout); returns how many. */
export function exportCustomersCsv(store: Store, write: (text: string) => void): number {
  let n = 0;
  let batch = csvLine(exportHeader);
  for (const c of store.customerImport.exportAll()) {
    batch += csvLine(exportFields(c));
    if (++n % 5000 === 0) { write(batch); batch = ''; }
  }
  write(batch);
  return n;
}
