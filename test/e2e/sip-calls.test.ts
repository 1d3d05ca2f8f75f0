/**
 * Calls through a real Kamailio: sipp on UDP calls a SipPhone on WebSocket (and the other
 * way round); RTP is checked on the wire with a UDP listener standing in for the caller's
 * media port.
 */
import { describe, expect, it } from 'vitest';
import { kamailioForSuite, registeredPhone, type PhoneUnderTest } from '../pbx/phone-harness.js';
import type { SipPhoneOptions } from '../../src/telephony/sip/sip-phone.js';
import { listenRtp, runSipp, sippCounts, startSipp } from '../pbx/sipp.js';

const UDP = 15060;
const WS = 15080;
const PROXY = `127.0.0.1:${UDP}`;
const suite = kamailioForSuite('ringdesk-sip-calls-', { udpPort: UDP, wsPort: WS, gateway: 'sip:127.0.0.1:15071' }, { toneSeconds: 20 });
const { started } = suite;

function phoneOn(extension: string, extra: Partial<SipPhoneOptions> = {}): Promise<PhoneUnderTest> {
  return registeredPhone(started, { wsPort: WS, extension, ...extra });
}

const silent = (p: { payload: Buffer }) => p.payload.every((b) => b === 0xff);

describe('incoming calls', () => {
  it('rings, answers with plain RTP both ways, pauses to silence, and logs the caller hanging up', async () => {
    const t = await phoneOn('1101', { audio: { kind: 'wav', play: suite.tone } });
    const rtp = await listenRtp(21010);
    try {
      const sipp = startSipp({ scenario: 'uac-call.xml', port: 15070, remote: PROXY, service: '1101', keys: { rtp_port: 21010 }, pauseMs: 3000 });
      const inc = await t.waitFor('incoming');
      expect(inc.from).toMatch(/^\+420777000\d+$/);
      expect(inc.displayName).toMatch(/^Caller /);
      t.phone.answer(inc.callId);
      await t.waitFor('answered', (e) => e.callId === inc.callId);
      await new Promise((r) => setTimeout(r, 500));
      const talking = rtp.packets.slice();
      expect(talking.length).toBeGreaterThan(10);
      expect(talking.every((p) => p.pt === 0)).toBe(true);
      expect(talking.filter((p) => !silent(p)).length).toBeGreaterThan(5);
      // caller -> phone
      const src = talking[0].from;
      await rtp.sendTo(src.address, src.port, 20);
      const stats = await t.phone.rtpStats(inc.callId);
      expect(stats!.packetsReceived).toBeGreaterThanOrEqual(15);
      // pause: the caller keeps getting packets, all silence
      t.phone.mute(inc.callId, true);
      await t.waitFor('muted', (e) => e.muted);
      await new Promise((r) => setTimeout(r, 150));
      const from = rtp.packets.length;
      await new Promise((r) => setTimeout(r, 600));
      const paused = rtp.packets.slice(from);
      expect(paused.length).toBeGreaterThan(20);
      expect(paused.every(silent)).toBe(true);
      t.phone.mute(inc.callId, false);
      await new Promise((r) => setTimeout(r, 150));
      const back = rtp.packets.length;
      await new Promise((r) => setTimeout(r, 400));
      expect(rtp.packets.slice(back).filter((p) => !silent(p)).length).toBeGreaterThan(5);
      const r = await sipp.done;
      expect(sippCounts(r.stdout), r.stdout + r.stderr).toEqual({ ok: 1, failed: 0 });
      await t.waitFor('ended', (e) => e.callId === inc.callId && e.reason === 'remote-hangup');
    } finally {
      await rtp.close();
    }
  });

  it('answers from an answer prepared while it rang: the 200 OK is on the wire when answer() returns, RTP starts only then', async () => {
    const t = await phoneOn('1108', { sipLogLevel: 'debug' }); // sip.js traces every message it sends into the log
    const rtp = await listenRtp(21012);
    try {
      const sipp = startSipp({ scenario: 'uac-call.xml', port: 15070, remote: PROXY, service: '1108', keys: { rtp_port: 21012 }, pauseMs: 800 });
      const inc = await t.waitFor('incoming');
      // while it rings the call's stream is already taken, and silent
      const deadline = Date.now() + 5000;
      while ((await t.phone.rtpStats(inc.callId)) === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, 200));
      expect((await t.phone.rtpStats(inc.callId))!.packetsSent).toBe(0);
      expect(rtp.packets).toHaveLength(0);
      const before = t.lines.length;
      t.phone.answer(inc.callId);
      const sentDuringAnswer = t.lines.slice(before).join('\n');
      expect(sentDuringAnswer).toMatch(/Sending WebSocket message:\s+SIP\/2\.0 200 OK[\s\S]*m=audio \d+ RTP\/AVP 0 101/);
      await t.waitFor('answered', (e) => e.callId === inc.callId);
      await new Promise((r) => setTimeout(r, 300));
      expect(rtp.packets.length).toBeGreaterThan(5);
      const r = await sipp.done;
      expect(sippCounts(r.stdout), r.stdout + r.stderr).toEqual({ ok: 1, failed: 0 });
      await t.waitFor('ended', (e) => e.callId === inc.callId && e.reason === 'remote-hangup');
    } finally {
      await rtp.close();
    }
  });

  it('gives back what it prepared for a call nobody answered: with RTP ports for two streams, four given-up calls leave a fifth its media', async () => {
    // two even ports: the warm spare and one ringing call's stream; a stream kept after its
    // call ended would leave the next spare, and then the answered call, without a port
    const t = await phoneOn('1109', { rtpPortMin: 18310, rtpPortMax: 18313, audio: { kind: 'wav', play: suite.tone } });
    const cancelled = await runSipp({ scenario: 'uac-cancel.xml', port: 15070, remote: PROXY, service: '1109', keys: { rtp_port: 21015 }, calls: 4, rate: 2, pauseMs: 200 });
    expect(cancelled.code, cancelled.stdout + cancelled.stderr).toBe(0);
    await t.waitFor('ended', () => t.events.filter((e) => e.type === 'ended' && e.reason === 'caller-cancelled').length === 4);
    const rtp = await listenRtp(21016);
    try {
      const seen = t.events.length;
      const sipp = startSipp({ scenario: 'uac-call.xml', port: 15070, remote: PROXY, service: '1109', keys: { rtp_port: 21016 }, pauseMs: 800 });
      const inc = await t.waitFor('incoming', undefined, 10_000, seen);
      t.phone.answer(inc.callId);
      await t.waitFor('answered', (e) => e.callId === inc.callId);
      await new Promise((r) => setTimeout(r, 300));
      expect(rtp.packets.filter((p) => !silent(p)).length).toBeGreaterThan(5);
      expect(t.lines.join('\n')).not.toMatch(/no free UDP port|not prepared/);
      const r = await sipp.done;
      expect(sippCounts(r.stdout), r.stdout + r.stderr).toEqual({ ok: 1, failed: 0 });
    } finally {
      await rtp.close();
    }
  });

  it('closes the banner as caller-cancelled when the caller gives up', async () => {
    const t = await phoneOn('1102');
    const r = await runSipp({ scenario: 'uac-cancel.xml', port: 15070, remote: PROXY, service: '1102', keys: { rtp_port: 21011 }, pauseMs: 300 });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const inc = await t.waitFor('incoming');
    const end = await t.waitFor('ended', (e) => e.callId === inc.callId);
    expect(end.reason).toBe('caller-cancelled');
  });

  it('rejects with 486 Busy Here, or 603 Decline when declining', async () => {
    const t = await phoneOn('1103');
    const off = t.phone.on((e) => { if (e.type === 'incoming') t.phone.reject(e.callId, t.count('incoming') === 2); });
    try {
      const busy = await runSipp({ scenario: 'uac-rejected.xml', port: 15070, remote: PROXY, service: '1103', vars: { reject_code: 486 }, keys: { rtp_port: 21012, sdp_proto: 'RTP/AVP', sdp_pts: '0' } });
      expect(busy.code, busy.stdout + busy.stderr).toBe(0);
      const declined = await runSipp({ scenario: 'uac-rejected.xml', port: 15070, remote: PROXY, service: '1103', vars: { reject_code: 603 }, keys: { rtp_port: 21012, sdp_proto: 'RTP/AVP', sdp_pts: '8' } });
      expect(declined.code, declined.stdout + declined.stderr).toBe(0);
    } finally {
      off();
    }
    await t.waitFor('ended', (e) => e.reason === 'rejected');
    expect(t.events.filter((e) => e.type === 'ended').map((e) => (e as { reason: string }).reason)).toEqual(['rejected', 'rejected']);
  });

  it('lists several INVITEs at once; answering one leaves the others ringing', async () => {
    const t = await phoneOn('1104');
    const cancelling = startSipp({ scenario: 'uac-cancel.xml', port: 15072, remote: PROXY, service: '1104', keys: { rtp_port: 21013, caller: '+420777100' }, calls: 3, rate: 100, pauseMs: 2500 });
    const talking = startSipp({ scenario: 'uac-call.xml', port: 15073, remote: PROXY, service: '1104', keys: { rtp_port: 21014, caller: '+420777200' }, pauseMs: 500 });
    for (let i = 0; i < 60 && t.count('incoming') < 4; i++) await new Promise((r) => setTimeout(r, 50));
    const incoming = t.events.filter((e) => e.type === 'incoming') as { callId: string; from: string }[];
    expect(incoming.map((e) => e.from).sort()).toEqual(['+4207771001', '+4207771002', '+4207771003', '+4207772001']);
    const target = incoming.find((e) => e.from === '+4207772001')!;
    t.phone.answer(target.callId);
    await t.waitFor('answered', (e) => e.callId === target.callId);
    expect(t.count('ended')).toBe(0); // the other three still ring
    const r = await cancelling.done;
    expect(sippCounts(r.stdout), r.stdout + r.stderr).toEqual({ ok: 3, failed: 0 });
    expect((await talking.done).code).toBe(0);
    await t.waitFor('ended', (e) => e.callId === target.callId && e.reason === 'remote-hangup');
    const ends = t.events.filter((e) => e.type === 'ended') as { callId: string; reason: string }[];
    expect(ends.filter((e) => e.reason === 'caller-cancelled')).toHaveLength(3);
  });

  it('refuses unusable SDP with 488 and shrugs off a malformed INVITE, staying registered', async () => {
    const t = await phoneOn('1105', { autoAnswerMs: 0 });
    const srtp = await runSipp({ scenario: 'uac-rejected.xml', port: 15070, remote: PROXY, service: '1105', vars: { reject_code: 488 }, keys: { rtp_port: 21015, sdp_proto: 'RTP/SAVPF', sdp_pts: '111' } });
    expect(srtp.code, srtp.stdout + srtp.stderr).toBe(0);
    const junk = await runSipp({ scenario: 'uac-rejected.xml', port: 15070, remote: PROXY, service: '1105', vars: { reject_code: 488 }, keys: { rtp_port: 'x1', sdp_proto: 'RTP/AVP', sdp_pts: '0' } });
    expect(junk.code, junk.stdout + junk.stderr).toBe(0);
    const codec = await runSipp({ scenario: 'uac-rejected.xml', port: 15070, remote: PROXY, service: '1105', vars: { reject_code: 488 }, keys: { rtp_port: 21015, sdp_proto: 'RTP/AVP', sdp_pts: '18' } });
    expect(codec.code, codec.stdout + codec.stderr).toBe(0);
    const bad = await runSipp({ scenario: 'uac-bad-header.xml', port: 15070, remote: PROXY, service: '1105', keys: { rtp_port: 21015 }, timeoutMs: 15_000 });
    expect(bad.code, bad.stdout + bad.stderr).toBe(0);
    expect(t.count('incoming')).toBe(0);
    expect(t.lines.join('\n')).toMatch(/488: .*RTP\/SAVPF/);
    // still up: the next good call is answered
    const ok = await runSipp({ scenario: 'uac-call.xml', port: 15070, remote: PROXY, service: '1105', keys: { rtp_port: 21016 }, pauseMs: 200 });
    expect(sippCounts(ok.stdout), ok.stdout + ok.stderr).toEqual({ ok: 1, failed: 0 });
    expect(t.phone.registration).toBe('registered');
  });
});

