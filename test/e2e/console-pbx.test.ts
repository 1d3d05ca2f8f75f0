/**
 * `ringdesk console --pbx` in a real terminal on a real PBX: Kamailio on loopback, the
 * console in tmux (keys by send-keys, screen by capture-pane), sipp as the caller and as
 * the customer's phone, a UDP listener standing in for sipp's RTP port, and the calls
 * table read from the SQLite file afterwards.
 * Ports: Kamailio UDP 17060 / WS 17080, sipp 17070-17071, RTP 24000-24999.
 * Needs a current build (`npm run build`): the console runs from bin/ringdesk.js.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Tmux, ringdeskCommand } from './tmux.js';
import { tempDir } from '../helpers/temp-store.js';
import { startKamailio, type Kamailio } from '../pbx/kamailio.js';
import { listenRtp, sippCounts, startSipp, type RtpPacket } from '../pbx/sipp.js';

const repo = path.resolve(__dirname, '..', '..');
const UDP = 17060;
const WS = 17080;
const PROXY = `127.0.0.1:${UDP}`;
const SHARED_NUMBER = '+420 602 555 111'; // demo seed: three Svobodas share it (S2 chooser)
/** How the console shows it: the national form of a home-region number. */
const SHARED_SHOWN = '602 555 111';

let dir: string;
let db: string;
let tone: string;
let kam: Kamailio;
let cleanup: () => void;
const terminals: Tmux[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const silent = (p: RtpPacket) => p.payload.every((b) => b === 0xff || b === 0xd5);
/** `ringdesk operator add` with the test PBX's password for the extension, from the environment. */
const addOperator = (name: string, extension: string) => execFileSync('node', ['bin/ringdesk.js', 'operator', 'add', name, '--extension', extension, '--db', db], {
  cwd: repo, encoding: 'utf8', env: { ...process.env, RINGDESK_PBX_PASSWORD: `secret${extension}` },
});

/** The console in tmux as a dispatcher starts it; the password only in the environment. */
function console_(name: string, args: string, password?: string): Tmux {
  const t = new Tmux(name);
  terminals.push(t);
  const env: Record<string, string> = { HOME: dir, RINGDESK_RTP_PORTS: '24100-24999' };
  if (password !== undefined) env.RINGDESK_PBX_PASSWORD = password;
  t.start(`cd ${repo} && exec ${ringdeskCommand(repo)} console --db ${db} --pbx ws://127.0.0.1:${WS} ${args}`, env);
  return t;
}

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('ringdesk-console-pbx-'));
  db = path.join(dir, 'desk.db');
  tone = path.join(dir, 'tone.wav');
  execFileSync('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', tone, 'synth', '30', 'sine', '440', 'vol', '0.5']);
  execFileSync('node', ['bin/ringdesk.js', 'db', 'seed', '--db', db], { cwd: repo });
  expect(addOperator('alice', '1701')).toContain('password set');
  addOperator('bob', '1702');
  addOperator('carol', '1703');
  addOperator('erin', '1704');
  addOperator('frank', '1704');
  kam = await startKamailio({ dir: path.join(dir, 'pbx'), udpPort: UDP, wsPort: WS, gateway: 'sip:127.0.0.1:17071' });
}, 60_000);

afterAll(async () => {
  for (const t of terminals) t.kill();
  await kam?.stop();
  cleanup?.();
});

