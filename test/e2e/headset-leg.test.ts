/**
 * The headset leg (issue 8) against real parts on loopback: a Kamailio, sipp as the
 * customer calling in over UDP, sipp as the dispatcher's own device (reached through the
 * PBX's gateway, like a mobile on a trunk), and a SipPhone on WebSocket in between. Media
 * is proved on the wire with UDP sockets standing in for the caller's and the device's
 * RTP ports: known payloads, packet counts, silence bytes.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startKamailio, type Kamailio } from '../pbx/kamailio.js';
import { makePhone, type PhoneUnderTest } from '../pbx/phone-harness.js';
import { sippCounts, startSipp, type SippProcess, type SippRun } from '../pbx/sipp.js';
import { ALAW_TO_ULAW, ULAW_TO_ALAW } from '../../src/telephony/media/index.js';
import { knownPayload, MediaPeer, sleep, type Heard } from './headset-peer.js';
import { until } from '../helpers/until.js';

const UDP = 16060;
const WS = 16080;
const PROXY = `127.0.0.1:${UDP}`;
const DEVICE_SIP = 16071; // the PBX's gateway: numbers nobody registered go here
const CALLER_RTP = 23600;
const DEVICE_RTP = 23602;
let kam: Kamailio;
const phones: PhoneUnderTest[] = [];
const peers: MediaPeer[] = [];
const sipps: SippProcess[] = [];

/** sipp on this suite's ports, its media port kept out of the other suites' ranges. */
function sipp(r: SippRun): SippProcess {
  const p = startSipp({ ...r, extra: [...(r.extra ?? []), '-mp', String(23900 + (r.port % 100) * 4)] });
  sipps.push(p);
  return p;
}

function device(vars: { check?: boolean; ringMs?: number; holdMs?: number; pts?: string }, calls = 1): SippProcess {
  return sipp({
    scenario: 'headset-device.xml', port: DEVICE_SIP, keys: { rtp_port: DEVICE_RTP }, calls, timeoutMs: 120_000,
    vars: { check: String(vars.check ?? true), ring_ms: vars.ringMs ?? 50, hold_ms: vars.holdMs ?? 60_000, pts: vars.pts ?? '0 8' },
  });
}

async function phoneWithHeadset(extension: string, target: string, extra: Record<string, unknown> = {}): Promise<PhoneUnderTest> {
  const t = makePhone({ wsPort: WS, extension, headset: target, headsetRedialMinMs: 300, headsetRedialMaxMs: 1000, rtpPortMin: 23000, rtpPortMax: 23499, ...extra });
  phones.push(t);
  await t.phone.start();
  await t.waitFor('registration', (e) => e.state === 'registered');
  return t;
}

async function peer(port: number): Promise<MediaPeer> {
  const p = await MediaPeer.bind(port);
  peers.push(p);
  return p;
}

const isSilence = (h: Heard) => h.payload.every((b) => b === (h.pt === 8 ? 0xd5 : 0xff));
const hex = (b: Buffer) => b.toString('hex');
const map = (b: Buffer, table: Uint8Array) => Buffer.from(Array.from(b, (x) => table[x]));

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringdesk-headset-'));
  kam = await startKamailio({ dir, udpPort: UDP, wsPort: WS, gateway: `sip:127.0.0.1:${DEVICE_SIP}` });
});
afterEach(async () => {
  for (const t of phones.splice(0)) await t.phone.stop();
  for (const s of sipps.splice(0)) {
    await Promise.race([s.done, sleep(3000)]);
    s.kill();
  }
  for (const p of peers.splice(0)) await p.close();
});
afterAll(async () => {
  await kam?.stop();
});

