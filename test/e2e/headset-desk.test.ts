/**
 * The headset leg and desk-phone mode (issue 8) as the dispatcher meets them: a real desk
 * runner on a real SQLite file, a SipPhone on a real Kamailio, sipp as the customer, the
 * headset device and the desk phone. Calls must be logged and routed whatever the
 * headset does, and a pick-up on the desk phone must count as this operator's answer.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startKamailio, type Kamailio } from '../pbx/kamailio.js';
import { makePhone, type PhoneUnderTest } from '../pbx/phone-harness.js';
import { runSipp, sippCounts, TestSipps, type SippProcess, type SippRun } from '../pbx/sipp.js';
import { Store } from '../../src/store/index.js';
import { DeskRunner } from '../../src/desk/runner.js';
import { DESK_PHONE_NOTE } from '../../src/telephony/sip/sip-phone.js';
import { knownPayload, MediaPeer, sleep } from './headset-peer.js';
import { until } from '../helpers/until.js';

const UDP = 16060;
const WS = 16080;
const PROXY = `127.0.0.1:${UDP}`;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const GATEWAY_SIP = 16071;
const CALLER_RTP = 23610;
const DEVICE_RTP = 23612;
let dir: string;
let kam: Kamailio;
const peers = new TestSipps();
const cleanups = peers.cleanups;
const sipp = (r: SippRun): SippProcess => peers.start(r, 23900 + (r.port % 100) * 4);

async function desk(extension: string, phoneOptions: Record<string, unknown>): Promise<{ t: PhoneUnderTest; runner: DeskRunner; store: Store; operatorId: number }> {
  const store = Store.open(path.join(dir, `desk-${extension}.db`), { region: 'CZ', currency: 'CZK' });
  const op = store.operators.upsert({ name: `op${extension}`, extension });
  const t = makePhone({ wsPort: WS, extension, rtpPortMin: 23500, rtpPortMax: 23599, ...phoneOptions });
  const runner = new DeskRunner({ store, phone: t.phone, operator: { id: op.id, name: op.name, extension } });
  runner.start();
  cleanups.push(async () => {
    await t.phone.stop();
    runner.dispose();
    store.close();
  });
  await t.phone.start();
  await t.waitFor('registration', (e) => e.state === 'registered');
  return { t, runner, store, operatorId: op.id };
}

async function peer(port: number): Promise<MediaPeer> {
  const p = await MediaPeer.bind(port);
  cleanups.push(() => p.close());
  return p;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringdesk-headset-desk-'));
  kam = await startKamailio({ dir: path.join(dir, 'pbx'), udpPort: UDP, wsPort: WS, gateway: `sip:127.0.0.1:${GATEWAY_SIP}` });
});
afterEach(() => peers.settle());
afterAll(async () => {
  await kam?.stop();
});

describe('headset leg on the desk', () => {
  it('a call answered while the headset is down is logged and routed with a warning; H brings the headset in mid-call; ending the call keeps it', async () => {
    const { t, runner, store } = await desk('1604', { headset: '1698', headsetRedialMinMs: 60_000, headsetRedialMaxMs: 60_000 });
    await t.waitFor('headset', (e) => e.state === 'lost', 15_000); // nobody at the gateway: 408 after the PBX gives up
    expect(runner.state.headset.state).toBe('lost');
    expect(runner.state.message?.text).toMatch(/^Headset lost: the headset 1698 did not answer \(408/);

    const callerRtp = await peer(CALLER_RTP);
    sipp({ scenario: 'uac-call.xml', port: 16070, remote: PROXY, service: '1604', keys: { rtp_port: CALLER_RTP }, pauseMs: 20_000, timeoutMs: 40_000 });
    const inc = await t.waitFor('incoming');
    await until('the banner', () => runner.state.calls.some((c) => c.id === inc.callId));
    runner.dispatch({ type: 'key', key: 'a' });
    await t.waitFor('answered', (e) => e.callId === inc.callId);
    await runner.settled();
    // routed (S2: an unknown caller gets a new order) and logged as answered by this operator
    expect(runner.state.screen).toBe('delivery');
    expect(runner.state.delivery?.phone).toMatch(/^\+420 ?777/);
    const row = store.callReport.calls({ since: 0, until: Number.MAX_SAFE_INTEGER }).find((c) => c.callRef === inc.callId)!;
    expect(row).toMatchObject({ outcome: 'answered', operator: 'op1604', deliveryId: runner.state.delivery!.id });
    expect(row.answeredAt).not.toBeNull();
    expect(runner.state.message).toMatchObject({ kind: 'error' });
    expect(runner.state.message!.text).toMatch(/^Headset lost: the call from \+420777\d+ answered while the headset is not connected/);

    // the device is back; the dispatcher presses H instead of waiting a minute for the redial
    const devRtp = await peer(DEVICE_RTP);
    const dev = sipp({ scenario: 'headset-device.xml', port: GATEWAY_SIP, keys: { rtp_port: DEVICE_RTP }, timeoutMs: 60_000, vars: { check: 'true', ring_ms: 50, hold_ms: 60_000, pts: '0 8' } });
    await sleep(200);
    runner.dispatch({ type: 'key', key: 'H' });
    await until('the headset connected', () => runner.state.headset.state === 'connected', 15_000);
    expect(runner.state.message?.text).toMatch(/^Headset connected: back after [\d.]+ s; bridged to the call in progress$/);
    await until('the caller leg sends', () => callerRtp.heard.length > 0);
    const fromCaller = Array.from({ length: 20 }, (_, i) => knownPayload(i, 5));
    await callerRtp.sendAudio(callerRtp.latestSource()!, 0, fromCaller);
    await until('the caller heard on the headset', () => devRtp.heard.filter((h) => !h.payload.every((b) => b === 0xff)).length >= 20);
    expect(devRtp.heard.filter((h) => !h.payload.every((b) => b === 0xff)).map((h) => h.payload.toString('hex'))).toEqual(fromCaller.map((p) => p.toString('hex')));

    // e ends the customer call; the headset leg stays up and quiet
    runner.dispatch({ type: 'key', key: 'e' });
    await t.waitFor('ended', (e) => e.callId === inc.callId && e.reason === 'local-hangup');
    await sleep(300);
    const mark = devRtp.heard.length;
    await sleep(400);
    expect(devRtp.heard.length - mark).toBeGreaterThan(15);
    expect(devRtp.heard.slice(mark).every((h) => h.payload.every((b) => b === 0xff))).toBe(true);
    expect(t.phone.headset).toBe('connected');
    expect(runner.state.headset.state).toBe('connected');
    await t.phone.stop();
    const d = await dev.done;
    expect(sippCounts(d.stdout), d.stdout + d.stderr).toEqual({ ok: 1, failed: 0 });
  });

  it('desk-phone mode on a PBX without dialog events: the desk phone picks up, the console routes and logs the call as this operator\'s, ended at pick-up as it says', async () => {
    const { t, runner, store } = await desk('1605', { deskPhone: true });
    // this PBX has no dialog event package: said once, and the old behaviour kept (ended at pick-up)
    const watch = await t.waitFor('desk-phone');
    expect(watch).toEqual({ type: 'desk-phone', watching: false, reason: 'the PBX answered 489 Bad Event to SUBSCRIBE dialog' });
    expect(runner.state.message).toEqual({ kind: 'error', text: 'The PBX does not report when desk-phone calls end (the PBX answered 489 Bad Event to SUBSCRIBE dialog): a call picked up on the desk phone is logged as ended at pick-up, its talk time unknown' });
    // the desk phone: a sipp UAS on 16073, registered on the same extension by a second sipp
    const phone = sipp({ scenario: 'headset-device.xml', port: 16073, keys: { rtp_port: DEVICE_RTP }, timeoutMs: 30_000, vars: { check: 'false', ring_ms: 400, hold_ms: 20_000, pts: '0 8' } });
    const reg = await runSipp({ scenario: 'headset-register.xml', port: 16074, remote: PROXY, extra: ['-mp', '23996'], vars: { user: '1605', password: 'secret1605', contact_port: 16073 } });
    expect(reg.code, reg.stdout + reg.stderr).toBe(0);
    await kam.waitRegistered('1605', 2);

    const caller = sipp({ scenario: 'uac-call.xml', port: 16070, remote: PROXY, service: '1605', keys: { rtp_port: CALLER_RTP }, pauseMs: 1000, timeoutMs: 20_000 });
    const inc = await t.waitFor('incoming');
    await until('the banner while both ring', () => runner.state.calls.some((c) => c.id === inc.callId && c.phase === 'ringing'));
    const answered = await t.waitFor('answered', (e) => e.callId === inc.callId);
    await runner.settled();
    const ended = await t.waitFor('ended', (e) => e.callId === inc.callId);
    expect(ended).toMatchObject({ reason: 'local-hangup', detail: DESK_PHONE_NOTE });
    expect(answered.at - inc.at).toBeGreaterThanOrEqual(350); // when the desk phone answered, not before
    expect(runner.state.screen).toBe('delivery');
    expect(runner.state.delivery?.phone).toMatch(/^\+420 ?777/);
    const row = store.callReport.calls({ since: 0, until: Number.MAX_SAFE_INTEGER }).find((c) => c.callRef === inc.callId)!;
    expect(row).toMatchObject({ outcome: 'answered', operator: 'op1605', deliveryId: runner.state.delivery!.id });
    expect(row.answeredAt).not.toBeNull();
    const r = await caller.done;
    expect(sippCounts(r.stdout), r.stdout + r.stderr).toEqual({ ok: 1, failed: 0 });
    const p = await phone.done;
    expect(sippCounts(p.stdout), p.stdout + p.stderr).toEqual({ ok: 1, failed: 0 }); // the desk phone had the call
  });

  it('ringdesk doctor --headset calls the device, plays a tone and counts what comes back; a silent device fails with the reason', async () => {
    // errors in files being written by others do not stop tsc from emitting ours
    spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'ignore' });
    if (fs.existsSync(path.join(ROOT, 'scripts', 'bundle.js'))) spawnSync('node', ['scripts/bundle.js'], { cwd: ROOT, stdio: 'ignore' }); // bin/ringdesk.js runs the bundle
    const db = path.join(dir, 'doctor.db');
    const ringdesk = (args: string[]) => new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const child = spawn('node', [path.join(ROOT, 'bin', 'ringdesk.js'), '--db', db, ...args], {
        env: { ...process.env, RINGDESK_PBX_PASSWORD: 'secret1606', RINGDESK_CONFIG: '', HOME: dir },
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => { out += d; });
      child.stderr.on('data', (d) => { err += d; });
      const limit = setTimeout(() => child.kill('SIGKILL'), 45_000);
      child.once('exit', (code) => { clearTimeout(limit); resolve({ code, out, err }); });
    });
    const add = await ringdesk(['operator', 'add', 'dora', '--extension', '1606', '--headset', '1699']);
    expect(add.code, add.err).toBe(0);

    const devRtp = await peer(DEVICE_RTP);
    const dev = sipp({ scenario: 'headset-device.xml', port: GATEWAY_SIP, keys: { rtp_port: DEVICE_RTP }, timeoutMs: 30_000, vars: { check: 'true', ring_ms: 50, hold_ms: 20_000, pts: '0 8' } });
    let answeredBack = false;
    const talkBack = setInterval(() => {
      const from = devRtp.latestSource();
      if (from && !answeredBack) {
        answeredBack = true;
        void devRtp.sendAudio(from, 0, Array.from({ length: 25 }, (_, i) => knownPayload(i, 6)));
      }
    }, 20);
    const r = await ringdesk(['doctor', '--pbx', `ws://127.0.0.1:${WS}`, '--operator', 'dora', '--headset']);
    clearInterval(talkBack);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^ok\s+headset\s+1699 answered by itself in \d+ ms; played a 440 Hz tone for 3 s \(1[3-5]\d packets\), heard 25 packets back$/m);
    expect(r.code).toBe(0);
    const tone = devRtp.heard.filter((h) => h.pt === 0 && !h.payload.every((b) => b === 0xff));
    expect(tone.length).toBeGreaterThan(120);
    const d = await dev.done;
    expect(sippCounts(d.stdout), d.stdout + d.stderr).toEqual({ ok: 1, failed: 0 });

    const silent = await ringdesk(['doctor', '--pbx', `ws://127.0.0.1:${WS}`, '--operator', 'dora', '--headset', '1697']);
    expect(silent.out).toMatch(/^FAIL\s+headset\s+the headset 1697 did not answer \(408 Request Timeout\)$/m);
    expect(silent.code).toBe(1);
  });
});
