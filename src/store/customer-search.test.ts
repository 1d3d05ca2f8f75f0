import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from './db.js';
import { Customers } from './customers.js';
import { migrations } from './migrations/index.js';
import { CustomerSearch, FUNNEL_SCAN, matchExpression, planSearch } from './customer-search.js';
import { normalisePhone, phoneKey } from '../domain/phone-number.js';

let dir: string;
let db: Db;
let customers: Customers;
let search: CustomerSearch;

function addCustomer(name: string, phone: string, extra: { company?: string; category?: 'vip' | 'spam' | 'staff'; region?: string } = {}): number {
  const key = phoneKey(normalisePhone(phone, extra.region ?? 'CZ'))!;
  return customers.create({ name, company: extra.company, category: extra.category, phone: { key, asTyped: phone } });
}
const names = (q: string, funnel?: Parameters<CustomerSearch['search']>[1]) =>
  search.search(q, funnel).map((c) => c.name).sort();

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringdesk-search-'));
  db = openDatabase(path.join(dir, 'desk.db'));
  customers = new Customers(db);
  search = new CustomerSearch(db, 'CZ');
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('matchExpression', () => {
  it('turns words into required prefixes and quotes what the dispatcher typed', () => {
    expect(matchExpression('  Nov  "xy ', 'CZ')).toBe('"Nov"* """xy"*');
    expect(planSearch('  Nov  "x ', 'CZ')).toEqual({ kind: 'match', expression: '"Nov"*', shortWords: ['"x'], terms: ['nov'] });
    expect(matchExpression('', 'CZ')).toBeNull();
    expect(matchExpression(' - & ', 'CZ')).toBeNull();
  });
  it('reads every phone format as one digit prefix', () => {
    // home numbers by their national digits (every one is indexed so), others by E.164 digits
    expect(matchExpression('+420 777 123 456', 'CZ')).toBe('"777123456"*');
    expect(matchExpression('777-123-456', 'CZ')).toBe('"777123456"*');
    expect(matchExpression('00420 777', 'CZ')).toBe('"777"*');
    expect(matchExpression('420777123456', 'CZ')).toBe('"777123456"*');
    expect(matchExpression('+44 20 79', 'CZ')).toBe('"442079"*');
    expect(matchExpression('777 12', 'CZ')).toBe('"77712"*');
    expect(matchExpression('tel:+420777123456', 'CZ')).toBe('"777123456"*');
  });
  it('waits for a keystroke that narrows a big base: 2 letters, 3 digits, 6 in international form', () => {
    expect(planSearch('p', 'CZ')).toEqual({ kind: 'too-short', hint: 'type at least 2 letters' });
    expect(planSearch('77', 'CZ')).toEqual({ kind: 'too-short', hint: 'type at least 3 digits of the number' });
    expect(planSearch('+420 7', 'CZ')).toEqual({ kind: 'too-short', hint: 'type at least 3 digits of the number' });
    expect(planSearch('42', 'CZ')).toMatchObject({ kind: 'too-short' });
    expect(planSearch('42073', 'CZ')).toMatchObject({ kind: 'too-short' });
    expect(planSearch('+44 2', 'CZ')).toEqual({ kind: 'too-short', hint: 'type at least 6 digits of the number' });
    expect(planSearch('hajek s.r.o.', 'CZ')).toEqual({ kind: 'match', expression: '"hajek"*', shortWords: ['s.r.o.'], terms: ['hajek'] });
    expect(planSearch('vinohradská 1 a', 'CZ')).toEqual({ kind: 'match', expression: '"vinohradská"*', shortWords: ['1', 'a'], terms: ['vinohradská'] });
    expect(planSearch(' ', 'CZ')).toEqual({ kind: 'everyone' });
  });
});