describe('console on a real PBX, in a terminal', () => {
  it('registers, takes a call from sipp into an order, pauses to silence, hangs up; calls the customer back; logs both', async () => {
    const heard = path.join(dir, 'heard.wav');
    const t = console_('rd-pbx', `--operator alice --audio wav:${tone},${heard}`, 'secret1701');
    await t.waitText('● registered', 30_000);
    expect(t.screen()).toContain('alice · ext 1701');
    await kam.waitRegistered('1701');

    // ---- incoming: sipp calls 1701 from the shared number, waits for our BYE
    const rtp = await listenRtp(24010);
    try {
      const caller = startSipp({
        scenario: 'uac-hung-up.xml', port: 17070, remote: PROXY, service: '1701', vars: { wait_ms: 60_000 },
        keys: { rtp_port: 24010, caller: '+42060255511' }, extra: ['-mp', '24070'], timeoutMs: 60_000,
      });
      const banner = await t.waitText('INCOMING CALL', 10_000);
      expect(banner).toContain(SHARED_SHOWN);
      expect(banner).toContain('3 customers share this number');
      expect(rtp.packets).toHaveLength(0); // ringing: no media yet

      t.keys('a');
      await t.waitText('who is calling?');
      t.keys('Enter'); // Petr Svoboda, the first of the three
      const card = await t.waitText('New order D-');
      const order = /New order (D-\d+) for Petr Svoboda/.exec(card)?.[1];
      expect(order, card).toBeTruthy();
      expect(card).toContain(`☎ on call ${SHARED_SHOWN}`);

      // the caller hears our --audio WAV (not silence), and we record what they send
      await sleep(600);
      const talking = rtp.packets.slice();
      expect(talking.length).toBeGreaterThan(15);
      expect(talking.filter((p) => !silent(p)).length).toBeGreaterThan(10);
      await rtp.sendTo(talking[0].from.address, talking[0].from.port, 25);

      // p: the caller stays connected but gets only silence
      t.keys('p');
      await t.waitText('⏸ PAUSED');
      await sleep(150);
      const from = rtp.packets.length;
      await sleep(700);
      const paused = rtp.packets.slice(from);
      expect(paused.length).toBeGreaterThan(25);
      expect(paused.every(silent)).toBe(true);

      // e: we hang up; sipp's scenario only passes if our BYE reached it
      t.keys('e');
      await t.waitText(`Call ended: ${SHARED_SHOWN}`);
      const r = await caller.done;
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(sippCounts(r.stdout)).toEqual({ ok: 1, failed: 0 });
      const recorded = fs.statSync(heard).size - 44;
      expect(recorded).toBeGreaterThanOrEqual(20 * 320); // >= 20 of the 25 packets, 16-bit samples
    } finally {
      await rtp.close();
    }

    // ---- outgoing: c on the card calls the customer; Kamailio sends it to sipp as the outside line
    const rtp2 = await listenRtp(24020);
    try {
      const customer = startSipp({ scenario: 'uas.xml', port: 17071, keys: { rtp_port: 24020 }, pauseMs: 500, extra: ['-mp', '24071'], timeoutMs: 30_000 });
      await sleep(300);
      t.keys('c');
      await t.waitText(`Calling customer ${SHARED_SHOWN}`);
      await t.waitText(`Connected to customer ${SHARED_SHOWN}`, 10_000);
      await sleep(500);
      expect(rtp2.packets.length).toBeGreaterThan(10);
      expect(rtp2.packets.every((p) => p.pt === 8)).toBe(true); // the callee preferred PCMA
      t.keys('e');
      await t.waitText(`Call ended: ${SHARED_SHOWN}`);
      const r = await customer.done;
      expect(r.code, r.stdout + r.stderr).toBe(0); // it got our BYE
    } finally {
      await rtp2.close();
    }

    // ---- quit unregisters
    t.keys('q');
    await t.waitText('Quit ringdesk?');
    t.keys('y');
    await t.waitFor(() => t.paneDead(), 10_000, 'the console to exit');
    for (let i = 0; i < 40 && (await kam.contacts('1701')).length; i++) await sleep(50);
    expect(await kam.contacts('1701')).toEqual([]);

    // ---- both calls in the calls table
    const check = new Database(db, { readonly: true });
    const rows = check.prepare(`
      SELECT c.direction, c.remote, c.remote_key AS remoteKey, o.name AS operator, c.extension, c.started_at AS startedAt,
             c.answered_at AS answeredAt, c.ended_at AS endedAt, c.outcome, cu.name AS customer, d.number AS delivery, c.call_ref AS callRef
      FROM calls c LEFT JOIN operators o ON o.id = c.operator_id LEFT JOIN customers cu ON cu.id = c.customer_id
      LEFT JOIN deliveries d ON d.id = c.delivery_id ORDER BY c.started_at`).all() as Record<string, string | number | null>[];
    check.close();
    expect(rows).toHaveLength(2);
    const [incoming, outgoing] = rows;
    expect(incoming).toMatchObject({
      direction: 'incoming', remote: '+420602555111', remoteKey: '+420602555111', operator: 'alice', extension: '1701',
      outcome: 'answered', customer: 'Petr Svoboda', delivery: expect.stringMatching(/^D-\d+$/),
    });
    expect(incoming.callRef).toMatch(/@127\.0\.0\.1$/); // the SIP Call-ID sipp chose
    expect(outgoing).toMatchObject({
      direction: 'outgoing', remote: SHARED_NUMBER, remoteKey: '+420602555111', operator: 'alice', extension: '1701',
      outcome: 'answered', customer: 'Petr Svoboda', delivery: incoming.delivery,
    });
    for (const row of rows) {
      expect(Number(row.startedAt)).toBeLessThanOrEqual(Number(row.answeredAt));
      expect(Number(row.answeredAt)).toBeLessThan(Number(row.endedAt));
    }
    expect(Number(incoming.endedAt)).toBeLessThanOrEqual(Number(outgoing.startedAt));
  }, 120_000);

  it('a wrong password shows "failed" with the reason, and call keys say why they are off', async () => {
    const t = console_('rd-pbx-bad', '--operator bob', 'not-the-password');
    const s = await t.waitText('● failed', 30_000);
    expect(s).toMatch(/failed \(wrong password for 1702 \(40[137]\)\)/);
    expect(s).not.toContain('not-the-password');
    t.keys('c');
    await t.waitText('not connected to the PBX (failed)');
    expect(await kam.contacts('1702')).toEqual([]);
    t.keys('C-c');
    await t.waitText('Quit ringdesk?');
    t.keys('y');
    await t.waitFor(() => t.paneDead(), 10_000, 'the console to exit');
  }, 60_000);

  it('two consoles on one extension and one database: a missed call is one row; the one who answers owns the call', async () => {
    const erin = console_('rd-pbx-erin', '--operator erin', 'secret1704');
    const frank = console_('rd-pbx-frank', '--operator frank', 'secret1704');
    await erin.waitText('● registered', 30_000);
    await frank.waitText('● registered', 30_000);
    await kam.waitRegistered('1704', 2);
    const rtp = await listenRtp(24040);
    try {
      // the caller gives up while both ring
      const cancel = startSipp({ scenario: 'uac-cancel-forked.xml', port: 17070, remote: PROXY, service: '1704', vars: { ring_ms: 1500 }, keys: { rtp_port: 24040, caller: '+42073100022' }, extra: ['-mp', '24070'], timeoutMs: 20_000 });
      await erin.waitText('INCOMING CALL', 10_000);
      await frank.waitText('731 000 221');
      const cancelled = await cancel.done;
      expect(cancelled.code, cancelled.stdout + cancelled.stderr).toBe(0);
      await erin.waitText('Caller hung up while ringing (missed)');
      await frank.waitText('Caller hung up while ringing (missed)');

      // both ring again; frank answers, erin's console says a colleague did
      const caller = startSipp({ scenario: 'uac-call.xml', port: 17070, remote: PROXY, service: '1704', keys: { rtp_port: 24040, caller: '+42072099988' }, extra: ['-mp', '24070'], pauseMs: 1500, timeoutMs: 20_000 });
      await erin.waitText('720 999 881', 10_000);
      await frank.waitText('720 999 881');
      frank.keys('a');
      await frank.waitText('New order D-');
      await erin.waitText('Answered by a colleague: 720 999 881');
      const r = await caller.done;
      expect(sippCounts(r.stdout), r.stdout + r.stderr).toEqual({ ok: 1, failed: 0 });
      await frank.waitText('The other side hung up');
    } finally {
      await rtp.close();
    }
    const check = new Database(db, { readonly: true });
    const rows = check.prepare(`
      SELECT c.remote, o.name AS operator, c.extension, c.outcome, c.answered_at AS answeredAt, c.ended_at AS endedAt, c.delivery_id AS deliveryId
      FROM calls c LEFT JOIN operators o ON o.id = c.operator_id WHERE c.extension = '1704' ORDER BY c.started_at`).all() as Record<string, string | number | null>[];
    check.close();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ remote: '+420731000221', outcome: 'missed', answeredAt: null, deliveryId: null });
    expect(['erin', 'frank']).toContain(rows[0].operator);
    expect(rows[1]).toMatchObject({ remote: '+420720999881', operator: 'frank', outcome: 'answered' });
    expect(rows[1].deliveryId).not.toBeNull();
    expect(Number(rows[1].endedAt)).toBeGreaterThan(Number(rows[1].answeredAt));
    for (const t of [erin, frank]) {
      t.keys('C-c');
      await t.waitText('Quit ringdesk?');
      t.keys('y');
      await t.waitFor(() => t.paneDead(), 10_000, 'the console to exit');
    }
  }, 90_000);

  it('--auto-answer answers by itself; a play command that dies mid-call leaves the call up and says why in the log', async () => {
    const logFile = path.join(dir, 'carol.log');
    const t = new Tmux('rd-pbx-cmd');
    terminals.push(t);
    t.start(`cd ${repo} && exec ${ringdeskCommand(repo)} console --db ${db} --pbx ws://127.0.0.1:${WS} --operator carol --auto-answer 0 --audio 'command:exit 3'`,
      { HOME: dir, RINGDESK_RTP_PORTS: '24100-24999', RINGDESK_PBX_PASSWORD: 'secret1703', RINGDESK_LOG: logFile });
    await t.waitText('● registered', 30_000);
    const rtp = await listenRtp(24030);
    try {
      const caller = startSipp({ scenario: 'uac-call.xml', port: 17070, remote: PROXY, service: '1703', keys: { rtp_port: 24030 }, extra: ['-mp', '24070'], pauseMs: 1000, timeoutMs: 20_000 });
      const r = await caller.done;
      expect(sippCounts(r.stdout), r.stdout + r.stderr).toEqual({ ok: 1, failed: 0 });
      expect(rtp.packets.length).toBeGreaterThan(20); // silence went on after the program quit
      expect(rtp.packets.every(silent)).toBe(true);
    } finally {
      await rtp.close();
    }
    await t.waitText('The other side hung up');
    for (let i = 0; i < 40 && !fs.readFileSync(logFile, 'utf8').includes('audio: '); i++) await sleep(50);
    expect(fs.readFileSync(logFile, 'utf8')).toContain('audio: play command "exit 3" exited with code 3');
    t.keys('C-c');
    await t.waitText('Quit ringdesk?');
    t.keys('y');
    await t.waitFor(() => t.paneDead(), 10_000, 'the console to exit');
  }, 60_000);

  it('a bad --audio setting is refused before the password is asked for', async () => {
    const t = console_('rd-pbx-audio', '--operator bob --audio mp3:song.mp3');
    await t.waitFor(() => t.paneDead(), 20_000, 'the console to exit');
    // joined lines with history: the message is longer than the pane is wide
    const s = execFileSync('tmux', ['capture-pane', '-p', '-J', '-S', '-50', '-t', t.session], { encoding: 'utf8' });
    expect(s).toContain('ringdesk: --audio: audio setting "mp3:song.mp3": unknown kind "mp3"; use none, wav:'); // the message names the flag (82ef518)
    expect(s).not.toContain('PBX password for');
  }, 30_000);

  it('without RINGDESK_PBX_PASSWORD the console asks in a masked field (ink-text-input), then registers with what was typed', async () => {
    const t = console_('rd-pbx-prompt', '--operator alice');
    await t.waitText('PBX password for alice:', 20_000);
    t.type('secret1701');
    const asked = await t.waitText('**********');
    expect(asked).not.toContain('secret');
    t.keys('Enter');
    await t.waitText('● registered', 30_000);
    expect(t.screen()).not.toContain('PBX password for');
    await kam.waitRegistered('1701');
    t.keys('C-c');
    await t.waitText('Quit ringdesk?');
    t.keys('y');
    await t.waitFor(() => t.paneDead(), 10_000, 'the console to exit');
  }, 60_000);
});
