import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Store } from '../store/index.js';
import { exportCustomersCsv, importCustomersCsv, mapColumns, readCategory } from './customer-csv.js';

let dir: string;
let store: Store;
const count = () => (store.db.prepare('SELECT COUNT(*) AS n FROM customers').get() as { n: number }).n;
function file(name: string, text: string): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringdesk-csv-'));
  store = Store.open(path.join(dir, 'desk.db'), { region: 'CZ', currency: 'CZK' });
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const broken = [
  'Jméno;Telefon;Kategorie;Ulice;Číslo domu;Město;Dluh',
  'Zdeněk Novák;+420 777 123 456;VIP;Vinohradská;12;Praha;',
  'Jana Nováková;602-111-222;;;;Brno;150,50',
  'Bad Phone;12 34;;;;;',
  ';;;;;;',
  'Petr Svoboda;603 333 444;gold;;;;',
  'Eva Short;604 444 555;',
  'Karel Debt;605 555 666;;;;;lots',
  '"Olga ""Olly"" Horák";606 666 777, 00420 606 666 778;staff;Dlouhá;5;Praha;',
  'Unclosed;"607 777 888;;;;;',
].join('\r\n');

describe('db import: every bad row reported, nothing half-imported', () => {
  it('imports nothing and lists each bad row with its line and reason', () => {
    const r = importCustomersCsv(store, file('broken.csv', broken), { region: 'CZ' });
    if (!r.ok) throw new Error(r.error);
    expect(r.committed).toBe(false);
    expect(r.problems).toEqual([
      { line: 4, reason: expect.stringMatching(/^phone "12 34": /) },
      { line: 5, reason: 'no name, company or phone' },
      { line: 6, reason: expect.stringContaining('category "gold" is not one of regular, vip') },
      { line: 7, reason: '3 columns where the header has 7' },
      { line: 8, reason: 'debt "lots" is not an amount' },
      { line: 10, reason: 'a quoted value is never closed' },
    ]);
    expect(count()).toBe(0);
    expect(store.customerSearch.search('novak')).toEqual([]);
  });

  it('with --skip-bad imports the good rows, numbers normalised and searchable', () => {
    const r = importCustomersCsv(store, file('broken.csv', broken), { region: 'CZ', skipBad: true });
    if (!r.ok) throw new Error(r.error);
    expect(r).toMatchObject({ committed: true, rows: 3, created: 3, merged: 0 });
    expect(r.problems).toHaveLength(6);
    expect(count()).toBe(3);
    const jana = store.customerSearch.search('602 111 222')[0];
    expect(jana).toMatchObject({ name: 'Jana Nováková', debt: 15050, phone: '602 111 222' });
    const olga = store.lookupCaller('606666778').customers[0];
    expect(olga).toMatchObject({ name: 'Olga "Olly" Horák', category: 'staff' });
    expect(olga.phones.map((p) => p.e164)).toEqual(['+420606666777', '+420606666778']);
    expect(store.customerSearch.search('vinohradska 12').map((c) => c.name)).toEqual(['Zdeněk Novák']);
    expect(store.customerSearch.search('dlouha')[0].address).toBe('Dlouhá 5, Praha');
    expect(store.customers.get(store.customerSearch.search('zdenek')[0].id)!.category).toBe('vip');
  });

  it('with --match phone merges a number already on a card into that card, or reports it', () => {
    store.customers.create({ name: 'Zdeněk Novák', note: 'ring twice', phone: { key: '+420777123456', asTyped: '777123456' } });
    const text = 'name,phone,street,house,city,note\n'
      + 'Zdenek N.,+420777123456,Korunní,3,Praha,\n'
      + 'Anna,602111222,,,,first\n'
      + 'Anna Dvořák,602 111 222; 602 111 333,,,,\n';
    const reported = importCustomersCsv(store, file('dups.csv', text), { region: 'CZ', duplicates: 'report', match: 'phone' });
    if (!reported.ok) throw new Error(reported.error);
    expect(reported.committed).toBe(false);
    expect(reported.problems).toEqual([
      { line: 2, reason: 'duplicate: the number is already on customer #1 Zdeněk Novák' },
      { line: 4, reason: 'duplicate: the number is already on line 3' },
    ]);
    const merged = importCustomersCsv(store, file('dups.csv', text), { region: 'CZ', match: 'phone' });
    if (!merged.ok) throw new Error(merged.error);
    expect(merged).toMatchObject({ committed: true, rows: 3, created: 1, merged: 2, problems: [] });
    const z = store.customers.get(1)!;
    expect(z).toMatchObject({ name: 'Zdenek N.', note: 'ring twice' });
    expect(store.customerSearch.search('korunni')[0].id).toBe(1);
    const anna = store.lookupCaller('602111333').customers;
    expect(anna).toHaveLength(1);
    expect(anna[0]).toMatchObject({ name: 'Anna Dvořák', note: 'first' });
    expect(store.customerSearch.search('602 111 333').map((c) => c.name)).toEqual(['Anna Dvořák']);
    expect(count()).toBe(2);
  });

  it('with --match phone finds duplicates within the file when the base is empty', () => {
    const text = 'name,phone\nAnna,602111222\nAnna D.,+420 602 111 222; 602 111 333\nBob,603000111\n';
    const reported = importCustomersCsv(store, file('d.csv', text), { region: 'CZ', duplicates: 'report', match: 'phone' });
    expect(reported).toMatchObject({ ok: true, committed: false, problems: [{ line: 3, reason: 'duplicate: the number is already on line 2' }] });
    expect(count()).toBe(0);
    expect(importCustomersCsv(store, file('d.csv', text), { region: 'CZ', match: 'phone' })).toMatchObject({ ok: true, committed: true, created: 2, merged: 1 });
    expect(store.lookupCaller('602111333').customers.map((c) => c.name)).toEqual(['Anna D.']);
  });

  it('reads columns mapped by hand, and says what is wrong with a mapping', () => {
    const text = 'Klient,Mobilní číslo,Poznámka k zákazníkovi\nJana,602111222,VIP guest\n';
    const r = importCustomersCsv(store, file('mapped.csv', text), { region: 'CZ', map: ['name=Klient', 'phone=2', 'note=Poznámka k zákazníkovi'] });
    if (!r.ok) throw new Error(r.error);
    expect(r).toMatchObject({ committed: true, created: 1, ignoredColumns: [] });
    expect(store.customerSearch.search('jana')[0]).toMatchObject({ note: 'VIP guest', phone: '602 111 222' });
    expect(importCustomersCsv(store, file('x.csv', 'a,b\n1,2\n'), { region: 'CZ' })).toEqual({
      ok: false, error: expect.stringContaining('line 1: no column for name, company or phone in the header (a, b)'),
    });
    expect(mapColumns(['a'], ['colour=a'])).toMatchObject({ ok: false, error: expect.stringContaining('unknown field "colour"') });
    expect(mapColumns(['a'], ['name=Jméno'])).toMatchObject({ ok: false, error: expect.stringContaining('no column "Jméno" in the header (columns: a)') });
    expect(importCustomersCsv(store, path.join(dir, 'missing.csv'), { region: 'CZ' })).toEqual({ ok: false, error: expect.stringContaining('no such file') });
    expect(importCustomersCsv(store, file('empty.csv', ''), { region: 'CZ' })).toEqual({ ok: false, error: expect.stringContaining('is empty') });
  });

  it('reads categories as people write them', () => {
    expect(['VIP', 'Not a client', 'spam', 'Ordinary', 'Sleeping'].map(readCategory)).toEqual(['vip', 'not-a-client', 'spam', 'regular', 'sleeping']);
    expect(readCategory('gold')).toBeNull();
  });
});