describe('headset leg', () => {
  it('calls the device with auto-answer hints, relays both ways (transcoded), passes digits, and pause silences only the caller', async () => {
    const dev = device({ pts: '8 0' }); // the device prefers PCMA; the caller speaks PCMU
    const devRtp = await peer(DEVICE_RTP);
    const callerRtp = await peer(CALLER_RTP);
    const t = await phoneWithHeadset('1601', '1699');
    await t.waitFor('headset', (e) => e.state === 'connected');
    // between calls the device hears a steady, quiet stream
    await until('the headset leg sends', () => devRtp.heard.length > 10);
    expect(devRtp.heard.every((h) => h.pt === 8 && isSilence(h))).toBe(true);
    const headsetPort = devRtp.latestSource()!;

    const caller = sipp({ scenario: 'uac-call.xml', port: 16070, remote: PROXY, service: '1601', keys: { rtp_port: CALLER_RTP }, pauseMs: 9000, timeoutMs: 30_000 });
    const inc = await t.waitFor('incoming');
    t.phone.answer(inc.callId);
    await t.waitFor('answered', (e) => e.callId === inc.callId);
    await until('the caller leg sends', () => callerRtp.heard.length > 3);
    const callerPort = callerRtp.latestSource()!;

    // caller -> headset: PCMU in, PCMA out, every packet, in order
    const fromCaller = Array.from({ length: 40 }, (_, i) => knownPayload(i, 1));
    let mark = devRtp.heard.length;
    await callerRtp.sendAudio(callerPort, 0, fromCaller);
    await until('the caller audio at the device', () => devRtp.heard.slice(mark).filter((h) => !isSilence(h) && h.pt === 8).length >= 40);
    expect(devRtp.heard.slice(mark).filter((h) => h.pt === 8 && !isSilence(h)).map((h) => hex(h.payload))).toEqual(fromCaller.map((p) => hex(map(p, ULAW_TO_ALAW))));

    // headset -> caller: PCMA in, PCMU out
    const fromDevice = Array.from({ length: 40 }, (_, i) => knownPayload(i, 2));
    mark = callerRtp.heard.length;
    await devRtp.sendAudio(headsetPort, 8, fromDevice);
    await until('the device audio at the caller', () => callerRtp.heard.slice(mark).filter((h) => h.pt === 0 && !isSilence(h)).length >= 40);
    expect(callerRtp.heard.slice(mark).filter((h) => h.pt === 0 && !isSilence(h)).map((h) => hex(h.payload))).toEqual(fromDevice.map((p) => hex(map(p, ALAW_TO_ULAW))));

    // digits both ways, each leg with its own telephone-event type (caller 101, device 96)
    mark = devRtp.heard.length;
    await callerRtp.sendDigit(callerPort, 101, 5);
    await until('the caller digit at the device', () => devRtp.heard.slice(mark).some((h) => h.pt === 96 && h.payload[0] === 5));
    let callerMark = callerRtp.heard.length;
    await devRtp.sendDigit(headsetPort, 96, 9);
    await until('the device digit at the caller', () => callerRtp.heard.slice(callerMark).some((h) => h.pt === 101 && h.payload[0] === 9));

    // pause: the caller gets only silence (no voice, no digits); the dispatcher still hears the caller
    t.phone.mute(inc.callId, true);
    await t.waitFor('muted', (e) => e.muted);
    await sleep(100);
    callerMark = callerRtp.heard.length;
    mark = devRtp.heard.length;
    const duringPause = Array.from({ length: 30 }, (_, i) => knownPayload(i, 3));
    await Promise.all([
      devRtp.sendAudio(headsetPort, 8, Array.from({ length: 30 }, (_, i) => knownPayload(i, 4))).then(() => devRtp.sendDigit(headsetPort, 96, 7)),
      callerRtp.sendAudio(callerPort, 0, duringPause),
    ]);
    await sleep(100);
    const pausedAtCaller = callerRtp.heard.slice(callerMark);
    expect(pausedAtCaller.length).toBeGreaterThan(25);
    expect(pausedAtCaller.every((h) => h.pt === 0 && isSilence(h))).toBe(true);
    expect(devRtp.heard.slice(mark).filter((h) => h.pt === 8 && !isSilence(h)).map((h) => hex(h.payload))).toEqual(duringPause.map((p) => hex(map(p, ULAW_TO_ALAW))));

    t.phone.mute(inc.callId, false);
    await t.waitFor('muted', (e) => !e.muted);
    callerMark = callerRtp.heard.length;
    await devRtp.sendAudio(headsetPort, 8, fromDevice.slice(0, 10));
    await until('voice again after resume', () => callerRtp.heard.slice(callerMark).filter((h) => !isSilence(h)).length >= 10);

    // the caller hangs up: the headset leg stays up and goes quiet
    await t.waitFor('ended', (e) => e.callId === inc.callId, 15_000);
    const r = await caller.done;
    expect(sippCounts(r.stdout), r.stdout + r.stderr).toEqual({ ok: 1, failed: 0 });
    await sleep(150);
    mark = devRtp.heard.length;
    await sleep(400);
    const after = devRtp.heard.slice(mark);
    expect(after.length).toBeGreaterThan(15);
    expect(after.every((h) => h.pt === 8 && isSilence(h) && h.fromPort === headsetPort)).toBe(true);
    expect(t.phone.headset).toBe('connected');
    const states = t.events.filter((e) => e.type === 'headset').map((e) => (e as { state: string }).state);
    expect(states.filter((st, i) => st !== states[i - 1])).toEqual(['connecting', 'connected']); // never lost
    const stats = await t.phone.headsetRtpStats();
    expect(stats!.packetsRelayed).toBeGreaterThanOrEqual(40 + 30); // what the device got from the caller
    await t.phone.stop();
    const d = await dev.done;
    expect(sippCounts(d.stdout), d.stdout + d.stderr).toEqual({ ok: 1, failed: 0 }); // one INVITE, with both hints, hung up by the console
  });

  it('survives ten customer calls in a row: one device call, every call\'s audio passed through unchanged', async () => {
    const dev = device({ pts: '0 8' }); // same codec both legs: pass-through
    const devRtp = await peer(DEVICE_RTP);
    const callerRtp = await peer(CALLER_RTP);
    const t = await phoneWithHeadset('1602', '1699', { autoAnswerMs: 0 });
    await t.waitFor('headset', (e) => e.state === 'connected');
    const caller = sipp({ scenario: 'uac-call.xml', port: 16070, remote: PROXY, service: '1602', keys: { rtp_port: CALLER_RTP }, calls: 10, rate: 10, pauseMs: 900, timeoutMs: 60_000, extra: ['-l', '1'] });
    // A call's media is the first stream heard after the previous call's that is not the previous
    // call's: the console may reuse the RTP port of an older, ended call (sipp places one call at a time).
    let lastPort = 0;
    const sent: Buffer[] = [];
    for (let i = 0; i < 10; i++) {
      const mark = callerRtp.heard.length;
      await until(`call ${i + 1} answered`, () => t.count('answered') > i, 15_000);
      let port = 0;
      await until(`call ${i + 1} media`, () => {
        const h = callerRtp.heard.slice(mark).find((x) => x.fromPort !== lastPort);
        if (h) port = h.fromPort;
        return port !== 0;
      });
      lastPort = port;
      const payloads = Array.from({ length: 10 }, (_, k) => knownPayload(k, 10 + i));
      sent.push(...payloads);
      await callerRtp.sendAudio(port, 0, payloads);
    }
    const r = await caller.done;
    expect(sippCounts(r.stdout), r.stdout + r.stderr).toEqual({ ok: 10, failed: 0 });
    await until('ten calls ended', () => t.count('ended') === 10);
    expect(t.events.filter((e) => e.type === 'ended').every((e) => (e as { reason: string }).reason === 'remote-hangup')).toBe(true);
    await sleep(100);
    const voice = devRtp.heard.filter((h) => !isSilence(h));
    expect(voice.every((h) => h.pt === 0)).toBe(true);
    expect(voice.map((h) => hex(h.payload))).toEqual(sent.map(hex)); // all 100, in order, byte for byte
    expect(new Set(devRtp.heard.map((h) => h.fromPort)).size).toBe(1); // one headset leg all along
    expect(new Set(devRtp.heard.map((h) => h.ssrc)).size).toBe(1); // one steady stream for the device
    const states = t.events.filter((e) => e.type === 'headset').map((e) => (e as { state: string }).state);
    expect(states.filter((st, i) => st !== states[i - 1])).toEqual(['connecting', 'connected']);
    await t.phone.stop();
    const d = await dev.done;
    expect(sippCounts(d.stdout), d.stdout + d.stderr).toEqual({ ok: 1, failed: 0 }); // the device was called once
  });

  it('is called again with backoff after the device hangs up, and the dispatcher is told', async () => {
    const dev = device({ holdMs: 1200 }, 2);
    await peer(DEVICE_RTP);
    const t = await phoneWithHeadset('1603', '1699');
    await t.waitFor('headset', (e) => e.state === 'connected');
    const lost = await t.waitFor('headset', (e) => e.state === 'lost', 10_000);
    expect(lost.reason).toMatch(/the headset hung up; calling it again in 0\.3 s/);
    const lostAt = Date.now();
    const i = t.events.indexOf(lost);
    await t.waitFor('headset', (e) => e.state === 'connected', 10_000, i);
    expect(Date.now() - lostAt).toBeGreaterThanOrEqual(250);
    await t.phone.stop();
    const r = await dev.done;
    expect(sippCounts(r.stdout), r.stdout + r.stderr).toEqual({ ok: 2, failed: 0 });
  });
});
