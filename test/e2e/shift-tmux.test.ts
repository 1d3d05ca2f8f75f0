/**
 * A shift, sped up: `ringdesk console --pbx` at 80x24 in tmux on a real Kamailio, 60 calls
 * placed by sipp over loopback — several at once, ignored and brought back, rejected, callers
 * who hang up while it rings, a PBX that goes away and comes back (its failure reason on the
 * status bar), orders taken and sent. Every screen the test reads is checked by the one frame
 * checker (src/views/frame-rules.ts), and at the end the call log holds each call placed once,
 * with the verdict it was given (answered / rejected / missed / abandoned).
 * Nothing here waits on the clock: the test waits for screens, and sipp callers ring until
 * the console acts (a caller who hangs up does so from sipp's own timer, whatever the console draws).
 * Ports: Kamailio UDP 18060 / WS 18080, sipp 18100-18199 (media 25000-25399), RTP 24500, console RTP 24600-24999.
 * Needs a current build (`npm run build`): the console runs from bin/ringdesk.js.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Tmux } from './tmux.js';
import { tempDir } from '../helpers/temp-store.js';
import { startKamailio, type Kamailio } from '../pbx/kamailio.js';
import { listenRtp, startSipp, type SippProcess } from '../pbx/sipp.js';
import { frameProblems } from '../../src/views/frame-rules.js';
import { verdictOf, type CallVerdict } from '../../src/domain/shift-summary.js';

const repo = path.resolve(__dirname, '..', '..');
const UDP = 18060;
const WS = 18080;
const PROXY = `127.0.0.1:${UDP}`;
const EXT = '1801';
const RTP = 24500; // every caller's audio port: one listener takes what the console sends
const COLUMNS = 80;
const ROWS = 24;

/** The seeded demo callers (src/store/seed.ts demoNumbers) as the console shows them. */
const JANA = { number: '+420777123456', shown: '777 123 456', note: 'Allergic to nuts — always ask' };
const LUCIE = { number: '+420731000222', shown: '731 000 222' };
const SVOBODA = { number: '+420602555111', shown: '602 555 111' };

const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * The console's terminal: every capture the test reads is held to the layout rules. A capture
 * taken while the terminal is still writing a frame can show half of two frames, so a problem
 * counts when a second capture a moment later shows it too.
 */
class CheckedTerminal extends Tmux {
  checking = false;
  captures = 0;
  readonly problems = new Map<string, string>();
  override screen(): string {
    let s = super.screen();
    if (!this.checking) return s;
    this.captures++;
    let found = frameProblems(s, { columns: this.columns, rows: this.rows });
    for (let tries = 0; found.length && tries < 3; tries++) {
      pause(80);
      const again = super.screen();
      const still = frameProblems(again, { columns: this.columns, rows: this.rows });
      s = again;
      if (still.length && still.join() === found.join()) break;
      found = still;
    }
    for (const p of found) if (!this.problems.has(p)) this.problems.set(p, s);
    return s;
  }
}

type Fate = Exclude<CallVerdict, 'answered-elsewhere' | 'unanswered-outgoing' | 'ringing'>;
interface Placed { number: string; shown: string; fate: Fate; sipp: SippProcess }

let dir: string;
let db: string;
let kam: Kamailio;
let cleanup: () => void;
let rtp: Awaited<ReturnType<typeof listenRtp>>;
let t: CheckedTerminal;
const placed: Placed[] = [];
let port = 18100;
let unknown = 0;

/** A new caller nobody knows: 608 000 001, 608 000 002, … */
function stranger(): { number: string; shown: string } {
  unknown++;
  const tail = String(unknown).padStart(3, '0');
  return { number: `+420608000${tail}`, shown: `608 000 ${tail}` };
}

/**
 * sipp calls the dispatcher's extension from `who`. answered/missed: the caller stays on until
 * the console hangs up (or the PBX goes); rejected: it expects 486; abandoned: it hangs up
 * after ringing `ringMs`.
 */
