/**
 * Call recording and the "this call may be recorded" announcement in the real media worker, over
 * real UDP on 127.0.0.1 (issue 18): a caller leg bridged to the dispatcher's headset leg, the far
 * ends played by UdpPeers. The caller hears the announcement (fixtures/data) before the
 * dispatcher; the dispatcher hears nothing of the caller until it ends; the stereo WAV read back
 * has the caller left and what the caller heard (announcement, then dispatcher) right.
 * Fixed RTP ports 18450-18499 (record's range).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bridgeStreams, decodeSample, encodeSample, openRtpStream, readWavSamples, type RtpStream } from '../../src/telephony/media/index.js';
import { readRecording, type RecordingResult } from '../../src/telephony/media/stereo-recording.js';
import { tempDir } from '../helpers/temp-store.js';
import { LOCAL, rtpPacket, sendPaced, sleep, UdpPeer, waitFor } from './media-peer.js';

const PORTS = { portMin: 18450, portMax: 18499 };
const ANNOUNCEMENT = path.resolve('fixtures/data/recording-announcement.wav');
const open: RtpStream[] = [];
const peers: UdpPeer[] = [];
let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('ringdesk-media-recording-')));
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  await Promise.all(peers.splice(0).map((p) => p.close()));
  cleanup();
});

/** `count` packets of a constant sample `level`, 20 ms apart, as a phone sends them. */
function talk(from: UdpPeer, to: RtpStream, codec: 'PCMU' | 'PCMA', level: number, count: number, ssrc: number) {
  const payload = Buffer.alloc(160, encodeSample(codec, level));
  return sendPaced(from, to.localPort, count, 20, (i) =>
    rtpPacket({ payloadType: codec === 'PCMU' ? 0 : 8, sequence: i, timestamp: i * 160, ssrc, marker: i === 0, payload }));
}
const decoded = (codec: 'PCMU' | 'PCMA', payload: Buffer) => Array.from(payload, (b) => decodeSample(codec, b));
const loudest = (s: ArrayLike<number>) => Array.from(s).reduce((m, x) => Math.max(m, Math.abs(x)), 0);

