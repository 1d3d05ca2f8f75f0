/**
 * The headset-leg relay (issue 8) against real UDP sockets on 127.0.0.1: a peer plays the
 * customer's phone on leg A, another plays the dispatcher's headset on leg B.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  ALAW_TO_ULAW,
  bridgeStreams,
  openRtpStream,
  ULAW_TO_ALAW,
  type Codec,
  type RtpBridge,
  type RtpStream,
} from '../../src/telephony/media/index.js';
import { dtmfPayload, LOCAL, rtpPacket, sendPaced, sleep, STREAM_PORTS, UdpPeer, waitFor, type HeardPacket } from './media-peer.js';

const open: RtpStream[] = [];
const peers: UdpPeer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  await Promise.all(peers.splice(0).map((p) => p.close()));
});

const PT: Record<Codec, number> = { PCMU: 0, PCMA: 8 };

interface Setup {
  caller: RtpStream;
  headset: RtpStream;
  phone: UdpPeer; // the customer's phone, far end of leg A
  device: UdpPeer; // the dispatcher's headset, far end of leg B
  bridge: RtpBridge;
}

/** Leg A (caller) uses `codecA` with DTMF type 101, leg B (headset) `codecB` with DTMF type 96. */
async function setUp(codecA: Codec, codecB: Codec): Promise<Setup> {
  const caller = await openRtpStream({ localAddress: LOCAL, audio: { kind: 'none' }, ...STREAM_PORTS });
  const headset = await openRtpStream({ localAddress: LOCAL, audio: { kind: 'none' }, ...STREAM_PORTS });
  open.push(caller, headset);
  const phone = await UdpPeer.open();
  const device = await UdpPeer.open();
  peers.push(phone, device);
  caller.start(phone.endpoint, codecA, PT[codecA], 101);
  headset.start(device.endpoint, codecB, PT[codecB], 96);
  const bridge = await bridgeStreams(caller, headset);
  return { caller, headset, phone, device, bridge };
}

/** 160 bytes, different for every `i` and `salt`, never a silence byte. */
function knownPayload(i: number, salt: number): Buffer {
  return Buffer.from(Array.from({ length: 160 }, (_, j) => {
    const b = (i * 7 + j * 3 + salt) & 0xff;
    return b === 0xff || b === 0xd5 || b === 0x7f || b === 0x55 ? 0x10 : b;
  }));
}

function audioFrom(heard: HeardPacket[], pt: number, silence: number): HeardPacket[] {
  return heard.filter((p) => p.payloadType === pt && !p.payload.every((b) => b === silence));
}

async function sendKnown(from: UdpPeer, to: RtpStream, codec: Codec, count: number, salt: number, intervalMs = 2): Promise<Buffer[]> {
  const payloads = Array.from({ length: count }, (_, i) => knownPayload(i, salt));
  const ssrc = 0x1000 + salt;
  await sendPaced(from, to.localPort, count, intervalMs, (i) =>
    rtpPacket({ payloadType: PT[codec], sequence: 40000 + i, timestamp: 90000 + i * 160, ssrc, marker: i === 0, payload: payloads[i] }));
  return payloads;
}