describe('customer search on a real database', () => {
  it('finds by name prefix, without diacritics, and by company', () => {
    addCustomer('Zdeněk Novák', '+420 777 123 456', { company: 'Pekárna Novák s.r.o.' });
    addCustomer('Jana Nováková', '602 111 222');
    addCustomer('Petr Svoboda', '603 333 444');
    expect(names('nov')).toEqual(['Jana Nováková', 'Zdeněk Novák']);
    expect(names('zdenek')).toEqual(['Zdeněk Novák']);
    expect(names('pekar')).toEqual(['Zdeněk Novák']);
    expect(names('jana nov')).toEqual(['Jana Nováková']);
    expect(names('xyz')).toEqual([]);
    expect(names('nov "zd')).toEqual(['Zdeněk Novák']);
    expect(names('"novák" AND')).toEqual([]);
  });

  it('finds one number typed in any format, as the keystrokes arrive', () => {
    addCustomer('Zdeněk Novák', '+420 777 123 456');
    addCustomer('Jana Nováková', '602 111 222');
    addCustomer('Mary Smith', '+44 20 7946 0000', { region: 'GB' });
    for (const typed of ['777123456', '777 123 456', '777-123-456', '+420777123456', '00420 777 123 456', '(777) 123', '7771', '420 777 1']) {
      expect(names(typed), typed).toEqual(['Zdeněk Novák']);
    }
    for (const typed of ['+44 20 7946 0000', '020 7946', '2079460000', '0044 20 79']) {
      expect(names(typed), typed).toEqual(['Mary Smith']);
    }
    expect(names('999 888')).toEqual([]);
  });

  it('finds by address and city, and follows address and phone edits', () => {
    const id = addCustomer('Zdeněk Novák', '777 123 456');
    const addAddress = db.prepare(`INSERT INTO addresses (customer_id, street, house, city, postcode) VALUES (?, ?, ?, ?, ?)`);
    addAddress.run(id, 'Vinohradská', '12', 'Praha', '120 00');
    expect(names('vinohrad 12')).toEqual(['Zdeněk Novák']);
    expect(names('praha')).toEqual(['Zdeněk Novák']);
    expect(search.search('vinohrad')[0].address).toBe('Vinohradská 12, Praha');
    db.prepare(`UPDATE addresses SET street = 'Korunní' WHERE customer_id = ?`).run(id);
    expect(names('vinohrad')).toEqual([]);
    expect(names('korun')).toEqual(['Zdeněk Novák']);
    customers.attachPhone(id, '+420602999888', '602 999 888');
    expect(names('602 999')).toEqual(['Zdeněk Novák']);
    expect(names('777 123 456')).toEqual(['Zdeněk Novák']);
    customers.update({ ...customers.get(id)!, name: 'Zdeněk Dvořák' });
    expect(names('novak')).toEqual([]);
    expect(names('dvorak')).toEqual(['Zdeněk Dvořák']);
    db.prepare('DELETE FROM customers WHERE id = ?').run(id);
    expect(names('dvorak')).toEqual([]);
    expect(names('602')).toEqual([]);
  });

  it('narrows by funnel, with or without a query', () => {
    addCustomer('Vera VIP', '777 000 001', { category: 'vip' });
    addCustomer('Sam Spam', '777 000 002', { category: 'spam' });
    addCustomer('Olga Staff', '777 000 003', { category: 'staff' });
    addCustomer('Reg Ular', '777 000 004');
    expect(names('777 000', { funnel: 'clients' })).toEqual(['Reg Ular', 'Vera VIP']);
    expect(names('', { funnel: 'spam' })).toEqual(['Sam Spam']);
    expect(names('', { funnel: 'staff' })).toEqual(['Olga Staff']);
    expect(names('')).toHaveLength(4);
    expect(search.search('', { limit: 2 })).toHaveLength(2);
    expect(search.search('777 000 002')[0]).toMatchObject({ name: 'Sam Spam', category: 'spam', phone: '777 000 002' });
  });

  it('checks one-letter words on the rows found', () => {
    const a = addCustomer('Jana Nováková', '602 111 222');
    addCustomer('Petr Novák', '602 111 333');
    const addr = db.prepare(`INSERT INTO addresses (customer_id, street, house, city) VALUES (?, ?, ?, ?)`);
    addr.run(a, 'Vinohradská', '7', 'Praha');
    expect(names('nov j')).toEqual(['Jana Nováková']);
    expect(names('nov p')).toEqual(['Jana Nováková', 'Petr Novák']); // Petr, and Praha on Jana's address
    expect(names('nov v')).toEqual(['Jana Nováková']);
    expect(names('vinohradska 7')).toEqual(['Jana Nováková']);
    expect(names('vinohradska 8')).toEqual([]);
    expect(search.find('j')).toEqual({ entries: [], note: 'too-short', hint: 'type at least 2 letters' });
  });

  it('a narrow funnel looks at the newest matches and says so when it stopped short', () => {
    const ins = db.prepare(`INSERT INTO customers (name, category, created_at, updated_at) VALUES (?, ?, 0, 0)`);
    db.transaction(() => {
      ins.run('Vera Early', 'vip');
      for (let i = 0; i < FUNNEL_SCAN + 10; i++) ins.run(`Vera ${i}`, 'regular');
    })();
    expect(search.find('vera', { funnel: 'vip' })).toMatchObject({ entries: [], note: 'partial', hint: expect.stringContaining('type more') });
    expect(search.find('vera early', { funnel: 'vip' }).entries.map((c) => c.name)).toEqual(['Vera Early']);
    expect(search.find('vera').entries).toHaveLength(50);
  });

  it('indexes customers that existed before the search index was created', () => {
    const file = path.join(dir, 'old.db');
    const v1 = openDatabase(file, migrations.filter((m) => m.version < 4));
    new Customers(v1).create({ name: 'Early Bird', phone: { key: '+420777555666', asTyped: '777555666' } });
    v1.close();
    const now = openDatabase(file);
    expect(new CustomerSearch(now, 'CZ').search('777 555').map((c) => c.name)).toEqual(['Early Bird']);
    now.close();
  });
});
