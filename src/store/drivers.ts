/** The drivers: who is behind a number when one calls (or is called). */
import type { Db } from './db.js';

export interface DriverCard { id: number; name: string; mobile: string }

export class Drivers {
  private withMobileStmt;
  constructor(db: Db) {
    this.withMobileStmt = db.prepare<[], DriverCard>(`SELECT id, name, mobile FROM drivers WHERE active = 1 AND mobile <> '' ORDER BY id`);
  }
  /** Active drivers with a mobile number, as typed. */
  withMobile(): DriverCard[] {
    return this.withMobileStmt.all();
  }
}