describe('outgoing calls', () => {
  it('dials through the PBX: ringing, answered, RTP to the callee, the operator hangs up', async () => {
    const t = await phoneOn('1201', { dialFormat: 'international', region: 'CZ'});
    const rtp = await listenRtp(21020);
    try {
      const uas = startSipp({ scenario: 'uas.xml', port: 15071, keys: { rtp_port: 21020 }, pauseMs: 300, timeoutMs: 20_000 });
      await new Promise((r) => setTimeout(r, 300));
      const id = t.phone.dial('777 123 456');
      await t.waitFor('ringing', (e) => e.callId === id);
      await t.waitFor('answered', (e) => e.callId === id);
      await new Promise((r) => setTimeout(r, 400));
      expect(rtp.packets.length).toBeGreaterThan(10);
      expect(rtp.packets.every((p) => p.pt === 8)).toBe(true); // the callee preferred PCMA
      t.phone.hangup(id);
      const end = await t.waitFor('ended', (e) => e.callId === id);
      expect(end.reason).toBe('local-hangup');
      const r = await uas.done;
      expect(r.code, r.stdout + r.stderr).toBe(0);
    } finally {
      await rtp.close();
    }
  });

  it('shows busy, and refuses a number that cannot be dialled', async () => {
    const t = await phoneOn('1202');
    const uas = startSipp({ scenario: 'uas-busy.xml', port: 15071, timeoutMs: 15_000 });
    await new Promise((r) => setTimeout(r, 300));
    const id = t.phone.dial('+420 777 123 456');
    const end = await t.waitFor('ended', (e) => e.callId === id);
    expect(end).toMatchObject({ reason: 'busy', detail: '486 Busy Here' });
    expect((await uas.done).code).toBe(0);
    const bad = t.phone.dial('+99');
    const badEnd = await t.waitFor('ended', (e) => e.callId === bad, 2000);
    expect(badEnd.reason).toBe('failed');
    const bad2 = t.phone.dial('call me maybe');
    expect((await t.waitFor('ended', (e) => e.callId === bad2, 2000)).detail).toMatch(/cannot be dialled/);
  });
});

