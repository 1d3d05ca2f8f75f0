/** Registration against a real Kamailio over WebSocket: ok, wrong password, PBX restart. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startKamailio, type Kamailio } from '../pbx/kamailio.js';
import { makePhone, type PhoneUnderTest } from '../pbx/phone-harness.js';
import { listenRtp, runSipp, sippCounts } from '../pbx/sipp.js';

const UDP = 15060;
const WS = 15080;
let dir: string;
let kam: Kamailio;
const phones: PhoneUnderTest[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringdesk-sip-reg-'));
  kam = await startKamailio({ dir, udpPort: UDP, wsPort: WS });
});
afterAll(async () => {
  for (const p of phones) await p.phone.stop();
  await kam?.stop();
});

describe('SipPhone registration', () => {
  it('registers with the right password and unregisters on stop', async () => {
    const t = makePhone({ wsPort: WS, extension: '1001' });
    phones.push(t);
    await t.phone.start();
    await t.waitFor('registration', (e) => e.state === 'registered');
    await kam.waitRegistered('1001');
    expect(t.events[0]).toMatchObject({ type: 'registration', state: 'connecting' });
    await t.phone.stop();
    expect(t.events.at(-1)).toMatchObject({ type: 'registration', state: 'offline' });
    expect(await kam.contacts('1001')).toEqual([]);
    expect(t.lines.join('\n')).not.toContain('secret1001');
  });

  it('says so when the password is wrong and does not retry', async () => {
    const t = makePhone({ wsPort: WS, extension: '1002', password: 'not-the-password' });
    phones.push(t);
    await t.phone.start();
    const failed = await t.waitFor('registration', (e) => e.state === 'failed');
    expect(failed.reason).toBe('wrong password for 1002 (403)');
    await new Promise((r) => setTimeout(r, 800));
    expect(t.events.filter((e) => e.type === 'registration' && e.state === 'connecting')).toHaveLength(1);
    expect(await kam.contacts('1002')).toEqual([]);
    expect(t.lines.join('\n')).not.toContain('not-the-password');
  });

  it('reports the PBX unreachable, then registers once it is up', async () => {
    const t = makePhone({ wsPort: 15081, extension: '1003' });
    phones.push(t);
    await t.phone.start();
    const failed = await t.waitFor('registration', (e) => e.state === 'failed');
    expect(failed.reason).toMatch(/cannot reach the PBX at ws:\/\/127\.0\.0\.1:15081 .*retrying/);
    await t.phone.stop();
  });

  it('comes back after Kamailio restarts mid-session and the next call works', async () => {
    const t = makePhone({ wsPort: WS, extension: '1004', autoAnswerMs: 0 });
    phones.push(t);
    await t.phone.start();
    await t.waitFor('registration', (e) => e.state === 'registered');
    await kam.stop();
    const lost = t.events.length;
    await t.waitFor('registration', (e) => e.state === 'connecting', 5000, lost);
    kam = await startKamailio({ dir, udpPort: UDP, wsPort: WS });
    await t.waitFor('registration', (e) => e.state === 'registered', 15_000, lost);
    await kam.waitRegistered('1004');
    const rtp = await listenRtp(21010);
    try {
      const r = await runSipp({ scenario: 'uac-call.xml', port: 15070, remote: `127.0.0.1:${UDP}`, service: '1004', keys: { rtp_port: 21010 }, pauseMs: 600 });
      expect(sippCounts(r.stdout), r.stdout + r.stderr).toEqual({ ok: 1, failed: 0 });
      expect(r.code).toBe(0);
      await t.waitFor('ended', (e) => e.reason === 'remote-hangup');
      expect(rtp.packets.length).toBeGreaterThan(10);
    } finally {
      await rtp.close();
    }
  });
});
