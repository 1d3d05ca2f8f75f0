/** Two consoles on one extension, and a burst of calls: nothing may get lost. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startKamailio, type Kamailio } from '../pbx/kamailio.js';
import { registeredPhone, type PhoneUnderTest } from '../pbx/phone-harness.js';
import type { SipPhoneOptions } from '../../src/telephony/sip/sip-phone.js';
import { runSipp, sippCounts, startSipp } from '../pbx/sipp.js';
import type { PhoneEvent } from '../../src/telephony/phone.js';

const UDP = 15060;
const WS = 15080;
const PROXY = `127.0.0.1:${UDP}`;
let kam: Kamailio;
const started: PhoneUnderTest[] = [];

function phoneOn(extension: string, extra: Partial<SipPhoneOptions> = {}): Promise<PhoneUnderTest> {
  return registeredPhone(started, { wsPort: WS, extension, ...extra });
}

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringdesk-sip-fork-'));
  kam = await startKamailio({ dir, udpPort: UDP, wsPort: WS });
});
afterAll(async () => {
  for (const t of started) await t.phone.stop();
  await kam?.stop();
});

describe('forked and bursty calls', () => {
  it('rings both consoles of one extension; the one that does not answer logs answered-elsewhere', async () => {
    const a = await phoneOn('1301');
    const b = await phoneOn('1301');
    await kam.waitRegistered('1301', 2);
    const sipp = startSipp({ scenario: 'uac-call.xml', port: 15074, remote: PROXY, service: '1301', keys: { rtp_port: 21030 }, pauseMs: 500 });
    const ia = await a.waitFor('incoming');
    const ib = await b.waitFor('incoming');
    expect(ia.callId).toBe(ib.callId); // one call, one row in the calls table
    a.phone.answer(ia.callId);
    await a.waitFor('answered');
    const lost = await b.waitFor('ended');
    expect(lost).toMatchObject({ callId: ib.callId, reason: 'answered-elsewhere' });
    expect(b.count('answered')).toBe(0);
    const r = await sipp.done;
    expect(sippCounts(r.stdout), r.stdout + r.stderr).toEqual({ ok: 1, failed: 0 });
    await a.waitFor('ended', (e) => e.reason === 'remote-hangup');
  });

  it('a restarted console (same instance id) replaces its stale binding instead of adding one', async () => {
    const instanceId = '8a0d1f36-3c1e-4d4b-9c55-0b2a6f6f1302';
    const old = await phoneOn('1302', { instanceId });
    await kam.waitRegistered('1302', 1);
    // the old link is still open (a hung process): the new console must not add a second binding
    const restarted = await phoneOn('1302', { instanceId });
    await new Promise((r) => setTimeout(r, 300));
    expect(await kam.contacts('1302')).toHaveLength(1);
    expect(restarted.phone.registration).toBe('registered');
    await old.phone.stop();
  });

  it('survives a burst of 30 calls: every one answered, rejected or logged missed', async () => {
    const t = await phoneOn('1303');
    t.phone.on((e: PhoneEvent) => {
      if (e.type !== 'incoming' || !e.from.startsWith('+420777300')) return; // +420777400.. ring until the caller gives up
      if (Number(e.from.slice(-2)) % 2) t.phone.answer(e.callId);
      else t.phone.reject(e.callId);
    });
    const talk = startSipp({ scenario: 'uac-call.xml', port: 15075, remote: PROXY, service: '1303', keys: { rtp_port: 21031, caller: '+420777300' }, calls: 20, rate: 40, pauseMs: 300, timeoutMs: 30_000 });
    const give = startSipp({ scenario: 'uac-cancel.xml', port: 15076, remote: PROXY, service: '1303', keys: { rtp_port: 21033, caller: '+420777400' }, calls: 10, rate: 40, pauseMs: 300, timeoutMs: 30_000 });
    const [r1, r2] = await Promise.all([talk.done, give.done]);
    expect(sippCounts(r1.stdout)).toEqual({ ok: 10, failed: 10 }); // the rejected half fails sipp's "expect 200"
    expect(sippCounts(r2.stdout)).toEqual({ ok: 10, failed: 0 });
    for (let i = 0; i < 60 && t.count('ended') < 30; i++) await new Promise((res) => setTimeout(res, 100));
    const incoming = t.events.filter((e) => e.type === 'incoming');
    const ended = t.events.filter((e) => e.type === 'ended') as { reason: string }[];
    expect(incoming).toHaveLength(30);
    expect(ended).toHaveLength(30);
    const by = (reason: string) => ended.filter((e) => e.reason === reason).length;
    expect([by('remote-hangup'), by('rejected'), by('caller-cancelled')]).toEqual([10, 10, 10]);
    expect(t.phone.registration).toBe('registered');
    const after = await runSipp({ scenario: 'uac-call.xml', port: 15075, remote: PROXY, service: '1303', keys: { rtp_port: 21032, caller: '+420777300' }, pauseMs: 100 }); // call 1: odd, answered
    expect(sippCounts(after.stdout).ok).toBe(1);
  });
});