// issue 15: transfer. sipp is the caller and the transferee (it follows the REFER as a phone
// would); two SipPhones on Kamailio are the transferring and the receiving console.
describe('transfer', () => {
  const notSilent = (ps: { payload: Buffer }[]) => ps.filter((p) => !silent(p)).length;

  it('blind: REFER to an extension, progress from each NOTIFY sipfrag (trying, ringing, answered), ringdesk hangs its leg up; the caller talks to the colleague, carrying the transfer id', async () => {
    const a = await phoneOn('1301');
    const b = await phoneOn('1302', { audio: { kind: 'wav', play: suite.tone } });
    const rtp2 = await listenRtp(22031);
    try {
      const sipp = startSipp({ scenario: 'uac-transferee.xml', port: 15074, remote: PROXY, service: '1301', fromUser: '+420777300400', keys: { rtp_port: 22030, rtp_port2: 22031 }, pauseMs: 1500, timeoutMs: 20_000 });
      const inc = await a.waitFor('incoming');
      a.phone.answer(inc.callId);
      await a.waitFor('answered', (e) => e.callId === inc.callId);
      a.phone.transfer(inc.callId, '1302', { tag: '7' });
      const ringing = await b.waitFor('incoming');
      expect(ringing).toMatchObject({ from: '+420777300400', transfer: '7' });
      await a.waitFor('transfer', (e) => e.state === 'ringing');
      b.phone.answer(ringing.callId);
      await a.waitFor('transfer', (e) => e.state === 'answered' && e.code === 200);
      const ended = await a.waitFor('ended', (e) => e.callId === inc.callId);
      expect(ended.reason).toBe('transferred');
      const states = a.events.filter((e) => e.type === 'transfer').map((e) => (e as { state: string }).state);
      expect(states).toEqual(['asked', 'trying', 'trying', 'ringing', 'answered']);
      // the caller hears the colleague now, straight from their console
      await b.waitFor('answered', (e) => e.callId === ringing.callId);
      await new Promise((r) => setTimeout(r, 500));
      expect(notSilent(rtp2.packets)).toBeGreaterThan(10);
      const r = await sipp.done;
      expect(sippCounts(r.stdout), r.stdout + r.stderr).toEqual({ ok: 1, failed: 0 });
      await b.waitFor('ended', (e) => e.callId === ringing.callId && e.reason === 'remote-hangup');
      // ringdesk sent the BYE on its leg, after the final NOTIFY (the scenario expects it there)
      expect(a.count('ended')).toBe(1);
    } finally {
      await rtp2.close();
    }
  });

  it('attended: a consultation call carrying the transfer id, then REFER with Replaces; the caller takes the consultation\'s place at the colleague\'s console, answered by itself', async () => {
    const a = await phoneOn('1311');
    const b = await phoneOn('1312');
    const sipp = startSipp({ scenario: 'uac-transferee-replaces.xml', port: 15075, remote: PROXY, service: '1311', fromUser: '+420777300500', keys: { rtp_port: 22032, rtp_port2: 22033 }, pauseMs: 1000, timeoutMs: 20_000 });
    const inc = await a.waitFor('incoming');
    a.phone.answer(inc.callId);
    await a.waitFor('answered', (e) => e.callId === inc.callId);
    const consultId = a.phone.consult(inc.callId, '1312', { tag: '8' });
    await a.waitFor('muted', (e) => e.callId === inc.callId && e.muted);
    const consult = await b.waitFor('incoming');
    expect(consult.transfer).toBe('8');
    b.phone.answer(consult.callId);
    await a.waitFor('answered', (e) => e.callId === consultId);
    a.phone.completeTransfer(inc.callId, consultId, { tag: '8' });
    const replacing = await b.waitFor('incoming', (e) => e.callId !== consult.callId);
    expect(replacing).toMatchObject({ from: '+420777300500', transfer: '8', replaces: consult.callId });
    await b.waitFor('answered', (e) => e.callId === replacing.callId);
    await b.waitFor('ended', (e) => e.callId === consult.callId && e.reason === 'transferred');
    // the console hears of the new call before the old one ends, so it carries the order over
    const at = (match: (e: (typeof b.events)[number]) => boolean) => b.events.findIndex(match);
    expect(at((e) => e.type === 'incoming' && e.callId === replacing.callId)).toBeLessThan(at((e) => e.type === 'ended' && e.callId === consult.callId));
    await a.waitFor('transfer', (e) => e.callId === inc.callId && e.state === 'answered');
    expect((await a.waitFor('ended', (e) => e.callId === inc.callId)).reason).toBe('transferred');
    expect((await a.waitFor('ended', (e) => e.callId === consultId)).reason).toBe('transferred');
    const r = await sipp.done;
    expect(sippCounts(r.stdout), r.stdout + r.stderr).toEqual({ ok: 1, failed: 0 });
    await b.waitFor('ended', (e) => e.callId === replacing.callId && e.reason === 'remote-hangup');
  });

  it('refused (603): ringdesk calls the colleague itself and its media worker relays the two; the dispatcher\'s audio leaves; either side hanging up ends both', async () => {
    const a = await phoneOn('1321', { audio: { kind: 'none' } });
    const b = await phoneOn('1322', { audio: { kind: 'wav', play: suite.tone } });
    const rtp = await listenRtp(22034);
    try {
      const sipp = startSipp({ scenario: 'uac-refer-refused.xml', port: 15076, remote: PROXY, service: '1321', keys: { rtp_port: 22034 }, pauseMs: 2500, timeoutMs: 20_000 });
      const inc = await a.waitFor('incoming');
      a.phone.answer(inc.callId);
      await a.waitFor('answered', (e) => e.callId === inc.callId);
      await new Promise((r) => setTimeout(r, 300));
      // before the transfer: the dispatcher's side sends silence (audio none)
      expect(notSilent(rtp.packets)).toBe(0);
      a.phone.transfer(inc.callId, '1322', { tag: '9' });
      const refused = await a.waitFor('transfer', (e) => e.state === 'failed');
      expect(refused).toMatchObject({ code: 603 });
      expect(refused.detail).toMatch(/603 Decline.*ringdesk connects them itself/);
      const bridged = await b.waitFor('incoming');
      expect(bridged).toMatchObject({ from: '1321', transfer: '9' });
      b.phone.answer(bridged.callId);
      await a.waitFor('transfer', (e) => e.state === 'bridged');
      expect((await a.waitFor('ended', (e) => e.callId === inc.callId)).reason).toBe('transferred');
      // the caller hears the colleague's tone, relayed by ringdesk's media worker
      const from = rtp.packets.length;
      await new Promise((r) => setTimeout(r, 600));
      expect(notSilent(rtp.packets.slice(from))).toBeGreaterThan(10);
      const bStats = await b.phone.rtpStats(bridged.callId);
      expect(bStats!.packetsReceived).toBeGreaterThan(10);
      // the caller hangs up: ringdesk ends the colleague's leg too
      const r = await sipp.done;
      expect(sippCounts(r.stdout), r.stdout + r.stderr).toEqual({ ok: 1, failed: 0 });
      await b.waitFor('ended', (e) => e.callId === bridged.callId && e.reason === 'remote-hangup');
      expect(a.events.filter((e) => e.type === 'ended')).toHaveLength(1);
    } finally {
      await rtp.close();
    }
  });
});
