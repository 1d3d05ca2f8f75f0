#!/usr/bin/env node
/**
 * Customer base benchmark (issue 5). Prints JSON.
 *   node bench/customers-search.js [--customers 1000000] [--dir PATH] [--keep]
 * 1. writes a deterministic CSV of N customers (names, companies, one or two numbers in
 *    mixed formats, addresses);
 * 2. imports it with `db import`'s code path into a fresh database (target <= 60 s);
 * 3. in a fresh process (as a console would be), types queries one keystroke at a time (names, numbers in several formats, addresses,
 *    with and without a category funnel) and times each search (target p99 <= 30 ms).
 * Needs `npm run build` first.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { arg, numberArg } from './lib.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, '..', 'dist');
const { Store } = await import(path.join(dist, 'store/index.js'));
const { importCustomersCsv } = await import(path.join(dist, 'customers/customer-csv.js'));
const { portsCustomerSource } = await import(path.join(dist, 'customers/customer-desk.js'));
const { prng } = await import(path.join(dist, 'demo/seed.js'));

const N = numberArg('customers', 1_000_000);
const searchOnly = arg('search-db');
const dir = searchOnly ? '' : arg('dir', fs.mkdtempSync(path.join(os.tmpdir(), 'ringdesk-bench-customers-')));
const keep = process.argv.includes('--keep');
if (dir) fs.mkdirSync(dir, { recursive: true });

const rnd = prng(5);
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const first = ['Jana', 'Petr', 'Eva', 'Tomáš', 'Lucie', 'Martin', 'Zdeněk', 'Marie', 'Pavel', 'Kateřina', 'Jiří', 'Hana', 'Josef', 'Lenka', 'Jan', 'Věra', 'Michal', 'Alena', 'David', 'Tereza'];
const last = ['Novák', 'Svoboda', 'Dvořák', 'Černý', 'Procházka', 'Kučera', 'Veselý', 'Horák', 'Němec', 'Pokorný', 'Marek', 'Pospíšil', 'Hájek', 'Jelínek', 'Král', 'Růžička', 'Beneš', 'Fiala', 'Sedláček', 'Doležal'];
const streets = ['Vinohradská', 'Korunní', 'Národní', 'Dlouhá', 'Slezská', 'Francouzská', 'Italská', 'Mánesova', 'Londýnská', 'Belgická', 'Americká', 'Anglická', 'Budečská', 'Polská', 'Římská'];
const cities = ['Praha', 'Brno', 'Ostrava', 'Plzeň', 'Olomouc'];
const prefixes = ['601', '602', '603', '604', '605', '606', '607', '608', '702', '720', '721', '722', '723', '724', '725', '730', '731', '732', '733', '734', '736', '737', '739', '770', '771', '773', '774', '775', '776', '777', '778', '779'];
/** Unique per row: prefix by row, 6-digit suffix by row / prefixes. */
const phone = (n) => {
  const p = prefixes[n % prefixes.length];
  // a bijection on 0..899999 (7919 is prime to 900000): unique, and spread like real numbers
  const s = String(100000 + ((Math.floor(n / prefixes.length) * 7919) % 900000));
  switch (n % 4) {
    case 0: return `+420 ${p} ${s.slice(0, 3)} ${s.slice(3)}`;
    case 1: return `${p}${s}`;
    case 2: return `00420${p}-${s}`;
    default: return `${p} ${s.slice(0, 3)} ${s.slice(3)}`;
  }
};