function ring(who: { number: string; shown: string }, fate: Fate, ringMs = 1500): Placed {
  const p = port++;
  const common = { port: p, remote: PROXY, service: EXT, fromUser: who.number, extra: ['-mp', String(25000 + (p - 18100) * 4)] };
  const sipp = fate === 'rejected'
    ? startSipp({ ...common, scenario: 'uac-rejected.xml', vars: { reject_code: 486 }, keys: { rtp_port: RTP, sdp_proto: 'RTP/AVP', sdp_pts: '0 8' }, timeoutMs: 120_000 })
    : fate === 'abandoned'
      ? startSipp({ ...common, scenario: 'uac-cancel.xml', keys: { rtp_port: RTP }, pauseMs: ringMs, timeoutMs: 60_000 })
      : startSipp({ ...common, scenario: 'uac-hung-up.xml', vars: { wait_ms: 150_000 }, keys: { rtp_port: RTP }, timeoutMs: 160_000 });
  const call = { ...who, fate, sipp };
  placed.push(call);
  return call;
}

/** Nobody waits: the status bar counts no call (it leaves "waiting 0" out when the row is short). */
const noneWaiting = (s: string) => !/waiting [1-9]/.test(s.split('\n')[0]);
const onCall = (c: Placed) => `☎ on call ${c.shown}`;
const banner = (c: Placed) => (s: string) => /INCOMING CALL/.test(s) && s.includes(`CALL   ${c.shown}`);

/** Answer the call on the banner and end it at once; the card of its order stays. */
async function answerAndEnd(c: Placed): Promise<void> {
  await t.waitFor(banner(c), 15_000, `the banner of ${c.shown}`);
  t.keys('a');
  await t.waitText(onCall(c));
  await endCall(c);
}

/** Answer and end every call of `calls`, whichever the banner shows first (they reach the console in any order). */
async function answerAll(calls: Placed[]): Promise<void> {
  const left = [...calls];
  while (left.length) {
    const s = await t.waitFor((x) => left.some((c) => banner(c)(x)), 15_000, `a banner of ${left.map((c) => c.shown).join(', ')}`);
    await answerAndEnd(left.splice(left.findIndex((c) => banner(c)(s)), 1)[0]);
  }
}

async function endCall(c: Placed): Promise<void> {
  t.keys('e');
  await t.waitText(`Call ended: ${c.shown}`);
  const r = await c.sipp.done; // the caller's scenario passes only if our BYE reached it
  expect(r.code, `${c.shown}: ${r.stdout}${r.stderr}`).toBe(0);
}

/** On the order card: a Margherita (crust chosen) twice, past the zone's minimum, sent to the point of sale. */
async function itemsAndSend(): Promise<string> {
  t.keys('m');
  await t.waitText('Menu search');
  t.type('marg');
  await t.waitText('Margherita pizza');
  t.keys('Enter');
  await t.waitText('Crust (exactly 1)');
  t.keys('Space', 'Enter');
  await t.waitFor((s) => /Total \d+\.\d\d CZK/.test(s) && !s.includes('Crust (exactly 1)'), 10_000, 'the item on the card');
  t.keys('+');
  await t.waitText('2× Margherita');
  // the zone's hours depend on the hour the test runs: x overrides them if they refuse (else it says there is nothing to override)
  t.keys('x');
  t.keys('s');
  const sent = await t.waitFor((s) => /Order [A-Z]-\d+ queued for Pizzeria/.test(s), 10_000, 'the order queued for its point of sale');
  return /Order ([A-Z]-\d+) queued for/.exec(sent)![1];
}

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('ringdesk-shift-'));
  db = path.join(dir, 'desk.db');
  execFileSync('node', ['bin/ringdesk.js', 'db', 'seed', '--db', db], { cwd: repo });
  execFileSync('node', ['bin/ringdesk.js', 'operator', 'add', 'dana', '--extension', EXT, '--db', db], {
    cwd: repo, env: { ...process.env, RINGDESK_PBX_PASSWORD: `secret${EXT}` },
  });
  kam = await startKamailio({ dir: path.join(dir, 'pbx'), udpPort: UDP, wsPort: WS });
  rtp = await listenRtp(RTP);
}, 60_000);

