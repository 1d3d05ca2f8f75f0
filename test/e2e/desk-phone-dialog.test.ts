/**
 * Desk-phone mode with the RFC 4235 dialog event package (issue 11): a real Kamailio with
 * presence + presence_dialoginfo fed by dialog + pua_dialoginfo, a real desk runner on a real
 * SQLite file, a SipPhone that rings beside the operator's desk phone (a sipp UAS registered on
 * the same extension) and sipp as the caller. The desk phone picks up, talks, hangs up: the call
 * log says answered at the pick-up and ended at the hang-up, and during the call the desk has the
 * operator on it (busy), its pause and end keys refused with the reason.
 * Ports 18280-18299 (the dialog helper's), under the port lock: Kamailio 18280-18281, SIP peers
 * 18282-18284, the console's RTP 18285-18287, each sipp's media ports (-mp, four each) 18288-18299.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startKamailio, type Kamailio } from '../pbx/kamailio.js';
import { makePhone } from '../pbx/phone-harness.js';
import { runSipp, sippCounts, TestSipps, type SippRun } from '../pbx/sipp.js';
import { Store } from '../../src/store/index.js';
import { DeskRunner } from '../../src/desk/runner.js';
import { activeCall } from '../../src/desk/state.js';
import { DESK_PHONE_HUNG_UP } from '../../src/telephony/sip/sip-phone.js';
import { sleep } from './headset-peer.js';
import { until } from '../helpers/until.js';

const UDP = 18280;
const WS = 18281;
const PROXY = `127.0.0.1:${UDP}`;
const DESK_PHONE_SIP = 18282;
const REGISTER_SIP = 18283;
const CALLER_SIP = 18284;
const EXT = '1801';
/** How long the desk phone talks before it hangs up. */
const TALK_MS = 5000;
/** Arrival of SIP messages on a loaded 2-core box: the NOTIFY may trail the BYE by this much. */
const SLACK_MS = 1500;

let dir: string;
let kam: Kamailio;
const peers = new TestSipps();
const cleanups = peers.cleanups;
const sipp = (r: SippRun, mediaPort: number) => peers.start(r, mediaPort);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringdesk-desk-phone-dialog-'));
  kam = await startKamailio({ dir: path.join(dir, 'pbx'), udpPort: UDP, wsPort: WS, presence: true });
});
afterEach(() => peers.settle());
afterAll(async () => {
  await kam?.stop();
});