function writeCsv(file) {
  const fd = fs.openSync(file, 'w');
  let buf = 'name;company;phone;category;street;house;flat;city;postcode;note\n';
  for (let n = 0; n < N; n++) {
    const two = n % 17 === 0 ? `, ${phone(n + N)}` : '';
    const cat = n % 50 === 0 ? 'VIP' : n % 97 === 0 ? 'spam' : n % 131 === 0 ? 'problem' : '';
    buf += `${pick(first)} ${pick(last)};${n % 10 === 0 ? `${pick(last)} s.r.o.` : ''};"${phone(n)}${two}";${cat};${pick(streets)};${1 + Math.floor(rnd() * 150)};${n % 3 ? '' : 1 + (n % 40)};${pick(cities)};${110 + (n % 90)} 00;${n % 25 === 0 ? 'ring twice' : ''}\n`;
    if (buf.length > 1 << 20) { fs.writeSync(fd, buf); buf = ''; }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const round = (x) => Math.round(x * 1000) / 1000;

/** The search phase, in its own process: every keystroke of `typed`, in every funnel. */
async function searchPhase(file) {
  // what dispatchers type, one keystroke at a time (each prefix is one search)
  const typed = [
    'jana', 'novák', 'jan dvo', 'tereza růžičková', 'kral', 'zdenek', 'hajek s.r.o.',
    '777 100 1', '+420 601 10', '00420 720 1000', '602-100-0', '733100', '7', '42073',
    'vinohradská 12', 'korunni', 'brno', 'praha 5', 'londyns', 'xyzzy',
  ];
  const funnelsTried = ['all', 'clients', 'vip', 'spam'];
  const store = Store.open(file, { region: 'CZ', currency: 'CZK' });
  const source = portsCustomerSource(store.ports);
  const per = {};
  const all = [];
  const slowest = [];
  let found = 0;
  for (const funnel of funnelsTried) {
    for (const q of typed) {
      for (let i = 1; i <= q.length; i++) {
        const s = performance.now();
        const r = (await source.search(q.slice(0, i), funnel)).entries;
        const ms = performance.now() - s;
        found += r.length;
        all.push(ms);
        slowest.push([Math.round(ms * 10) / 10, funnel, q.slice(0, i)]);
        (per[funnel] ??= []).push(ms);
      }
    }
  }
  // the centre and right panes for the first hit of a few searches
  const profileMs = [];
  for (const q of ['jana', '777 100 1', 'korunni']) {
    const id = (await source.search(q, 'all')).entries[0]?.id;
    if (id === undefined) continue;
    const s = performance.now();
    await source.profile(id);
    profileMs.push(performance.now() - s);
  }

  store.close();
  return {
    search: {
      keystrokes: all.length, resultsSeen: found,
      p50Ms: round(pct(all, 50)), p95Ms: round(pct(all, 95)), p99Ms: round(pct(all, 99)), maxMs: round(Math.max(...all)),
      perFunnel: Object.fromEntries(Object.entries(per).map(([f, xs]) => [f, { p50Ms: round(pct(xs, 50)), p99Ms: round(pct(xs, 99)), maxMs: round(Math.max(...xs)) }])),
      slowest: slowest.sort((a, b) => b[0] - a[0]).slice(0, 8),
      targetP99Ms: 30, ok: pct(all, 99) <= 30,
    },
    profileMs: profileMs.map(round),
  };
}

if (searchOnly) {
  console.log(JSON.stringify(await searchPhase(searchOnly)));
  process.exit(0);
}

const csv = path.join(dir, 'customers.csv');
let t = performance.now();
writeCsv(csv);
const csvMs = performance.now() - t;

const dbFile = path.join(dir, 'customers.db');
for (const s of ['', '-wal', '-shm']) fs.rmSync(dbFile + s, { force: true });
const store = Store.open(dbFile, { region: 'CZ', currency: 'CZK' });
t = performance.now();
const imported = importCustomersCsv(store, csv, { region: 'CZ' });
const importMs = performance.now() - t;
if (!imported.ok || !imported.committed) {
  console.error(JSON.stringify(imported.ok ? imported.problems.slice(0, 10) : imported));
  process.exit(1);
}

const size = fs.statSync(dbFile).size + (fs.existsSync(`${dbFile}-wal`) ? fs.statSync(`${dbFile}-wal`).size : 0);
store.close();
// a dispatcher's console is its own process: search in a fresh one, as it would
const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--search-db', dbFile], { encoding: 'utf8', maxBuffer: 1 << 24 });
if (child.status !== 0) { console.error(child.stderr); process.exit(1); }
const searched = JSON.parse(child.stdout);

const result = {
  bench: 'customers-search',
  customers: N,
  csv: { rows: N, mb: round(fs.statSync(csv).size / 1e6), writeMs: Math.round(csvMs) },
  import: { ms: Math.round(importMs), created: imported.created, merged: imported.merged, problems: imported.problems.length, targetMs: 60_000, ok: importMs <= 60_000 },
  search: searched.search,
  profileMs: searched.profileMs,
  databaseMb: round(size / 1e6),
  dir: keep ? dir : undefined,
};
if (!keep) fs.rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify(result, null, 2));
