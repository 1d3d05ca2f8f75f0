/**
 * An import's plan: every row of the file, checked and matched (src/store/import-matcher.ts), kept
 * in a temporary table of the importing connection. The file is read once; nothing reaches the
 * shared database until the whole plan is made, so one bad row can still mean nothing is written,
 * and the write then takes the plan a slice at a time. Temporary tables live outside the
 * database file: making the plan takes no lock a console could meet.
 */
import type { Db } from './db.js';
import type { ImportCustomer } from './customer-import.js';
import type { Target } from './import-matcher.js';
import { emptyAddress } from '../domain/address.js';

/** A row as planned: what to do with it, and to which customer. */
export interface PlannedRow { seq: number; kind: 'new' | 'merge' | 'same'; target: Target; item: ImportCustomer }

interface Row {
  seq: number; line: number; kind: 'new' | 'merge' | 'same'; target: number; file_id: string; name: string; company: string;
  category: string | null; note: string; city: string; country: string; debt: number | null; phones: string;
  has_address: number; a_city: string; street: string; house: string; building: string; flat: string; entrance: string;
  floor: string; intercom: string; postcode: string; lat: number | null; lon: number | null; courier_note: string;
}

export class ImportPlan {
  private insert; private after;

  constructor(private db: Db) {
    db.exec(`DROP TABLE IF EXISTS temp.import_plan;
      CREATE TEMP TABLE import_plan (
        seq INTEGER PRIMARY KEY, line INTEGER NOT NULL, kind TEXT NOT NULL, target INTEGER NOT NULL, file_id TEXT NOT NULL,
        name TEXT NOT NULL, company TEXT NOT NULL, category TEXT, note TEXT NOT NULL, city TEXT NOT NULL, country TEXT NOT NULL,
        debt INTEGER, phones TEXT NOT NULL, has_address INTEGER NOT NULL, a_city TEXT, street TEXT, house TEXT, building TEXT,
        flat TEXT, entrance TEXT, floor TEXT, intercom TEXT, postcode TEXT, lat REAL, lon REAL, courier_note TEXT)`);
    this.insert = db.prepare(
      `INSERT INTO temp.import_plan VALUES (@seq, @line, @kind, @target, @fileId, @name, @company, @category, @note, @city,
         @country, @debt, @phones, @hasAddress, @aCity, @street, @house, @building, @flat, @entrance, @floor, @intercom,
         @postcode, @lat, @lon, @courierNote)`);
    this.after = db.prepare<[number, number], Row>('SELECT * FROM temp.import_plan WHERE seq > ? ORDER BY seq LIMIT ?');
  }

  add(p: PlannedRow): void {
    const { item } = p;
    const a = item.address ?? emptyAddress;
    this.insert.run({
      seq: p.seq, line: item.line, kind: p.kind, target: p.target, fileId: item.fileId, name: item.name, company: item.company,
      category: item.category, note: item.note, city: item.city, country: item.country, debt: item.debt,
      // numbers as "key<TAB>as typed" lines: neither a key nor a checked cell holds a tab or a line break
      phones: item.phones.map((n) => `${n.key}\t${n.asTyped}`).join('\n'), hasAddress: item.address ? 1 : 0,
      aCity: a.city, street: a.street, house: a.house, building: a.building, flat: a.flat, entrance: a.entrance, floor: a.floor,
      intercom: a.intercom, postcode: a.postcode, lat: a.lat, lon: a.lon, courierNote: a.courierNote,
    });
  }

  /** The planned rows after `seq`, at most `limit`, in the file's order. */
  next(seq: number, limit: number): PlannedRow[] {
    return this.after.all(seq, limit).map((r) => ({
      seq: r.seq, kind: r.kind, target: r.target,
      item: {
        line: r.line, fileId: r.file_id, name: r.name, company: r.company, category: r.category as ImportCustomer['category'],
        note: r.note, city: r.city, country: r.country, debt: r.debt,
        phones: r.phones ? r.phones.split('\n').map((l) => { const [key, asTyped] = l.split('\t'); return { key, asTyped }; }) : [],
        address: r.has_address ? {
          city: r.a_city, street: r.street, house: r.house, building: r.building, flat: r.flat,
          entrance: r.entrance, floor: r.floor, intercom: r.intercom, postcode: r.postcode, lat: r.lat, lon: r.lon, courierNote: r.courier_note,
        } : null,
      },
    }));
  }

  drop(): void {
    if (this.db.open) this.db.exec('DROP TABLE IF EXISTS temp.import_plan');
  }
}
