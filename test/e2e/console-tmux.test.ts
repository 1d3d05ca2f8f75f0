/**
 * The console in a real terminal, as a person uses it: the README's start command in tmux,
 * keys sent with send-keys, the screen read with capture-pane, the database checked after.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { Tmux, ringdeskCommand, takeDemoOrder } from './tmux.js';
import { tempDir } from '../helpers/temp-store.js';

const repo = path.resolve(__dirname, '..', '..');
let cleanups: (() => void)[] = [];
afterEach(() => { cleanups.reverse().forEach((c) => c()); cleanups = []; });

function session(name: string): { tmux: Tmux; db: string; home: string } {
  const { dir, cleanup } = tempDir('ringdesk-e2e-');
  const tmux = new Tmux(name);
  cleanups.push(cleanup, () => tmux.kill());
  return { tmux, db: path.join(dir, 'desk.db'), home: dir };
}

describe('console in tmux', () => {
  it('README start command: a demo call is answered, an order taken and sent; the demo kitchen takes it through to delivered', async () => {
    const { tmux, db, home } = session('rd-start');
    // the README's first command minus "npm install" (already done); HOME is fresh so the default database is new;
    // the demo kitchen at the pace the README mentions, so the whole loop fits the test
    tmux.start(`cd ${repo} && npm start -- --demo-kitchen 1,2,4,6`, { HOME: home, USER: 'dispatcher', RINGDESK_DB: db });
    await tmux.waitText('registered', 90_000);
    await tmux.waitText('INCOMING CALL', 20_000);
    // a number of the home region is shown in its national form (src/domain/phone-number.ts displayPhone)
    expect(tmux.screen()).toContain('720 999 888');
    tmux.keys('a');
    await tmux.waitText('Order D-005');
    const sent = await takeDemoOrder(tmux);
    expect(sent).toContain('Open orders');
    // the demo point of sale acknowledges it and its kitchen reports it on, over the real protocol
    const row = (word: string) => () => new RegExp(`D-005 .*${word}`).test(tmux.screen());
    await tmux.waitFor(row('(acknowledged|confirmed)'), 10_000, 'D-005 acknowledged by the demo POS');
    await tmux.waitFor(row('cooking'), 10_000, 'D-005 cooking');
    await tmux.waitFor(row('on the way'), 10_000, 'D-005 on the way');
    expect(tmux.screen()).not.toMatch(/D-005 .*sent to POS/);
    const live = new Database(db, { readonly: true });
    await tmux.waitFor(() => (live.prepare(`SELECT status FROM deliveries WHERE number = 'D-005'`).get() as { status: string }).status === 'delivered', 10_000, 'D-005 delivered');
    live.close();
    tmux.keys('e');
    await tmux.waitText('Call ended');
    tmux.keys('q');
    await tmux.waitText('Quit ringdesk?');
    tmux.keys('y');
    await tmux.waitFor(() => tmux.paneDead(), 10_000, 'the console to exit');

    const check = new Database(db, { readonly: true });
    const out = check.prepare(`SELECT o.state, o.payload, d.status, d.addr_street FROM outbox o JOIN deliveries d ON d.id = o.delivery_id`).get() as { state: string; payload: string; status: string; addr_street: string };
    const call = check.prepare(`SELECT outcome, delivery_id FROM calls`).get() as { outcome: string; delivery_id: number };
    check.close();
    expect(out.state).toBe('acknowledged');
    expect(out.status).toBe('delivered');
    expect(out.addr_street).toBe('Korunní');
    expect(JSON.parse(out.payload)).toMatchObject({ displayNumber: 'D-005', totals: { subtotal: 37800, deliveryFee: 4900, total: 42700 }, zone: { name: 'Vinohrady' }, customer: { phone: '+420720999888' } });
    expect(call.outcome).toBe('answered');
    expect(call.delivery_id).not.toBeNull();
  }, 120_000);

  /** The demo console as `nina` on its own files, answered into a new order D-005. */
  async function demoOnCall(name: string): Promise<{ tmux: Tmux; restart: () => Promise<Tmux>; db: string }> {
    const { tmux, db, home } = session(name);
    const cmd = `cd ${repo} && exec ${ringdeskCommand(repo)} console --demo --operator nina`;
    tmux.start(cmd, { HOME: home, RINGDESK_DB: db });
    await tmux.waitText('INCOMING CALL', 30_000);
    tmux.keys('a');
    await tmux.waitText('Order D-005');
    // kill -9 (nothing flushed), then the same command in a new terminal on the same files
    const restart = async () => {
      process.kill(tmux.panePid(), 'SIGKILL');
      await tmux.waitFor(() => tmux.paneDead(), 5000, 'the console to die');
      const again = new Tmux(`${name}2`);
      cleanups.push(() => again.kill());
      again.start(cmd, { HOME: home, RINGDESK_DB: db });
      return again;
    };
    return { tmux, restart, db };
  }
  async function quit(t: Tmux): Promise<void> {
    t.keys('C-c');
    await t.waitText('Quit ringdesk?');
    t.keys('y');
    await t.waitFor(() => t.paneDead(), 10_000, 'the console to exit');
  }
  function query(db: string, sql: string): unknown[] {
    const check = new Database(db, { readonly: true });
    try {
      return check.prepare(sql).all();
    } finally {
      check.close();
    }
  }

  it('kill -9 mid-edit: the restarted console brings back the same draft and the half-typed field', async () => {
    const { tmux, restart, db } = await demoOnCall('rd-kill');
    tmux.keys('Enter');
    tmux.type('Italsk');
    await tmux.waitText('Street: Italsk');
    const again = await restart();
    const s = await again.waitText('Reopened order D-005', 30_000);
    expect(s).toContain('Street: Italsk');
    again.type('á');
    again.keys('Enter');
    await again.waitText('Italská');
    await quit(again);
    // the street puts the draft in the Vinohrady zone; the number read to the caller stays (issue 12)
    expect(query(db, `SELECT d.number, d.addr_street, p.name AS outlet FROM deliveries d JOIN points_of_sale p ON p.id = d.pos_id ORDER BY d.id DESC LIMIT 1`))
      .toEqual([{ number: 'D-005', addr_street: 'Italská', outlet: 'Pizzeria Vinohrady' }]);
  }, 120_000);

  it('kill -9 in a dialog: the half-typed add-customer form comes back after a restart (issue 12)', async () => {
    const { tmux, restart, db } = await demoOnCall('rd-killform');
    tmux.keys('A');
    await tmux.waitText('+ Add customer with');
    tmux.type('Pavel Dvořák');
    tmux.keys('Tab');
    tmux.type('Dvořák Sta');
    await tmux.waitText('Dvořák Sta');
    const again = await restart();
    const s = await again.waitText('+ Add customer with', 30_000);
    expect(s).toContain('Pavel Dvořák');
    expect(s).toContain('Dvořák Sta');
    again.type('vby');
    again.keys('Enter');
    await again.waitText('Customer Pavel Dvořák added');
    await quit(again);
    expect(query(db, `SELECT name, company FROM customers WHERE name = 'Pavel Dvořák'`)).toEqual([{ name: 'Pavel Dvořák', company: 'Dvořák Stavby' }]);
  }, 120_000);

  it('NO_COLOR at 80x24: the selected row is marked ›; / narrows the list; quitting leaves nothing of the console drawn', async () => {
    const { dir, cleanup } = tempDir('ringdesk-e2e-');
    const tmux = new Tmux('rd-nocolor', 80, 24);
    cleanups.push(cleanup, () => tmux.kill());
    tmux.start(`cd ${repo} && exec ${ringdeskCommand(repo)} console --demo --operator nina`, { HOME: dir, RINGDESK_DB: path.join(dir, 'desk.db'), NO_COLOR: '1' });
    const first = await tmux.waitText('Open orders (3)', 30_000);
    // no colour and no inverse video: the marker is what shows the cursor
    expect(first.split('\n').filter((l) => l.startsWith('› '))).toEqual([expect.stringMatching(/^› D-00\d /)]);
    tmux.keys('j');
    await tmux.waitFor((s) => s.split('\n').filter((l) => l.startsWith('› ')).length === 1 && !s.includes(first.split('\n').find((l) => l.startsWith('› '))!), 5000, 'the marker to move');
    tmux.keys('/');
    tmux.type('nova');
    await tmux.waitText('1 of 3');
    tmux.keys('Escape');
    await tmux.waitText('Open orders (3)');
    tmux.keys('q');
    await tmux.waitText('Quit ringdesk?');
    tmux.keys('y');
    await tmux.waitFor(() => tmux.paneDead(), 10_000, 'the console to exit');
    const after = tmux.screen();
    for (const gone of ['Quit ringdesk?', 'ringdesk', 'Open orders', '? help']) expect(after, gone).not.toContain(gone);
  }, 60_000);

  it('without a TTY it says so and exits non-zero', async () => {
    const { execFileSync } = await import('node:child_process');
    let code = 0;
    let err = '';
    try {
      execFileSync('node', ['bin/ringdesk.js', 'console'], { cwd: repo, input: '', stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (e) {
      code = (e as { status: number }).status;
      err = String((e as { stderr: Buffer }).stderr);
    }
    expect(code).not.toBe(0);
    expect(err).toContain('needs an interactive terminal');
  });
});
