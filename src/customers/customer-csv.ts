/**
 * Customers in and out of CSV (`ringdesk db import customers.csv`, `ringdesk db export`):
 * columns found by their usual names (English and Czech) or mapped by hand, every row
 * checked with the line it is on, numbers normalised on the way in.
 */
import fs from 'node:fs';
import { CsvReader, csvLine, restoreCell, type CsvRecord } from './csv.js';
import { readText, textDecoding } from './text-file.js';
import { formatPhone, normalisePhone, phoneKey } from '../domain/phone-number.js';
import { checkText, type TextField } from '../domain/outside-text.js';
import { parseMoney } from '../domain/money.js';
import { categories, type Category } from '../domain/customer.js';
import { emptyAddress, type Address } from '../domain/address.js';
import type { DuplicatePolicy, ExportedCustomer, ImportCustomer, ImportOutcome, ImportProblem, MatchKey } from '../store/customer-import.js';
import type { Store } from '../store/index.js';

export const customerFields = [
  'id', 'name', 'company', 'phone', 'category', 'note', 'city', 'country', 'debt',
  'street', 'house', 'building', 'flat', 'entrance', 'floor', 'intercom', 'postcode', 'addressCity', 'lat', 'lon', 'courierNote',
] as const;
export type CustomerField = (typeof customerFields)[number];

/** Header names each field is recognised by (compared without case, accents or punctuation). */
const aliases: Record<CustomerField, string[]> = {
  id: ['id', 'customer id', 'customer number', 'id zakaznika', 'cislo zakaznika'],
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
  addressCity: ['address city', 'delivery city', 'mesto adresy'],
  lat: ['lat', 'latitude', 'zemepisna sirka'],
  lon: ['lon', 'lng', 'longitude', 'zemepisna delka'],
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

/** The outside-text rule (src/domain/outside-text.ts) each column is checked with at intake. */
const textRuleOf: Record<CustomerField, TextField> = {
  id: 'id', name: 'name', company: 'name', phone: 'phone', category: 'label', note: 'note', city: 'city', country: 'label',
  debt: 'label', street: 'street', house: 'addressPart', building: 'addressPart', flat: 'addressPart', entrance: 'addressPart',
  floor: 'addressPart', intercom: 'addressPart', postcode: 'addressPart', addressCity: 'city', lat: 'label', lon: 'label', courierNote: 'note',
};

/** A coordinate cell: empty = none; else a number within ±limit. */
function readCoordinate(text: string, limit: number): number | null | undefined {
  if (!text) return null;
  const v = Number(text.replace(',', '.'));
  return Number.isFinite(v) && Math.abs(v) <= limit ? v : undefined;
}

/** Check one record against the mapping; numbers normalised with the row's country (an ISO code) or `region`. */
export function readCustomerRow(rec: CsvRecord, header: string[], columns: ColumnMap, region: string): ImportCustomer | ImportProblem {
  const bad = (reason: string): ImportProblem => ({ line: rec.line, reason });
  if (rec.error) return bad(rec.error);
  // a cell our export guarded against spreadsheet formulas ("'+420…") reads back as it was
  const f: string[] = rec.fields.map(restoreCell);
  if (f.length < header.length) return bad(`${f.length} columns where the header has ${header.length}`);
  if (f.length > header.length && f.slice(header.length).some((v) => v.trim() !== '')) {
    return bad(`${f.length} columns where the header has ${header.length}`);
  }
  // every cell through the one gate for outside text: NUL refused, escapes stripped, the field's length limit
  const values = new Map<CustomerField, string>();
  for (const field of customerFields) {
    if (field === 'phone' || !columns[field]) continue;
    const at = columns[field]![0];
    const checked = checkText(f[at], textRuleOf[field]);
    if (!checked.ok) return bad(`column ${header[at]}: ${checked.reason}`);
    values.set(field, checked.text.trim());
  }
  const get = (field: CustomerField) => values.get(field) ?? '';
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
  const name = get('name'), company = get('company'), fileId = get('id');
  if (!name && !company && phones.length === 0 && !fileId) return bad('no name, company or phone');
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
  const lat = readCoordinate(get('lat'), 90), lon = readCoordinate(get('lon'), 180);
  if (lat === undefined) return bad(`lat "${get('lat')}" is not a latitude (a number from -90 to 90)`);
  if (lon === undefined) return bad(`lon "${get('lon')}" is not a longitude (a number from -180 to 180)`);
  const address: Address = {
    ...emptyAddress, city: columns.addressCity ? get('addressCity') : get('city'), street: get('street'), house: get('house'),
    building: get('building'), flat: get('flat'), entrance: get('entrance'), floor: get('floor'), intercom: get('intercom'),
    postcode: get('postcode'), lat, lon, courierNote: get('courierNote'),
  };
  return {
    line: rec.line, fileId, name, company, category, note: get('note'), city: get('city'), country, debt, phones,
    address: address.street || address.house || address.lat !== null ? address : null,
  };
}

export interface CsvImportOptions {
  region: string;
  map?: string[];
  skipBad?: boolean;
  duplicates?: DuplicatePolicy;
  /** What makes a row the same customer as a card (default name+phone; see MatchKey). */
  match?: MatchKey;
  delimiter?: string;
  /** The file's encoding (default UTF-8; a WHATWG label such as windows-1250). */
  encoding?: string;
  /** Clock for added/used times; slicing of the write (tests). */
  now?: number;
  slices?: import('../store/sliced-writes.js').SliceOptions;
}

export type CsvImportResult = ({ ok: true; ignoredColumns: string[] } & ImportOutcome) | { ok: false; error: string };

/** The records of a CSV file, read as text in `encoding`; a line that cannot be read ends them with a fatal problem. */
function* csvRecords(file: string, encoding: string | undefined, delimiter: string | undefined): Generator<CsvRecord | ImportProblem> {
  const decoding = textDecoding(encoding);
  if (!decoding.ok) { yield { line: 0, reason: decoding.error, fatal: true }; return; }
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    yield { line: 0, reason: `cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`, fatal: true };
    return;
  }
  try {
    const reader = new CsvReader(delimiter);
    // a chunk at a time: a million-row file streams
    for (const block of readText(fd, decoding)) {
      if (typeof block !== 'string') {
        // the records before the bad line are complete; the file is refused at that line all the same
        yield { ...block, reason: `line ${block.line} ${block.reason}`, fatal: true };
        return;
      }
      yield* reader.push(block);
    }
    yield* reader.end();
  } finally {
    fs.closeSync(fd);
  }
}

