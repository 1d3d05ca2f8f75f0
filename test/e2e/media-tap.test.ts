/**
 * The per-call audio tap (src/telephony/media/tap.ts) against real UDP sockets on 127.0.0.1:
 * a caller leg bridged to a headset leg, each far end played by a UdpPeer; the 'meter' tap
 * counts what the worker decoded in each direction. Fixed RTP ports 18400-18449 (vad's range).
 */
import { describe, expect, it } from 'vitest';
import { bridgeStreams, encodeSample, type RtpStream } from '../../src/telephony/media/index.js';
import type { MeterResult } from '../../src/telephony/media/tap-kinds.js';
import { callerAndHeadset, closedAfterEach, rtpPacket, sendPaced, sleep, type UdpPeer, waitFor } from './media-peer.js';

const PORTS = { portMin: 18400, portMax: 18449 };
const kept = closedAfterEach();
const legs = () => callerAndHeadset(kept, PORTS);

/** `count` packets of a constant sample `level` in `codec`, 5 ms apart. */
function sendLevel(from: UdpPeer, to: RtpStream, codec: 'PCMU' | 'PCMA', level: number, count: number, ssrc: number) {
  const payload = Buffer.alloc(160, encodeSample(codec, level));
  return sendPaced(from, to.localPort, count, 5, (i) =>
    rtpPacket({ payloadType: codec === 'PCMU' ? 0 : 8, sequence: i, timestamp: i * 160, ssrc, marker: i === 0, payload }));
}

describe('call audio tap', () => {
  it('hands each direction\'s decoded frames to the consumer: the caller in, the dispatcher (relayed, transcoded) out', async () => {
    const { caller, headset, phone, device } = await legs();
    await bridgeStreams(caller, headset);
    await caller.tap('meter');
    await Promise.all([sendLevel(phone, caller, 'PCMU', 8000, 60, 1), sendLevel(device, headset, 'PCMA', -12000, 40, 2)]);
    await waitFor('the caller hears the dispatcher', () => phone.heard.filter((p) => p.payload[0] !== 0xff).length >= 40);
    const m = (await caller.untap('meter')) as MeterResult;
    expect(m.in.frames).toBe(60);
    expect(m.in.samples).toBe(60 * 160);
    expect(Math.abs(m.in.peak - 8000)).toBeLessThan(300); // G.711 steps near 8000
    expect(m.out.frames).toBeGreaterThanOrEqual(40); // 40 relayed, plus silence fills before and after
    expect(Math.abs(m.out.peak - 12000)).toBeLessThan(500);
    expect(m.out.pausedFrames).toBe(0);
  });

  it('while paused the out frames are silence and marked paused; the caller still comes in', async () => {
    const { caller, headset, phone, device } = await legs();
    const bridge = await bridgeStreams(caller, headset);
    bridge.setPaused(true);
    // the worker handles messages in order: the pause is in effect before the tap goes on, so no
    // silence fill sent in between (a busy box lets the 20 ms timer fire there) counts as unpaused
    await caller.tap('meter');
    await Promise.all([sendLevel(phone, caller, 'PCMU', 5000, 30, 3), sendLevel(device, headset, 'PCMA', 9000, 30, 4)]);
    await sleep(60);
    const m = (await caller.untap('meter')) as MeterResult;
    expect(m.in.frames).toBe(30);
    expect(m.out.peak).toBe(0);
    expect(m.out.pausedFrames).toBe(m.out.frames);
    expect(m.out.frames).toBeGreaterThanOrEqual(30);
  });

  it('an unbridged leg taps its own source as out and silence when it has none', async () => {
    const { caller } = await legs();
    await caller.tap('meter');
    await sleep(200);
    const m = (await caller.untap('meter')) as MeterResult;
    expect(m.out.frames).toBeGreaterThanOrEqual(6);
    expect(m.out.peak).toBe(0);
    expect(m.in.frames).toBe(0);
  });

  it('gives the results of taps still on when the stream closes, and refuses what it cannot do in one line', async () => {
    const { caller, phone } = await legs();
    await expect(caller.tap('karaoke')).rejects.toThrow('call audio tap "karaoke" is not known; use analysis, meter, record');
    await caller.tap('meter');
    await expect(caller.tap('meter')).rejects.toThrow('call audio tap "meter" is already on for this call');
    await sendLevel(phone, caller, 'PCMU', 3000, 10, 5);
    await waitFor('ten packets in', async () => (await caller.stats()).packetsReceived === 10);
    await expect(caller.tapResults()).rejects.toThrow('tap results come when the call audio stream closes');
    await caller.close();
    const results = await caller.tapResults();
    expect((results.meter as MeterResult).in.frames).toBe(10);
    await expect(caller.tap('meter')).rejects.toThrow('this call audio stream is closed');
    await expect(caller.untap('meter')).rejects.toThrow('this call audio stream is closed');
  });

  it('untap of a kind that is not on says so', async () => {
    const { caller } = await legs();
    await expect(caller.untap('meter')).rejects.toThrow('call audio tap "meter" is not on for this call');
  });
});
