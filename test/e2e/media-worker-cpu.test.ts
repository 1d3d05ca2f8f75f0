/**
 * The media worker's own CPU clock (engine.ts mediaWorkerCpuMicros), which the analysis on/off
 * benches (bench/media-bridge.js, bench/headset-bridge.js) read to say what the calls cost the
 * worker apart from the rest of the process. Real legs on 127.0.0.1, fixed RTP ports
 * 18550-18599 (vadfast's range).
 */
import { describe, expect, it } from 'vitest';
import { bridgeStreams, encodeSample, mediaWorkerCpuMicros } from '../../src/telephony/media/index.js';
import { callerAndHeadset, closedAfterEach, rtpPacket, sendPaced, waitFor } from './media-peer.js';

const PORTS = { portMin: 18550, portMax: 18599 };
const kept = closedAfterEach();

/** CPU this thread spent on a busy loop of `rounds` square roots. */
function busyMain(rounds: number): number {
  const c0 = process.threadCpuUsage();
  let x = 0;
  for (let i = 0; i < rounds; i++) x += Math.sqrt(i);
  const c = process.threadCpuUsage(c0);
  expect(x).toBeGreaterThan(0);
  return c.user + c.system;
}

describe('media worker CPU clock', () => {
  it('counts the worker thread alone: it grows while a leg relays, not while the main thread computes', async () => {
    const { caller, headset, phone, device } = await callerAndHeadset(kept, PORTS, { caller: 'PCMU', headset: 'PCMU' });
    await bridgeStreams(caller, headset);
    await caller.tap('analysis');

    const before = await mediaWorkerCpuMicros();
    expect(before).toEqual(expect.any(Number));
    const mainSpent = busyMain(30_000_000); // tens of ms of the main thread's CPU
    const afterBusy = (await mediaWorkerCpuMicros())!;
    expect(mainSpent).toBeGreaterThan(10_000);
    expect(afterBusy - before!).toBeLessThan(mainSpent / 2);

    const payload = Buffer.alloc(160, encodeSample('PCMU', 6000));
    await sendPaced(phone, caller.localPort, 200, 1, (i) => rtpPacket({ payloadType: 0, sequence: i, timestamp: i * 160, ssrc: 7, marker: i === 0, payload }));
    await waitFor('the device hears the relayed packets', () => device.heard.filter((p) => p.payload[0] !== 0xff).length >= 200);
    const afterRelay = (await mediaWorkerCpuMicros())!;
    expect(afterRelay).toBeGreaterThan(afterBusy);
  });

  it('is null when no media worker runs', async () => {
    // the streams of the test before were closed after it: the last one stopped the worker
    await waitFor('the worker stopped', async () => (await mediaWorkerCpuMicros()) === null);
  });
});
