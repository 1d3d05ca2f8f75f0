/**
 * Two dispatchers, two console processes in two real terminals (tmux), one database file:
 * edits to different fields of one order are both kept; the same field changed both ways is
 * refused on the second Enter with the newer value named and the typed text kept.
 */
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { consoleInTmux, screensOf } from './tmux.js';
import { until } from '../helpers/until.js';
import { tempDir } from '../helpers/temp-store.js';

const repo = path.resolve(__dirname, '..', '..');
let cleanups: (() => void)[] = [];
afterEach(() => { cleanups.reverse().forEach((c) => c()); cleanups = []; });

function row(db: string): { addr_street: string; addr_house: string; addr_flat: string } | undefined {
  const check = new Database(db, { readonly: true });
  try {
    // the newest order: the one Nina made (its short number may change with its outlet)
    return check.prepare(`SELECT addr_street, addr_house, addr_flat FROM deliveries ORDER BY id DESC LIMIT 1`).get() as never;
  } finally {
    check.close();
  }
}

describe('two consoles on one database file', () => {
  it('different fields of one order are both kept; the same field is refused with the typed text kept', async () => {
    const { dir, cleanup } = tempDir('ringdesk-e2e-');
    cleanups.push(cleanup);
    const db = path.join(dir, 'desk.db');
    execFileSync('node', ['bin/ringdesk.js', 'db', 'seed', '--db', db], { cwd: repo, stdio: 'ignore' });
    const start = (name: string, operator: string) => consoleInTmux({ repo, name, db, operator, home: dir, cleanups });

    const nina = start('rd-nina', 'nina');
    await nina.waitText('Open orders', 30_000);
    nina.keys('N');
    await nina.waitText('New order D-005');
    nina.keys('Down', 'Down', 'Enter');
    await nina.waitText('Flat:');
    nina.type('12');

    const olga = start('rd-olga', 'olga');
    await olga.waitText('Open orders', 30_000);
    // D-005 has no delivery time yet: last of the four open orders
    olga.keys('Down', 'Down', 'Down', 'Enter');
    await olga.waitText('Order D-005');
    olga.keys('Enter');
    await olga.waitText('Street:');
    olga.type('Korunní');
    olga.keys('Enter');
    await until('Olga\'s street saved', () => row(db)?.addr_street === 'Korunní', 10_000, { every: 50, shown: screensOf([nina, olga]) });

    nina.keys('Enter');
    await nina.waitText("kept a colleague's change to Street");
    await until('both fields saved', () => row(db)?.addr_flat === '12', 10_000, { every: 50, shown: screensOf([nina, olga]) });
    expect(row(db)).toMatchObject({ addr_street: 'Korunní', addr_flat: '12' });

    // the same field: both open House; Olga saves first
    nina.keys('Up', 'Enter');
    await nina.waitText('House:');
    nina.type('41');
    await nina.waitText('House: 41');
    olga.keys('Down', 'Enter');
    await olga.waitText('House:');
    olga.type('40');
    olga.keys('Enter');
    await until('Olga\'s house saved', () => row(db)?.addr_house === '40', 10_000, { every: 50, shown: screensOf([nina, olga]) });
    nina.keys('Enter');
    const refused = await nina.waitText('House was changed by a colleague to "40"');
    expect(refused).toContain('House: 41');
    expect(row(db)?.addr_house).toBe('40');
    nina.keys('Enter');
    await until('Nina\'s house written over', () => row(db)?.addr_house === '41', 10_000, { every: 50, shown: screensOf([nina, olga]) });

    for (const t of [nina, olga]) {
      t.keys('C-c');
      await t.waitText('Quit ringdesk?');
      t.keys('y');
      await t.waitFor(() => t.paneDead(), 10_000, 'the console to exit');
    }
  }, 120_000);
});