describe('desk-phone mode follows the desk phone\'s call to its hang-up (RFC 4235 dialog events)', () => {
  it('answered at the pick-up, busy while the desk phone talks (the subscription refreshed meanwhile), ended at the hang-up', async () => {
    const store = Store.open(path.join(dir, 'desk.db'), { region: 'CZ', currency: 'CZK' });
    const op = store.operators.upsert({ name: 'dora', extension: EXT });
    // Expires 3 s: sip.js refreshes at 90 %, so the subscription is refreshed during the call
    const t = makePhone({ wsPort: WS, extension: EXT, deskPhone: true, dialogExpires: 3, dialogRetryMs: 500, rtpPortMin: 18285, rtpPortMax: 18287 });
    const runner = new DeskRunner({ store, phone: t.phone, operator: { id: op.id, name: op.name, extension: EXT } });
    runner.start();
    cleanups.push(async () => {
      await t.phone.stop();
      runner.dispose();
      store.close();
    });
    await t.phone.start();
    await t.waitFor('registration', (e) => e.state === 'registered');
    await until('the dialog subscription', () => t.lines.some((l) => l.includes('dialog watch: watching')));

    // the desk phone: a sipp UAS on its own port, registered on the same extension by a second sipp
    const deskPhone = sipp({ scenario: 'headset-device.xml', port: DESK_PHONE_SIP, keys: { rtp_port: 18290 }, timeoutMs: 30_000, vars: { check: 'false', ring_ms: 400, hold_ms: TALK_MS, pts: '0 8' } }, 18288);
    const reg = await runSipp({ scenario: 'headset-register.xml', port: REGISTER_SIP, remote: PROXY, extra: ['-mp', '18292'], vars: { user: EXT, password: `secret${EXT}`, contact_port: DESK_PHONE_SIP } });
    expect(reg.code, reg.stdout + reg.stderr).toBe(0);
    await kam.waitRegistered(EXT, 2);

    const caller = sipp({ scenario: 'uac-hung-up.xml', port: CALLER_SIP, remote: PROXY, service: EXT, keys: { rtp_port: 18298 }, vars: { wait_ms: 30_000 }, timeoutMs: 30_000 }, 18296);
    const inc = await t.waitFor('incoming');
    await until('the banner while both ring', () => runner.state.calls.some((c) => c.id === inc.callId && c.phase === 'ringing'));
    const answered = await t.waitFor('answered', (e) => e.callId === inc.callId);
    await runner.settled();
    expect(answered.where).toBe('desk-phone');
    expect(answered.at - inc.at).toBeGreaterThanOrEqual(350); // the desk phone rang 400 ms first
    expect(runner.state.screen).toBe('delivery'); // S2 routing: an unknown caller, a new order
    const refreshesBefore = t.lines.filter((l) => l.includes('refreshing the subscription')).length;

    // mid-call: the desk has the operator on the call; the console's own branch is long cancelled
    await sleep(TALK_MS / 2);
    expect(t.events.some((e) => e.type === 'ended' && e.callId === inc.callId)).toBe(false);
    const on = activeCall(runner.state);
    expect(on).toMatchObject({ id: inc.callId, phase: 'answered', onDeskPhone: true });
    const during = store.callReport.calls({ since: 0, until: Number.MAX_SAFE_INTEGER }).find((c) => c.callRef === inc.callId)!;
    expect(during).toMatchObject({ operator: 'dora' });
    expect(during.answeredAt).toBe(answered.at);
    expect(during.endedAt).toBeNull();
    runner.dispatch({ type: 'key', key: 'e' });
    expect(runner.state.message?.text).toMatch(/the call is on the desk phone: pause or end it there/);
    expect(activeCall(runner.state)?.id).toBe(inc.callId);

    // the desk phone hangs up after TALK_MS: the NOTIFY "terminated" ends the call here
    const ended = await t.waitFor('ended', (e) => e.callId === inc.callId, TALK_MS + 10_000);
    expect(ended).toMatchObject({ reason: 'local-hangup', detail: DESK_PHONE_HUNG_UP });
    const talked = ended.at - answered.at;
    expect(talked).toBeGreaterThanOrEqual(TALK_MS - 200);
    expect(talked).toBeLessThanOrEqual(TALK_MS + SLACK_MS);
    expect(t.lines.filter((l) => l.includes('refreshing the subscription')).length).toBeGreaterThan(refreshesBefore);
    expect(activeCall(runner.state)).toBeUndefined();

    await until('the call-log row ended', () => store.callReport.calls({ since: 0, until: Number.MAX_SAFE_INTEGER }).find((c) => c.callRef === inc.callId)?.endedAt != null);
    const row = store.callReport.calls({ since: 0, until: Number.MAX_SAFE_INTEGER }).find((c) => c.callRef === inc.callId)!;
    expect(row).toMatchObject({ outcome: 'answered', operator: 'dora', answeredAt: answered.at, endedAt: ended.at, deliveryId: runner.state.delivery!.id });

    const d = await deskPhone.done;
    expect(sippCounts(d.stdout), d.stdout + d.stderr).toEqual({ ok: 1, failed: 0 }); // the desk phone had the call and hung up
    const c = await caller.done;
    expect(sippCounts(c.stdout), c.stdout + c.stderr).toEqual({ ok: 1, failed: 0 }); // the caller was hung up on
  });
});