describe('db export', () => {
  it('writes every customer so that the file imports back as it was', () => {
    importCustomersCsv(store, file('broken.csv', broken), { region: 'CZ', skipBad: true });
    store.customers.create({ name: 'Minus', debt: -150, phone: { key: '+447946000000', asTyped: '+44 7946 000000' } });
    let text = '';
    expect(exportCustomersCsv(store, (t) => { text += t; })).toBe(4);
    expect(text.split('\r\n')[0]).toBe('id,name,company,category,phones,note,city,country,debt,street,house,building,flat,entrance,floor,intercom,postcode,address city,lat,lon,courier note');
    const other = Store.open(path.join(dir, 'other.db'), { region: 'CZ', currency: 'CZK' });
    try {
      const r = importCustomersCsv(other, file('export.csv', text), { region: 'CZ' });
      if (!r.ok) throw new Error(r.error);
      expect(r).toMatchObject({ committed: true, created: 4, problems: [], ignoredColumns: [] });
      let again = '';
      exportCustomersCsv(other, (t) => { again += t; });
      expect(again).toBe(text);
    } finally {
      other.close();
    }
  });
});

describe('db import / export: outside text cannot drive the terminal', () => {
  const hostile = '\x1b]0;pwned\x07\x1b[2J';
  it('strips escape sequences from every cell, keeps a multi-line note, refuses NUL and overlong cells with the line', () => {
    const ok = importCustomersCsv(store, file('hostile.csv', [
      'name,phone,note,street,house',
      `"Eva${hostile} Malá",777 100 200,"nut${hostile}\nallergy",Dlouhá\x9b2J,5`,
    ].join('\n')), { region: 'CZ' });
    if (!ok.ok) throw new Error(ok.error);
    expect(ok.problems).toEqual([]);
    const eva = store.lookupCaller('777100200').customers[0];
    expect(eva).toMatchObject({ name: 'Eva Malá', note: 'nut\nallergy' });
    expect(store.customerSearch.search('dlouha')[0].address).toBe('Dlouhá 5');

    const refused = importCustomersCsv(store, file('long.csv', [
      'name,phone,street', `Long,777 100 201,${'x'.repeat(10_000)}`, `Phone,${'7'.repeat(50)},`,
    ].join('\n')), { region: 'CZ' });
    if (!refused.ok) throw new Error(refused.error);
    expect(refused.problems).toEqual([
      { line: 2, reason: 'column street: the street is 10,000 characters long; at most 200 allowed' },
      { line: 3, reason: 'column phone: the phone number is 50 characters long; at most 40 allowed' },
    ]);
    // a NUL byte is not text: the whole file is refused at its line (src/customers/text-file.ts)
    expect(importCustomersCsv(store, file('nul.csv', 'name,phone\nOk,777 100 204\nNul\0l,777 100 202\n'), { region: 'CZ' }))
      .toEqual({ ok: false, error: expect.stringContaining('nul.csv line 3 holds a NUL byte') });
  });

  it('export strips what an older ringdesk let in (raw output of db export)', () => {
    store.customers.create({ name: `Old${hostile}`, phone: { key: '+420777100203', asTyped: '777 100 203' } });
    let text = '';
    exportCustomersCsv(store, (t) => { text += t; });
    expect(text).toContain('Old');
    expect(text).not.toMatch(/[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]/);
  });
});