/** Why the file's text cannot be read ("line 7 is not UTF-8 …"), or null; no CSV parsing. */
function textProblem(file: string, encoding: string | undefined): string | null {
  const decoding = textDecoding(encoding);
  if (!decoding.ok) return null;
  const fd = fs.openSync(file, 'r');
  try {
    for (const piece of readText(fd, decoding)) if (typeof piece !== 'string') return `line ${piece.line} ${piece.reason}`;
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Stream a CSV file into the customer base (CustomerImport.run plans every row, then writes),
 * refused whole when a line is not in the file's encoding or holds a NUL.
 */
export function importCustomersCsv(store: Store, file: string, opts: CsvImportOptions): CsvImportResult {
  const first = csvRecords(file, opts.encoding, opts.delimiter).next();
  if (first.done) return { ok: false, error: `${file} is empty: expected a header line with column names` };
  const head = first.value;
  if ('reason' in head) return { ok: false, error: `${head.line ? `${file} ` : ''}${head.reason}${head.line ? '; nothing was imported' : ''}` };
  const header = head.fields.map((h) => restoreCell(h).trim());
  const mapping = mapColumns(header, opts.map);
  if (!mapping.ok) return { ok: false, error: `${file} line ${head.line}: ${mapping.error}` };
  const columns = mapping.columns;
  // the whole file's text first (fast: no CSV parsing), so that even with --skip-bad a file that is not
  // in its encoding is refused before anything is written
  const unreadable = textProblem(file, opts.encoding);
  if (unreadable) return { ok: false, error: `${file} ${unreadable}; nothing was imported` };
  function* rows(): Generator<ImportCustomer | ImportProblem> {
    let headerSeen = false;
    for (const rec of csvRecords(file, opts.encoding, opts.delimiter)) {
      if ('reason' in rec) yield rec;
      else if (!headerSeen) headerSeen = true;
      else yield readCustomerRow(rec, header, columns, opts.region);
    }
  }
  const outcome = store.customerImport.run(rows(), { skipBad: opts.skipBad, duplicates: opts.duplicates, match: opts.match, now: opts.now, slices: opts.slices });
  const fatal = outcome.problems.find((p) => p.fatal);
  if (fatal) {
    const written = outcome.created + outcome.merged;
    return { ok: false, error: `${fatal.line ? `${file} ` : ''}${fatal.reason}; ${written ? `stopped after ${written} customers were written (the file changed during the import?)` : 'nothing was imported'}` };
  }
  return { ok: true, ignoredColumns: mapping.ignored, ...outcome };
}

/** The export columns; their names are ones the import recognises, so an export imports back as it was. */
export const exportHeader = [
  'id', 'name', 'company', 'category', 'phones', 'note', 'city', 'country', 'debt',
  'street', 'house', 'building', 'flat', 'entrance', 'floor', 'intercom', 'postcode', 'address city', 'lat', 'lon', 'courier note',
];

const addressFields = (a: Address) => [
  a.street, a.house, a.building, a.flat, a.entrance, a.floor, a.intercom, a.postcode, a.city,
  a.lat === null ? '' : String(a.lat), a.lon === null ? '' : String(a.lon), a.courierNote,
];

/** A customer's rows: the card with its last-used address, then a row with only the id for each further address. */
function exportRows(c: ExportedCustomer, region: string): string[][] {
  const debt = `${c.debt < 0 ? '-' : ''}${Math.floor(Math.abs(c.debt) / 100)}.${String(Math.abs(c.debt) % 100).padStart(2, '0')}`;
  const phones = c.phones.map((key) => formatPhone(key, region)).join('; ');
  const [first, ...more] = c.addresses.length ? c.addresses : [null];
  const noAddress = addressFields(emptyAddress).map(() => '');
  return [
    [String(c.id), c.name, c.company, c.category, phones, c.note, c.city, c.country, debt, ...(first ? addressFields(first) : noAddress)],
    ...more.map((a) => [String(c.id), '', '', '', '', '', '', '', '', ...addressFields(a!)]),
  ];
}

/**
 * Write every customer as CSV to `write` (a file or stdout); returns how many. Numbers in the
 * console's display form; cells a spreadsheet would run as a formula are guarded (csvLine).
 */
export function exportCustomersCsv(store: Store, write: (text: string) => void): number {
  let n = 0;
  let batch = csvLine(exportHeader);
  for (const c of store.customerImport.exportAll()) {
    for (const row of exportRows(c, store.region)) batch += csvLine(row);
    if (++n % 5000 === 0) { write(batch); batch = ''; }
  }
  write(batch);
  return n;
}
