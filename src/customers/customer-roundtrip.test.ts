/**
 * Issue 12, "Imports never merge different people": real files on real SQLite databases.
 * A number shared by two people never merges them by default; export -> import into an empty
 * database gives back every customer, number, address, category and note exactly; the export
 * guards cells a spreadsheet would run as formulas and the import reads them back as they were.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Store } from '../store/index.js';
import { emptyAddress } from '../domain/address.js';
import { seed } from '../demo/seed.js';
import { CsvReader } from './csv.js';
import { exportCustomersCsv, importCustomersCsv } from './customer-csv.js';

let dir: string;
const open: Store[] = [];
const NOW = Date.parse('2026-03-02T10:00:00Z');

function db(name: string): Store {
  const s = Store.open(path.join(dir, name), { region: 'CZ', currency: 'CZK' });
  open.push(s);
  return s;
}
function exportTo(store: Store, name: string): string {
  const f = path.join(dir, name);
  let text = '';
  exportCustomersCsv(store, (t) => { text += t; });
  fs.writeFileSync(f, text);
  return f;
}
function importFile(store: Store, f: string, opts: Partial<Parameters<typeof importCustomersCsv>[2]> = {}) {
  const r = importCustomersCsv(store, f, { region: 'CZ', now: NOW, ...opts });
  if (!r.ok) throw new Error(r.error);
  return r;
}
/** Everything a customer is, in id order, without the ids (a new database numbers them anew). */
function everything(store: Store) {
  const ids = store.db.prepare('SELECT id FROM customers ORDER BY id').pluck().all() as number[];
  return ids.map((id) => {
    const { id: _id, ...c } = store.customers.get(id)!;
    return { ...c, phones: c.phones.map((p) => p.e164), addresses: store.addresses.forCustomer(id, 100) };
  });
}
const key = (e164: string) => ({ key: e164, asTyped: e164 });

beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringdesk-roundtrip-')); });
afterEach(() => {
  for (const s of open.splice(0)) s.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A base with what an export has to carry: shared numbers, several numbers and addresses, every category, hostile-looking cells. */
function richBase(store: Store): void {
  const c = store.customers;
  const at = (ms: number) => NOW - ms;
  const jana = c.create({ name: 'Jana Nováková', company: 'Nováková Design s.r.o.', category: 'vip', note: 'Allergic to nuts — always ask', city: 'Praha', country: 'CZ', phone: key('+420777123456') }, at(9000));
  c.attachPhone(jana, '+420605777888', '605 777 888', at(8000));
  store.addresses.remember(jana, { ...emptyAddress, city: 'Praha', street: 'Vinohradská', house: '12', flat: '4', intercom: 'NOVAKOVA', postcode: '120 00', lat: 50.0755, lon: 14.4378, courierNote: 'ring twice, "dog"' }, at(5000));
  store.addresses.remember(jana, { ...emptyAddress, city: 'Brno', street: 'Masarykova', house: '3', courierNote: 'office, 2nd floor' }, at(1000));
  // her husband shares her number: a different person, never merged into her card
  c.create({ name: 'Petr Novák', note: 'pays cash', phone: key('+420777123456') }, at(7000));
  for (const name of ['Petr Svoboda', 'Eva Svobodová', 'Adam Svoboda']) c.create({ name, phone: key('+420602555111') }, at(6000));
  c.create({ company: 'Veselý Autoservis', category: 'problem', debt: -45000, note: '=HYPERLINK("http://x","click")', phone: key('+420739444555') }, at(5000));
  c.create({ name: '@admin', category: 'spam', note: '+1 called twice\nthen hung up', phone: key('+447946000000') }, at(4000));
  c.create({ name: '-Dash', category: 'staff', note: "'quoted already", country: 'SK' }, at(3000));
  c.create({ name: 'Tab Start', category: 'sleeping', note: 'comma, semicolon; and "quotes"', debt: 12345 }, at(2000));
  const nc = c.create({ name: 'Not Client', category: 'not-a-client', phone: key('+420720999888') }, at(1500));
  store.addresses.remember(nc, { ...emptyAddress, street: '+Plus Street', house: '-1', floor: '@', lat: -33.8688, lon: 151.2093 }, at(500));
}

describe('db import never merges different people', () => {
  it('keeps two people who share a number apart by default; the console shows both (its chooser)', () => {
    const store = db('a.db');
    store.customers.create({ name: 'Jana Nováková', category: 'vip', note: 'Allergic to nuts', phone: key('+420777123456') });
    const f = path.join(dir, 'in.csv');
    fs.writeFileSync(f, 'name,phone,note\nPetr Novák,777 123 456,pays cash\nAnna,602111222,\nAnna D.,+420 602 111 222; 602 111 333,\n');
    const r = importFile(store, f);
    expect(r).toMatchObject({ committed: true, created: 3, merged: 0, problems: [] });
    const callers = store.lookupCaller('777123456').customers;
    expect(callers.map((c) => [c.name, c.category, c.note])).toEqual([['Jana Nováková', 'vip', 'Allergic to nuts'], ['Petr Novák', 'regular', 'pays cash']]);
    expect(store.lookupCaller('602111222').customers.map((c) => c.name)).toEqual(['Anna', 'Anna D.']);
  });

  it('merges on name + number (the same person again), and importing the same file twice changes nothing', () => {
    const store = db('a.db');
    const f = path.join(dir, 'in.csv');
    fs.writeFileSync(f, 'name,phone,street,house\nAnna Dvořák,602111222,Korunní,3\n  anna  dvořák ,602 111 222; 602 111 333,Slezská,7\n');
    expect(importFile(store, f)).toMatchObject({ created: 1, merged: 1 });
    const before = everything(store);
    expect(before).toHaveLength(1);
    expect(before[0].phones).toEqual(['+420602111222', '+420602111333']);
    expect(before[0].addresses.map((a) => a.street)).toEqual(['Korunní', 'Slezská']);
    expect(importFile(store, f)).toMatchObject({ created: 0, merged: 2 });
    expect(everything(store)).toEqual(before);
  });

  it('rows the file gives different ids stay different customers even with the same name and number', () => {
    const store = db('a.db');
    const f = path.join(dir, 'in.csv');
    fs.writeFileSync(f, 'id,name,phone\n7,Jan Novák,602111222\n8,Jan Novák,602111222\n,Jan Novák,602111222\n');
    expect(importFile(store, f)).toMatchObject({ committed: false, problems: [{ line: 4, reason: 'matches several customers (line 2, line 3); merge them by hand' }] });
    fs.writeFileSync(f, 'id,name,phone\n7,Jan Novák,602111222\n8,Jan Novák,602111222\n');
    expect(importFile(store, f)).toMatchObject({ created: 2, merged: 0 });
  });

  it('--match id updates the card with that id, and refuses an id that is somebody else here', () => {
    const store = db('a.db');
    const id = store.customers.create({ name: 'Jana', phone: key('+420602111222') });
    store.customers.create({ name: 'Karel', phone: key('+420603111222') });
    const f = path.join(dir, 'in.csv');
    fs.writeFileSync(f, `id,name,phone,category\n${id},Jana Nováková,602111222,vip\n99,New Person,604111222,\n`);
    expect(importFile(store, f, { match: 'id' })).toMatchObject({ created: 1, merged: 1 });
    expect(store.customers.get(id)).toMatchObject({ name: 'Jana Nováková', category: 'vip' });
    fs.writeFileSync(f, `id,name,phone\n${id + 1},Somebody Else,777000111\n`);
    expect(importFile(store, f, { match: 'id' })).toMatchObject({
      committed: false, problems: [{ line: 2, reason: expect.stringContaining(`id ${id + 1} is Karel here, not Somebody Else, and they share no number`) }],
    });
  });
});

describe('db export -> db import into an empty database', () => {
  it('gives back every customer, number, address, category and note exactly (the issue: a VIP with a note was merged into a customer sharing her number)', () => {
    const source = db('source.db');
    richBase(source);
    const f = exportTo(source, 'customers.csv');
    const target = db('target.db');
    const r = importFile(target, f);
    expect(r).toMatchObject({ committed: true, rows: 11, created: 10, merged: 0, problems: [] });
    expect(everything(target)).toEqual(everything(source));
    const jana = target.lookupCaller('+420777123456').customers;
    expect(jana.map((c) => [c.name, c.category, c.note])).toEqual([['Jana Nováková', 'vip', 'Allergic to nuts — always ask'], ['Petr Novák', 'regular', 'pays cash']]);
    // and the export of the copy is the same file
    expect(fs.readFileSync(exportTo(target, 'again.csv'), 'utf8')).toBe(fs.readFileSync(f, 'utf8'));
  });

  it('round-trips the demo data: as many new customers as were exported, none merged', () => {
    const source = db('demo.db');
    seed(source, { now: NOW });
    const n = (source.db.prepare('SELECT COUNT(*) AS n FROM customers').get() as { n: number }).n;
    const target = db('empty.db');
    expect(importFile(target, exportTo(source, 'demo.csv'))).toMatchObject({ created: n, merged: 0, problems: [] });
    expect(everything(target)).toEqual(everything(source));
  });

  it('guards every cell a spreadsheet would run as a formula, and the import reads it back', () => {
    const source = db('source.db');
    richBase(source);
    const text = fs.readFileSync(exportTo(source, 'customers.csv'), 'utf8');
    const reader = new CsvReader(',');
    const cells = [...reader.push(text), ...reader.end()].flatMap((r) => r.fields);
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
    expect(cells).toEqual(expect.arrayContaining(["'=HYPERLINK(\"http://x\",\"click\")", "'@admin", "777 123 456; 605 777 888", "'+44 7946 000000", "'-450.00", "'-Dash", "''quoted already", "'-33.8688"]));
  });
});

describe('db import reads only text in the encoding it is told', () => {
  const header = 'name,phone,note\n';
  it('refuses a file that is not UTF-8, naming the line; --encoding converts it', () => {
    const store = db('a.db');
    const f = path.join(dir, 'cp1250.csv');
    // "Černá" and "Žluťoučký kůň" as an older Excel saves them (Windows-1250)
    fs.writeFileSync(f, Buffer.concat([Buffer.from(`${header}Jana,602111222,ok\n`), Buffer.from([0xc8, 0x65, 0x72, 0x6e, 0xe1]), Buffer.from(',603111222,x\n')]));
    const r = importCustomersCsv(store, f, { region: 'CZ' });
    expect(r).toEqual({ ok: false, error: `${f} line 3 is not UTF-8 (byte 0xC8); save the file as UTF-8, or name its encoding, e.g. --encoding windows-1250; nothing was imported` });
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM customers').get()).toEqual({ n: 0 });
    // --skip-bad skips bad rows, not a file in another encoding: the good line 2 is not imported either
    expect(importCustomersCsv(store, f, { region: 'CZ', skipBad: true })).toMatchObject({ ok: false, error: expect.stringContaining('line 3 is not UTF-8') });
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM customers').get()).toEqual({ n: 0 });
    expect(importFile(store, f, { encoding: 'windows-1250' })).toMatchObject({ created: 2 });
    expect(store.lookupCaller('603111222').customers[0].name).toBe('Černá');
    expect(importCustomersCsv(store, f, { region: 'CZ', encoding: 'klingon' })).toEqual({ ok: false, error: expect.stringContaining('unknown encoding "klingon"') });
  });

  it('refuses NUL bytes with their line, and says what a UTF-16 file is', () => {
    const store = db('a.db');
    const nul = path.join(dir, 'nul.csv');
    fs.writeFileSync(nul, `${header}Jana,602111222,ok\nEva,603111222,bad\0note\n`);
    expect(importCustomersCsv(store, nul, { region: 'CZ' })).toEqual({ ok: false, error: expect.stringMatching(/line 3 holds a NUL byte/) });
    const utf16 = path.join(dir, 'utf16.csv');
    fs.writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${header}Žofie,602111222,x\n`, 'utf16le')]));
    expect(importCustomersCsv(store, utf16, { region: 'CZ' })).toEqual({ ok: false, error: expect.stringContaining('is UTF-16LE text (it starts with a byte order mark), not UTF-8; import it with --encoding utf-16le') });
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM customers').get()).toEqual({ n: 0 });
    expect(importFile(store, utf16, { encoding: 'utf-16le' })).toMatchObject({ created: 1 });
    expect(store.lookupCaller('602111222').customers[0].name).toBe('Žofie');
  });

  it('every cell goes through the outside-text gate: escape sequences stripped, a 10,000-character street refused with its line', () => {
    const store = db('a.db');
    const f = path.join(dir, 'hostile.csv');
    fs.writeFileSync(f, `name,phone,street\n"Eva\x1b]0;pwned\x07\x1b[2J Nová",602111222,Dlouhá\nLong,603111222,${'x'.repeat(10_000)}\n`);
    expect(importCustomersCsv(store, f, { region: 'CZ' })).toMatchObject({
      ok: true, committed: false, problems: [{ line: 3, reason: 'column street: the street is 10,000 characters long; at most 200 allowed' }],
    });
    expect(importFile(store, f, { skipBad: true })).toMatchObject({ created: 1 });
    expect(store.lookupCaller('602111222').customers[0].name).toBe('Eva Nová');
  });

  it('names the right line when the bad byte is far into a big file (read in chunks)', () => {
    const store = db('a.db');
    const f = path.join(dir, 'big.csv');
    const good = Array.from({ length: 30_000 }, (_, i) => `Customer ${i},+420 601 ${String(300000 + i).slice(0, 3)} ${String(300000 + i).slice(3)},\n`).join('');
    fs.writeFileSync(f, Buffer.concat([Buffer.from(header + good), Buffer.from([0x9a, 0x0a])]));
    expect(importCustomersCsv(store, f, { region: 'CZ' })).toEqual({ ok: false, error: expect.stringContaining('line 30002 is not UTF-8 (byte 0x9A)') });
  });
});