describe('the announcement and the recording in the media worker', () => {
  it('the caller hears "this call may be recorded" first, then the dispatcher; the WAV has both sides', async () => {
    const caller = await openRtpStream({ localAddress: LOCAL, audio: { kind: 'none' }, ...PORTS });
    const headset = await openRtpStream({ localAddress: LOCAL, audio: { kind: 'none' }, ...PORTS });
    open.push(caller, headset);
    const phone = await UdpPeer.open();
    const device = await UdpPeer.open();
    peers.push(phone, device);
    const file = path.join(dir, 'recordings', '20261207T120000Z-00c0ffee.wav');
    // as on answer: recording and announcement asked for before the media starts
    await caller.tap('record', { path: file });
    const announced = caller.announce(ANNOUNCEMENT);
    caller.start(phone.endpoint, 'PCMU', 0, 101);
    headset.start(device.endpoint, 'PCMA', 8, 96);
    await bridgeStreams(caller, headset);
    const t0 = performance.now();
    // both speak from the start: the caller at 8000, the dispatcher at -12000, for 3.5 s
    const speaking = Promise.all([talk(phone, caller, 'PCMU', 8000, 175, 1), talk(device, headset, 'PCMA', -12000, 175, 2)]);
    await announced;
    const endedAt = performance.now();
    expect(endedAt - t0).toBeGreaterThan(1800); // 2.04 s of announcement
    await speaking;
    await waitFor('the caller hears the dispatcher', () => phone.heard.some((p) => p.at > endedAt && Math.abs(decoded('PCMU', p.payload)[0] + 12000) < 600));

    // what the caller heard first is the announcement, sample for sample (within G.711's steps)
    const words = await readWavSamples(ANNOUNCEMENT);
    const sent = phone.heard.filter((p) => p.payloadType === 0);
    const packets = Math.floor(words.length / 160);
    // a few packets of silence may lead (the file being read as the call starts): the best alignment
    const errorAt = (lead: number) => sent.slice(lead, lead + packets).flatMap((p) => decoded('PCMU', p.payload))
      .reduce((worst, x, i) => Math.max(worst, Math.abs(x - words[i]) - Math.abs(words[i]) / 16), 0);
    const lead = [0, 1, 2, 3, 4, 5].reduce((best, k) => (errorAt(k) < errorAt(best) ? k : best), 0);
    expect(errorAt(lead)).toBeLessThan(64);
    expect(sent.slice(0, lead).every((p) => p.payload.every((b) => b === 0xff))).toBe(true);
    const heard = sent.slice(lead, lead + packets).flatMap((p) => decoded('PCMU', p.payload));
    expect(loudest(heard)).toBeGreaterThan(3000);
    // nothing of the dispatcher reached the caller before it ended, nothing of the caller the dispatcher
    expect(phone.heard.filter((p) => p.at < endedAt - 20).every((p) => Math.abs(decoded('PCMU', p.payload)[0] + 12000) > 600)).toBe(true);
    expect(loudest(device.heard.filter((p) => p.at < endedAt - 20).flatMap((p) => decoded('PCMA', p.payload)))).toBeLessThan(100); // PCMA's silence decodes to 8
    expect(device.heard.some((p) => p.at > endedAt && Math.abs(decoded('PCMA', p.payload)[0] - 8000) < 400)).toBe(true);

    await caller.close();
    const result = (await caller.tapResults()).record as RecordingResult;
    expect(result.path).toBe(file);
    expect(result.problem).toBeUndefined();
    const wav = readRecording(file);
    expect(wav.rate).toBe(8000);
    expect(wav.seconds).toBeGreaterThan(3);
    expect(wav.seconds).toBeLessThan(5);
    // left: the caller all along (8000 once packets flowed); right: the announcement, then the dispatcher
    expect(Math.abs(loudest(wav.caller.subarray(8000, 16000)) - 8000)).toBeLessThan(400);
    expect(loudest(wav.dispatcher.subarray(0, words.length))).toBeGreaterThan(3000);
    const afterWords = wav.dispatcher.subarray(words.length + 1600, words.length + 4800);
    expect(Math.abs(loudest(afterWords) - 12000)).toBeLessThan(600);
  });

  it('the local microphone keeps its pace during the announcement: the caller then hears it live, not two seconds late', async () => {
    // the "microphone": 2 s at 1000, then 4 s at 5000 (raw s16le 8 kHz, as a command gives it)
    const raw = path.join(dir, 'mic.raw');
    const mic = new Int16Array(6 * 8000);
    mic.fill(1000, 0, 16000);
    mic.fill(5000, 16000);
    fs.writeFileSync(raw, Buffer.from(mic.buffer));
    const caller = await openRtpStream({ localAddress: LOCAL, audio: { kind: 'command', play: `cat ${raw}` }, ...PORTS });
    open.push(caller);
    const phone = await UdpPeer.open();
    peers.push(phone);
    await sleep(200); // the program has written its audio
    const announced = caller.announce(ANNOUNCEMENT);
    caller.start(phone.endpoint, 'PCMU', 0);
    await announced;
    const endedAt = performance.now();
    await waitFor('the microphone after the announcement', () => phone.heard.filter((p) => p.at > endedAt).length >= 10);
    const after = phone.heard.filter((p) => p.at > endedAt).slice(2, 10).flatMap((p) => decoded('PCMU', p.payload));
    expect(after.every((x) => Math.abs(x - 5000) < 300)).toBe(true);
  });

  it('an announcement that cannot be played is said naming the file, and the dispatcher is connected at once', async () => {
    const caller = await openRtpStream({ localAddress: LOCAL, audio: { kind: 'none' }, ...PORTS });
    open.push(caller);
    await expect(caller.announce(path.join(dir, 'missing.wav'))).rejects.toThrow(/cannot read play file .*missing\.wav: ENOENT/);
    const phone = await UdpPeer.open();
    peers.push(phone);
    caller.start(phone.endpoint, 'PCMU', 0);
    await waitFor('the call sends', () => phone.heard.length > 3);
  });
});