afterAll(async () => {
  t?.kill();
  for (const c of placed) c.sipp.kill();
  await rtp?.close();
  await kam?.stop();
  cleanup?.();
});

describe('a shift at 80x24 on a real PBX', () => {
  it('60 calls: several at once, ignored and brought back, rejected, hung up while ringing, a PBX outage; orders sent; every screen readable; the call log counts what was placed', async () => {
    t = new CheckedTerminal('rd-shift', COLUMNS, ROWS);
    t.start(`cd ${repo} && exec node bin/ringdesk.js console --db ${db} --pbx ws://127.0.0.1:${WS} --operator dana`,
      { HOME: dir, RINGDESK_RTP_PORTS: '24600-24999', RINGDESK_PBX_PASSWORD: `secret${EXT}` });
    await t.waitText('● registered', 30_000);
    await kam.waitRegistered(EXT);
    t.checking = true;

    // ---- several at once: three ring together; ending one shows the next at once
    const rush = [ring(stranger(), 'answered'), ring(stranger(), 'answered'), ring(stranger(), 'answered')];
    await t.waitText('waiting 3');
    await answerAll(rush);

    // ---- a caller with a warning: whole on the banner; answering opens her order on the card
    const jana = ring(JANA, 'answered');
    const janaBanner = await t.waitFor(banner(jana), 15_000, 'Jana on the banner');
    expect(frameProblems(janaBanner, { columns: COLUMNS, rows: ROWS, whole: [JANA.note] })).toEqual([]);
    t.keys('a');
    await t.waitText('Order D-001');
    await endCall(jana);

    // ---- a known customer orders: her last address, two pizzas, sent to the point of sale
    const lucie = ring(LUCIE, 'answered');
    await t.waitFor(banner(lucie), 15_000, 'Lucie on the banner');
    t.keys('a');
    await t.waitText(onCall(lucie));
    await t.waitFor((x) => /Order [A-Z]-\d+ · draft · Lucie Černá/.test(x), 10_000, "Lucie's new order with her last address");
    const lucieOrder = await itemsAndSend();
    await endCall(lucie);

    // ---- three customers share a number: the chooser, then the order
    const svoboda = ring(SVOBODA, 'answered');
    await t.waitFor(banner(svoboda), 15_000, 'the shared number on the banner');
    expect(t.screen()).toContain('3 customers share this number');
    t.keys('a');
    await t.waitText('who is calling?');
    t.keys('Enter');
    await t.waitText('for Petr Svoboda');
    await endCall(svoboda);

    // ---- ignore and recall: an ignored call rings on, W lists it, the dispatcher answers it from there
    const ignored = ring(stranger(), 'answered');
    await t.waitFor(banner(ignored), 15_000, 'the call to ignore');
    t.keys('i');
    await t.waitText(`Ignored ${ignored.shown}`);
    await t.waitFor((s) => !s.includes('INCOMING CALL'), 5000, 'the banner to go');
    const meanwhile = ring(stranger(), 'answered');
    await t.waitFor(banner(meanwhile), 15_000, 'the next caller over the ignored one');
    t.keys('W');
    await t.waitText('Calls waiting');
    await t.waitFor((s) => s.includes(ignored.shown) && s.includes(meanwhile.shown), 5000, 'both calls in the list');
    // the list is oldest first: the ignored call is on top
    t.keys('k');
    t.keys('a');
    await t.waitText(onCall(ignored));
    await endCall(ignored);
    // the one still waiting is on the banner at once
    await answerAndEnd(meanwhile);

    // ignored while busy, brought back to the banner by b, answered
    const busy = ring(stranger(), 'answered');
    await t.waitFor(banner(busy), 15_000, 'a caller');
    t.keys('a');
    await t.waitText(onCall(busy));
    const later = ring(stranger(), 'answered');
    await t.waitFor(banner(later), 15_000, 'a second caller while on the call');
    t.keys('i');
    await t.waitText(`Ignored ${later.shown}`);
    t.keys('W');
    await t.waitFor((s) => s.includes('Calls waiting') && s.includes(later.shown), 5000, 'the waiting list');
    t.keys('b');
    await t.waitFor(banner(later), 5000, 'the ignored call back on the banner');
    await endCall(busy);
    await answerAndEnd(later);

    // ---- rejected: from the banner, and from the waiting list
    for (let i = 0; i < 5; i++) {
      const r = ring(stranger(), 'rejected');
      await t.waitFor(banner(r), 15_000, 'a call to reject');
      t.keys('r');
      await t.waitText(`Call rejected: ${r.shown}`);
    }
    const fromList = ring(stranger(), 'rejected');
    await t.waitFor(banner(fromList), 15_000, 'a call to reject from the list');
    t.keys('W');
    await t.waitFor((s) => s.includes('Calls waiting') && s.includes(fromList.shown), 5000, 'the waiting list');
    t.keys('r');
    await t.waitText(`Call rejected: ${fromList.shown}`);
    for (const c of placed.filter((x) => x.fate === 'rejected')) {
      const r = await c.sipp.done; // the caller got 486
      expect(r.code, `${c.shown}: ${r.stdout}${r.stderr}`).toBe(0);
    }

    // ---- the caller hangs up while it rings: on the banner, while the dispatcher is on a call, after being ignored
    for (let i = 0; i < 4; i++) {
      const gone = ring(stranger(), 'abandoned', 800);
      await t.waitText(`Caller hung up while ringing (missed): ${gone.shown}`, 15_000);
    }
    const talking = ring(stranger(), 'answered');
    await t.waitFor(banner(talking), 15_000, 'a caller');
    t.keys('a');
    await t.waitText(onCall(talking));
    const impatient = [ring(stranger(), 'abandoned', 1000), ring(stranger(), 'abandoned', 1000)];
    await t.waitText('waiting 2', 15_000);
    // both give up at once: the message line says the last; the status bar counts them out
    for (const c of impatient) expect((await c.sipp.done).code).toBe(0);
    await t.waitFor((s) => noneWaiting(s) && /Caller hung up while ringing \(missed\): 608/.test(s), 15_000, 'both callers gone');
    await endCall(talking);
    for (let i = 0; i < 2; i++) {
      const c = ring(stranger(), 'abandoned', 2500);
      await t.waitFor(banner(c), 15_000, 'a caller to ignore');
      t.keys('i');
      await t.waitText(`Ignored ${c.shown}`);
      await t.waitText(`Caller hung up while ringing (missed): ${c.shown}`, 15_000);
    }
    for (const c of placed.filter((x) => x.fate === 'abandoned')) {
      const r = await c.sipp.done;
      expect(r.code, `${c.shown}: ${r.stdout}${r.stderr}`).toBe(0);
    }

    // ---- the PBX goes away with four calls ringing: they are lost (missed), the status bar says why in one row
    const stranded = [ring(stranger(), 'missed'), ring(stranger(), 'missed'), ring(stranger(), 'missed'), ring(stranger(), 'missed')];
    await t.waitText('waiting 4', 15_000);
    await kam.stop();
    const down = await t.waitFor((s) => /● failed \(cannot reach the PBX/.test(s) && noneWaiting(s), 30_000, 'the failure on the status bar');
    expect(down.split('\n')[0]).toMatch(/…/); // the reason is longer than the row: cut, the row stays one
    t.keys('M');
    const full = await t.waitText(`cannot reach the PBX at ws://127.0.0.1:${WS}`);
    expect(full).toContain('connection to the PBX lost'); // the calls that were ringing say why they ended
    t.keys('Escape');
    await t.waitFor((s) => !s.includes('Status in full'), 5000, 'the status dialog to close');
    for (const c of stranded) c.sipp.kill();
    t.keys('c'); // a call key says why it cannot act
    await t.waitText('not connected to the PBX');
    kam = await startKamailio({ dir: path.join(dir, 'pbx'), udpPort: UDP, wsPort: WS });
    await t.waitText('● registered', 60_000);
    await kam.waitRegistered(EXT);

    // ---- a new caller orders to a street typed on the call
    const walkIn = ring(stranger(), 'answered');
    await t.waitFor(banner(walkIn), 15_000, 'a new caller');
    t.keys('a');
    await t.waitText(onCall(walkIn));
    t.keys('Enter');
    await t.waitText('Street:');
    t.type('Korunní');
    t.keys('Enter', 'Down', 'Enter');
    await t.waitText('House:');
    t.type('15');
    t.keys('Enter');
    await t.waitText('Zone Vinohrady');
    const walkInOrder = await itemsAndSend();
    await endCall(walkIn);

    // ---- the rest of the shift: three at a time until 60 calls were placed
    while (placed.length < 60) {
      const batch = Array.from({ length: Math.min(3, 60 - placed.length) }, () => ring(stranger(), 'answered'));
      await answerAll(batch);
    }
    expect(placed).toHaveLength(60);

    // the call log screen at 80x24 is held to the same rules
    // the calls screen at 80x24 is held to the same rules: the log, the shift summary, the numbers to call back
    t.keys('L');
    await t.waitText('Shift summary');
    for (const [key, shows] of [['1', /\[1 Call log\]/], ['3', /\[3 Missed calls \(\d+\)\]/], ['2', /\d+ calls · \d+ answered · \d+ rejected · \d+ missed · \d+ abandoned/]] as const) {
      t.keys(key);
      await t.waitFor((s) => shows.test(s), 5000, `the calls screen's tab ${key}`);
    }
    t.keys('Escape');
    await t.waitFor((s) => !s.includes('Shift summary'), 5000, 'back from the calls screen');

    t.checking = false;
    t.keys('q');
    await t.waitText('Quit ringdesk?');
    t.keys('y');
    await t.waitFor(() => t.paneDead(), 15_000, 'the console to exit');

    // every screen read kept the layout rules
    expect(t.captures).toBeGreaterThan(100);
    expect([...t.problems].map(([p, s]) => `${p}\n${s}`)).toEqual([]);

    // the call log: each call placed is there once, with the verdict it was given
    const check = new Database(db, { readonly: true });
    const rows = check.prepare(`SELECT call_ref AS callRef, remote, direction, started_at AS startedAt, answered_at AS answeredAt, ended_at AS endedAt, outcome
      FROM calls WHERE direction = 'incoming'`).all() as { callRef: string; remote: string; direction: 'incoming'; startedAt: number; answeredAt: number | null; endedAt: number | null; outcome: string }[];
    const sent = check.prepare(`SELECT d.number, o.state FROM outbox o JOIN deliveries d ON d.id = o.delivery_id ORDER BY o.id`).all();
    check.close();
    const byNumber = new Map<string, Fate[]>();
    for (const r of rows) byNumber.set(r.remote.replace(/^\+?/, '+'), [...(byNumber.get(r.remote.replace(/^\+?/, '+')) ?? []), verdictOf({ ...r, outcome: r.outcome as never }) as Fate]);
    const expected = new Map<string, Fate[]>();
    for (const c of placed) expected.set(c.number, [...(expected.get(c.number) ?? []), c.fate]);
    expect(rows).toHaveLength(60);
    expect(Object.fromEntries(byNumber)).toEqual(Object.fromEntries(expected));
    for (const r of rows) expect(r.endedAt, r.callRef).not.toBeNull(); // nothing left "ringing"
    const count = (f: Fate) => placed.filter((c) => c.fate === f).length;
    expect({ answered: count('answered'), rejected: count('rejected'), missed: count('missed'), abandoned: count('abandoned') }).toEqual({ answered: 42, rejected: 6, missed: 4, abandoned: 8 });
    // and the shift summary the manager reads says the same
    const summary = JSON.parse(execFileSync('node', ['bin/ringdesk.js', 'calls', '--summary', '--json', '--since', '2h', '--db', db], { cwd: repo, encoding: 'utf8', env: { ...process.env, HOME: dir } })) as { totals: Record<string, number> };
    expect(summary.totals).toMatchObject({ calls: 60, incoming: 60, answered: 42, rejected: 6, missed: 4, abandoned: 8 });
    // the orders taken on the calls went to their point of sale
    expect(sent.map((o) => (o as { number: string }).number)).toEqual([lucieOrder, walkInOrder]);
  }, 300_000);
});