describe('bridge: relay between a caller leg and a headset leg', () => {
  it('passes the same codec through both ways, every packet, re-stamped on each leg', async () => {
    const { caller, headset, phone, device } = await setUp('PCMU', 'PCMU');
    const N = 300;
    const fromPhone = await sendKnown(phone, caller, 'PCMU', N, 1);
    const fromDevice = await sendKnown(device, headset, 'PCMU', N, 2);
    await waitFor('all packets relayed', () => audioFrom(device.heard, 0, 0xff).length === N && audioFrom(phone.heard, 0, 0xff).length === N);
    const atDevice = audioFrom(device.heard, 0, 0xff);
    const atPhone = audioFrom(phone.heard, 0, 0xff);
    expect(atDevice.map((p) => p.payload.toString('hex'))).toEqual(fromPhone.map((p) => p.toString('hex')));
    expect(atPhone.map((p) => p.payload.toString('hex'))).toEqual(fromDevice.map((p) => p.toString('hex')));
    // the headset sees one stream: leg B's SSRC, consecutive sequence numbers, timestamps moving by 160
    const deviceAll = device.heard;
    expect(new Set(deviceAll.map((p) => p.ssrc)).size).toBe(1);
    for (let i = 1; i < deviceAll.length; i++) expect(deviceAll[i].sequence).toBe((deviceAll[i - 1].sequence + 1) & 0xffff);
    for (let i = 1; i < atDevice.length; i++) expect(atDevice[i].timestamp).toBe((atDevice[i - 1].timestamp + 160) >>> 0);
    expect(atDevice[0].marker).toBe(true);
    expect((await headset.stats()).packetsRelayed).toBe(N);
    expect((await caller.stats()).packetsRelayed).toBe(N);
    expect((await caller.stats()).packetsReceived).toBe(N);
  });

  for (const [a, b] of [['PCMU', 'PCMA'], ['PCMA', 'PCMU']] as const) {
    it(`transcodes ${a} on the caller leg to ${b} on the headset leg and back`, async () => {
      const { caller, headset, phone, device } = await setUp(a, b);
      const N = 100;
      const fromPhone = await sendKnown(phone, caller, a, N, 3);
      const fromDevice = await sendKnown(device, headset, b, N, 4);
      const toB = a === 'PCMU' ? ULAW_TO_ALAW : ALAW_TO_ULAW;
      const toA = a === 'PCMU' ? ALAW_TO_ULAW : ULAW_TO_ALAW;
      const silenceA = a === 'PCMU' ? 0xff : 0xd5;
      const silenceB = b === 'PCMU' ? 0xff : 0xd5;
      await waitFor('all packets relayed', () => audioFrom(device.heard, PT[b], silenceB).length === N && audioFrom(phone.heard, PT[a], silenceA).length === N);
      const atDevice = audioFrom(device.heard, PT[b], silenceB);
      const atPhone = audioFrom(phone.heard, PT[a], silenceA);
      for (let i = 0; i < N; i++) {
        expect(atDevice[i].payload.equals(Buffer.from(fromPhone[i].map((x) => toB[x])))).toBe(true);
        expect(atPhone[i].payload.equals(Buffer.from(fromDevice[i].map((x) => toA[x])))).toBe(true);
      }
    });
  }

  it('passes RFC 4733 digits both ways with each leg\'s own event type', async () => {
    const { caller, headset, phone, device } = await setUp('PCMU', 'PCMA');
    const press = async (from: UdpPeer, to: RtpStream, pt: number, code: number, ts: number) => {
      for (let d = 1; d <= 3; d++) {
        await from.send(rtpPacket({ payloadType: pt, sequence: ts + d, timestamp: ts, ssrc: 77, marker: d === 1, payload: dtmfPayload(code, d === 3, d * 160) }), to.localPort);
      }
    };
    await press(phone, caller, 101, 7, 16000); // the customer presses 7
    await press(device, headset, 96, 11, 32000); // the dispatcher presses #
    await waitFor('digits relayed', () => device.heardOfType(96).length === 3 && phone.heardOfType(101).length === 3);
    expect(device.heardOfType(96).map((p) => p.payload[0])).toEqual([7, 7, 7]);
    expect(device.heardOfType(96)[2].payload[1] & 0x80).toBe(0x80);
    expect(phone.heardOfType(101).map((p) => p.payload[0])).toEqual([11, 11, 11]);
    expect(new Set(device.heardOfType(96).map((p) => p.timestamp)).size).toBe(1);
    expect((await caller.stats()).dtmfReceived).toBe('7');
    expect((await headset.stats()).dtmfReceived).toBe('#');
  });

  it('paused: the caller gets only silence while the headset still hears the caller', async () => {
    const { phone, device, bridge, caller } = await setUp('PCMU', 'PCMU');
    bridge.setPaused(true);
    expect(bridge.paused).toBe(true);
    await caller.stats(); // a barrier: the worker handles messages in order, so the pause is in effect
    const phoneFrom = phone.heard.length;
    const N = 100;
    const [fromPhone] = await Promise.all([sendKnown(phone, caller, 'PCMU', N, 5), sendKnown(device, bridge.headset, 'PCMU', N, 6)]);
    await device.send(rtpPacket({ payloadType: 96, sequence: 1, timestamp: 1, ssrc: 1, marker: true, payload: dtmfPayload(1, false, 160) }), bridge.headset.localPort);
    await waitFor('caller audio at the headset', () => audioFrom(device.heard, 0, 0xff).length === N);
    await sleep(100);
    expect(audioFrom(device.heard, 0, 0xff).map((p) => p.payload.toString('hex'))).toEqual(fromPhone.map((p) => p.toString('hex')));
    const toPhone = phone.heard.slice(phoneFrom);
    expect(toPhone.length).toBeGreaterThanOrEqual(N); // relayed as silence, not dropped: the phone keeps its timing
    expect(toPhone.every((p) => p.payloadType === 0 && p.payload.every((b) => b === 0xff))).toBe(true);
    expect((await caller.stats()).silenceSent).toBeGreaterThanOrEqual(N);
    bridge.setPaused(false);
    await caller.stats();
    const fromDevice = await sendKnown(device, bridge.headset, 'PCMU', 20, 8);
    await waitFor('headset audio at the caller again', () => audioFrom(phone.heard, 0, 0xff).length === 20);
    expect(audioFrom(phone.heard, 0, 0xff).map((p) => p.payload.toString('hex'))).toEqual(fromDevice.map((p) => p.toString('hex')));
  });

  it('keeps both legs alive with silence when nothing is relayed, and after unbridge', async () => {
    const { phone, device, bridge, caller, headset } = await setUp('PCMU', 'PCMA');
    await sleep(400);
    expect(phone.heard.length).toBeGreaterThanOrEqual(14);
    expect(device.heard.length).toBeGreaterThanOrEqual(14);
    expect(phone.heard.every((p) => p.payload.every((b) => b === 0xff))).toBe(true);
    expect(device.heard.every((p) => p.payload.every((b) => b === 0xd5))).toBe(true);
    await bridge.unbridge();
    await bridge.unbridge();
    const phoneFrom = phone.heard.length;
    const deviceFrom = device.heard.length;
    await sendKnown(phone, caller, 'PCMU', 50, 9, 10);
    await sleep(100);
    const atDevice = device.heard.slice(deviceFrom);
    expect(atDevice.length).toBeGreaterThanOrEqual(25);
    expect(atDevice.every((p) => p.payload.every((b) => b === 0xd5))).toBe(true);
    expect(phone.heard.slice(phoneFrom).every((p) => p.payload.every((b) => b === 0xff))).toBe(true);
    // the headset leg stays open for the next call
    const next = await openRtpStream({ localAddress: LOCAL, audio: { kind: 'none' }, ...STREAM_PORTS });
    open.push(next);
    next.start(phone.endpoint, 'PCMU', 0, 101);
    await bridgeStreams(next, headset);
    const fromNext = await sendKnown(phone, next, 'PCMU', 10, 10);
    await waitFor('the second call at the headset', () => audioFrom(device.heard.slice(deviceFrom), 8, 0xd5).length === 10);
    const heard = audioFrom(device.heard.slice(deviceFrom), 8, 0xd5);
    expect(heard.map((p) => p.payload.toString('hex'))).toEqual(fromNext.map((p) => Buffer.from(p.map((x) => ULAW_TO_ALAW[x])).toString('hex')));
  });

  it('ending the customer call leaves the headset leg up and quiet', async () => {
    const { caller, headset, device } = await setUp('PCMU', 'PCMU');
    await caller.close();
    const from = device.heard.length;
    await sleep(300);
    expect(device.heard.length - from).toBeGreaterThanOrEqual(12);
    expect(device.heard.slice(from).every((p) => p.payload.every((b) => b === 0xff))).toBe(true);
    expect((await headset.stats()).packetsSent).toBeGreaterThan(0);
  });

  it('refuses to bridge what cannot be bridged, with a reason', async () => {
    const { caller, headset } = await setUp('PCMU', 'PCMU');
    const third = await openRtpStream({ localAddress: LOCAL, audio: { kind: 'none' }, ...STREAM_PORTS });
    open.push(third);
    await expect(bridgeStreams(third, headset)).rejects.toThrow(/already bridged/);
    await expect(bridgeStreams(third, third)).rejects.toThrow(/itself/);
    await expect(bridgeStreams(caller, {} as RtpStream)).rejects.toThrow(/openRtpStream/);
    await third.close();
    await expect(bridgeStreams(third, caller)).rejects.toThrow(/closed/);
  });
});
