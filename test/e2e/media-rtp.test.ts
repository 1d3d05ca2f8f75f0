/**
 * RTP streams against real UDP sockets on 127.0.0.1: pacing and headers, WAV and command
 * audio both ways, mute, RFC 4733 digits, garbage, port release.
 */
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeSample, encodeSample, openRtpStream, parseWav, wavHeader, type RtpStream } from '../../src/telephony/media/index.js';
import { dtmfPayload, LOCAL, rtpPacket, sendPaced, sleep, STREAM_PORTS, UdpPeer, waitFor } from './media-peer.js';

let dir: string;
const open: RtpStream[] = [];
const peers: UdpPeer[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ringdesk-media-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  await Promise.all(peers.splice(0).map((p) => p.close()));
});

async function stream(audio: Parameters<typeof openRtpStream>[0]['audio'] = { kind: 'none' }): Promise<RtpStream> {
  const s = await openRtpStream({ localAddress: LOCAL, audio, ...STREAM_PORTS });
  open.push(s);
  return s;
}
async function peer(): Promise<UdpPeer> {
  const p = await UdpPeer.open();
  peers.push(p);
  return p;
}

/** A WAV of `samples` at 8 kHz mono 16-bit. */
function writeWav(name: string, samples: Int16Array): string {
  const body = Buffer.alloc(samples.length * 2);
  samples.forEach((s, i) => body.writeInt16LE(s, i * 2));
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat([wavHeader(body.length), body]));
  return path;
}

/** 400 samples of a loud saw: no sample encodes to silence, and 400 is not a multiple of 160. */
const SAW = Int16Array.from({ length: 400 }, (_, i) => 2000 + ((i * 97) % 20000));

describe('RTP stream pacing and headers', () => {
  it('sends 50 packets a second with correct RTP headers and no drift', async () => {
    const s = await stream();
    const p = await peer();
    expect(s.localPort).toBeGreaterThanOrEqual(22000);
    expect(s.localPort).toBeLessThanOrEqual(22499);
    expect(s.localPort % 2).toBe(0);
    s.start(p.endpoint, 'PCMU', 0);
    await waitFor('the first packet', () => p.heard.length > 0);
    await sleep(2000);
    const got = p.heard.slice();
    expect(got.length).toBeGreaterThanOrEqual(97);
    expect(got.length).toBeLessThanOrEqual(104);
    expect(got[0].marker).toBe(true);
    for (let i = 0; i < got.length; i++) {
      const pk = got[i];
      expect(pk.version).toBe(2);
      expect(pk.payloadType).toBe(0);
      expect(pk.payload.length).toBe(160);
      expect(pk.payload.every((b) => b === 0xff)).toBe(true);
      expect(pk.ssrc).toBe(got[0].ssrc);
      if (i > 0) {
        expect(pk.marker).toBe(false);
        expect(pk.sequence).toBe((got[i - 1].sequence + 1) & 0xffff);
        expect(pk.timestamp).toBe((got[i - 1].timestamp + 160) >>> 0);
      }
    }
    // Scheduled against the clock: packet i leaves 20 ms * i after packet 0, so the earliest
    // arrivals at the end line up with the earliest at the start (late arrivals are only noise).
    const offsets = got.map((pk, i) => pk.at - 20 * i);
    const drift = Math.min(...offsets.slice(-15)) - Math.min(...offsets.slice(0, 15));
    expect(Math.abs(drift)).toBeLessThan(4);
    const stats = await s.stats();
    expect(stats.packetsSent).toBeGreaterThanOrEqual(got.length);
    expect(stats.silenceSent).toBe(0);
  });

  it('sends nothing before start and can be redirected to a new remote', async () => {
    const s = await stream();
    const first = await peer();
    const second = await peer();
    await sleep(100);
    expect(first.heard.length).toBe(0);
    s.start(first.endpoint, 'PCMA', 8);
    await waitFor('packets at the first remote', () => first.heard.length >= 5);
    s.start(second.endpoint, 'PCMA', 8);
    await waitFor('packets at the second remote', () => second.heard.length >= 5);
    const a = first.heard.at(-1)!;
    const b = second.heard[0];
    expect(b.ssrc).toBe(a.ssrc);
    expect(b.sequence).toBe((a.sequence + 1) & 0xffff);
    expect(b.payload.every((x) => x === 0xd5)).toBe(true);
  });
});

describe('RTP stream audio', () => {
  for (const codec of ['PCMU', 'PCMA'] as const) {
    it(`plays a WAV file, looped, as ${codec}`, async () => {
      const s = await stream({ kind: 'wav', play: writeWav(`saw-${codec}.wav`, SAW) });
      const p = await peer();
      const pt = codec === 'PCMU' ? 0 : 8;
      s.start(p.endpoint, codec, pt);
      await waitFor('6 packets', () => p.heard.length >= 6);
      const sent = Buffer.concat(p.heard.slice(0, 6).map((x) => x.payload));
      const expected = Buffer.from(Array.from({ length: 960 }, (_, i) => encodeSample(codec, SAW[i % SAW.length])));
      expect(sent.equals(expected)).toBe(true);
    });
  }

  it('records what the peer sends to a WAV file that decodes back, and sox reads it', async () => {
    const record = join(dir, 'heard.wav');
    const s = await stream({ kind: 'wav', record });
    const p = await peer();
    s.start(p.endpoint, 'PCMU', 0);
    const payloads = Array.from({ length: 50 }, (_, i) => Buffer.from(Array.from({ length: 160 }, (_, j) => (i * 31 + j) & 0xff)));
    await sendPaced(p, s.localPort, 50, 2, (i) =>
      rtpPacket({ payloadType: 0, sequence: 1000 + i, timestamp: 5000 + i * 160, ssrc: 0xabc, payload: payloads[i] }));
    await waitFor('50 packets counted', async () => (await s.stats()).packetsReceived === 50);
    await s.close();
    const samples = parseWav(readFileSync(record), record);
    expect(samples.length).toBe(50 * 160);
    const expected = Buffer.concat(payloads);
    for (let i = 0; i < samples.length; i++) expect(samples[i]).toBe(decodeSample('PCMU', expected[i]));
    const info = execFileSync('sox', ['--i', record]).toString();
    expect(info).toMatch(/Sample Rate\s*:\s*8000/);
    expect(info).toMatch(/Channels\s*:\s*1/);
    expect(info).toMatch(/= 8000 samples/);
  });

  it('plays a program\'s raw output and pipes what arrives into another program', async () => {
    const raw = join(dir, 'saw.raw');
    const pcm = Buffer.alloc(SAW.length * 2);
    SAW.forEach((v, i) => pcm.writeInt16LE(v, i * 2));
    writeFileSync(raw, Buffer.concat(Array.from({ length: 20 }, () => pcm))); // 1 s
    const recorded = join(dir, 'piped.raw');
    const s = await stream({ kind: 'command', play: `cat ${raw}`, record: `cat > ${recorded}` });
    const p = await peer();
    s.start(p.endpoint, 'PCMA', 8);
    // until the program's first output arrives the stream sends silence (an underrun, not an error)
    const audio = () => p.heard.filter((x) => !x.payload.every((b) => b === 0xd5));
    await waitFor('5 audio packets', () => audio().length >= 5);
    const sent = Buffer.concat(audio().slice(0, 5).map((x) => x.payload));
    const expected = Buffer.from(Array.from({ length: 800 }, (_, i) => encodeSample('PCMA', SAW[i % SAW.length])));
    expect(sent.equals(expected)).toBe(true);
    const payload = Buffer.alloc(160, 0x80); // PCMA 0x80 decodes to -8
    await sendPaced(p, s.localPort, 10, 2, (i) => rtpPacket({ payloadType: 8, sequence: i, timestamp: i * 160, ssrc: 7, payload }));
    await waitFor('10 packets counted', async () => (await s.stats()).packetsReceived === 10);
    await s.close();
    const heard = readFileSync(recorded);
    expect(heard.length).toBe(10 * 160 * 2);
    for (let i = 0; i < heard.length; i += 2) expect(heard.readInt16LE(i)).toBe(decodeSample('PCMA', 0x80));
  });

  it('rejects a WAV that is not 8 kHz mono 16-bit, naming the file and the fix', async () => {
    const bad = join(dir, 'cd.wav');
    const header = wavHeader(8);
    header.writeUInt32LE(44100, 24);
    writeFileSync(bad, Buffer.concat([header, Buffer.alloc(8)]));
    await expect(openRtpStream({ localAddress: LOCAL, audio: { kind: 'wav', play: bad }, ...STREAM_PORTS }))
      .rejects.toThrow(/cd\.wav is 44100 Hz.*sox/);
    await expect(openRtpStream({ localAddress: LOCAL, audio: { kind: 'wav', play: join(dir, 'missing.wav') }, ...STREAM_PORTS }))
      .rejects.toThrow(/cannot read play file .*missing\.wav: ENOENT/);
    await expect(openRtpStream({ localAddress: LOCAL, audio: { kind: 'wav', record: join(dir, 'no/such/dir.wav') }, ...STREAM_PORTS }))
      .rejects.toThrow(/cannot write record file .*dir\.wav/);
    await expect(openRtpStream({ localAddress: 'localhost', audio: { kind: 'none' } })).rejects.toThrow(/not an IP address/);
  });

  it('reports a play command that fails, and keeps sending silence', async () => {
    const s = await stream({ kind: 'command', play: 'echo "no sound card" >&2; exit 3' });
    const p = await peer();
    s.start(p.endpoint, 'PCMU', 0);
    await waitFor('the failure in stats', async () => (await s.stats()).audioProblem !== undefined);
    expect((await s.stats()).audioProblem).toMatch(/exited with code 3: no sound card/);
    const from = p.heard.length;
    await waitFor('more packets', () => p.heard.length >= from + 3);
    expect(p.heard.slice(from).every((x) => x.payload.every((b) => b === 0xff))).toBe(true);
  });
});

describe('RTP stream mute', () => {
  it('sends only silence while muted, keeps pacing, and audio again after unmute', async () => {
    const s = await stream({ kind: 'wav', play: writeWav('mute.wav', SAW) });
    const p = await peer();
    s.start(p.endpoint, 'PCMU', 0);
    await waitFor('audio', () => p.heard.length >= 5);
    expect(p.heard.slice(0, 5).every((x) => !x.payload.includes(0xff))).toBe(true);
    const silent = (x: { payload: Buffer }) => x.payload.length === 160 && x.payload.every((b) => b === 0xff);
    const muteAt = p.heard.length;
    s.setMuted(true);
    // from the first silent packet on, everything is silence (packets already on the way may still be audio)
    await waitFor('the first silent packet', () => p.heard.slice(muteAt).some(silent));
    const mutedFrom = muteAt + p.heard.slice(muteAt).findIndex(silent);
    await sleep(500);
    const muted = p.heard.slice(mutedFrom);
    expect(muted.length).toBeGreaterThanOrEqual(23);
    expect(muted.every(silent)).toBe(true);
    const stats = await s.stats();
    expect(stats.silenceSent).toBeGreaterThanOrEqual(muted.length);
    const unmuteAt = p.heard.length;
    s.setMuted(false);
    await waitFor('audio after unmute', () => p.heard.slice(unmuteAt).some((x) => !silent(x)));
    const unmutedFrom = unmuteAt + p.heard.slice(unmuteAt).findIndex((x) => !silent(x));
    await waitFor('5 packets after unmute', () => p.heard.length >= unmutedFrom + 5);
    expect(p.heard.slice(unmutedFrom).every((x) => !x.payload.includes(0xff))).toBe(true);
    // pacing went on through the mute: sequence numbers never jumped
    for (let i = 1; i < p.heard.length; i++) expect(p.heard[i].sequence).toBe((p.heard[i - 1].sequence + 1) & 0xffff);
  });
});

describe('RTP stream DTMF (RFC 4733)', () => {
  it('sends digits as telephone-events', async () => {
    const s = await stream();
    const p = await peer();
    s.start(p.endpoint, 'PCMU', 0, 101);
    await waitFor('audio', () => p.heard.length >= 2);
    s.sendDtmf('1#');
    await waitFor('two digits', () => p.heardOfType(101).filter((x) => x.payload[1] & 0x80).length >= 6, 3000);
    const events = p.heardOfType(101);
    const byTimestamp = new Map<number, typeof events>();
    for (const e of events) byTimestamp.set(e.timestamp, [...(byTimestamp.get(e.timestamp) ?? []), e]);
    const digits = [...byTimestamp.values()];
    expect(digits.map((d) => d[0].payload[0])).toEqual([1, 11]);
    for (const d of digits) {
      expect(d[0].marker).toBe(true);
      expect(d.slice(1).every((x) => !x.marker)).toBe(true);
      const durations = d.map((x) => x.payload.readUInt16BE(2));
      expect(durations).toEqual([160, 320, 480, 640, 800, 800, 800, 800]);
      expect(d.map((x) => (x.payload[1] & 0x80) !== 0)).toEqual([false, false, false, false, false, true, true, true]);
    }
    // one sequence for audio and events
    for (let i = 1; i < p.heard.length; i++) expect(p.heard[i].sequence).toBe((p.heard[i - 1].sequence + 1) & 0xffff);
    expect(() => s.sendDtmf('x')).toThrow(/keypad digit/);
  });

  it('hears digits once each, however often the end packet repeats', async () => {
    const s = await stream();
    const p = await peer();
    s.start(p.endpoint, 'PCMU', 0, 101);
    let seq = 1;
    const event = (code: number, ts: number, end: boolean, duration: number) =>
      p.send(rtpPacket({ payloadType: 101, sequence: seq++, timestamp: ts, ssrc: 99, marker: duration === 160, payload: dtmfPayload(code, end, duration) }), s.localPort);
    for (const [code, ts] of [[5, 1000], [9, 3000], [9, 5000]] as const) {
      for (let d = 160; d <= 480; d += 160) await event(code, ts, false, d);
      for (let i = 0; i < 3; i++) await event(code, ts, true, 480);
    }
    await waitFor('three digits', async () => (await s.stats()).dtmfReceived.length >= 3);
    expect((await s.stats()).dtmfReceived).toBe('599');
  });

  it('two streams exchange digits', async () => {
    const a = await stream();
    const b = await stream();
    a.start({ address: LOCAL, port: b.localPort }, 'PCMU', 0, 101);
    b.start({ address: LOCAL, port: a.localPort }, 'PCMU', 0, 101);
    a.sendDtmf('123');
    b.sendDtmf('*0');
    await waitFor('digits both ways', async () => (await b.stats()).dtmfReceived === '123' && (await a.stats()).dtmfReceived === '*0', 4000);
  });
});

describe('RTP stream robustness', () => {
  it('ignores and counts garbage datagrams, and keeps working', async () => {
    const s = await stream();
    const p = await peer();
    s.start(p.endpoint, 'PCMU', 0);
    const garbage = [
      Buffer.from('hello'), // short
      Buffer.alloc(0),
      Buffer.from([0x40, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xff]), // RTP version 1
      rtpPacket({ payloadType: 33, sequence: 1, timestamp: 1, ssrc: 1, payload: Buffer.alloc(160) }), // unknown PT
      Buffer.from([0x80, 200, 0, 6, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]), // an RTCP sender report
      Buffer.from([0x8f, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]), // 15 CSRCs promised, none there
      Buffer.from([0xa0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 200]), // padding longer than the packet
      Buffer.from(Array.from({ length: 1400 }, () => Math.floor(Math.random() * 256)).map((b, i) => (i === 0 ? 0x3f & b : b))),
    ];
    for (const g of garbage) await p.send(g, s.localPort);
    await p.send(rtpPacket({ payloadType: 0, sequence: 1, timestamp: 160, ssrc: 5, payload: Buffer.alloc(160, 0x55) }), s.localPort);
    await waitFor('the good packet', async () => (await s.stats()).packetsReceived === 1);
    const stats = await s.stats();
    expect(stats.packetsIgnored).toBe(garbage.length);
    const from = p.heard.length;
    await waitFor('still sending', () => p.heard.length >= from + 3);
  });

  it('frees its port on close, and says so when the range is full', async () => {
    const port = 22100;
    const s = await openRtpStream({ localAddress: LOCAL, audio: { kind: 'none' }, portMin: port, portMax: port });
    expect(s.localPort).toBe(port);
    await expect(openRtpStream({ localAddress: LOCAL, audio: { kind: 'none' }, portMin: port, portMax: port }))
      .rejects.toThrow(`no free UDP port for RTP in ${port}-${port} on ${LOCAL}`);
    await s.close();
    await s.close(); // twice is fine
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, LOCAL, () => resolve());
    });
    await new Promise<void>((resolve) => socket.close(() => resolve()));
    const again = await openRtpStream({ localAddress: LOCAL, audio: { kind: 'none' }, portMin: port, portMax: port });
    expect(again.localPort).toBe(port);
    const last = await again.stats();
    await again.close();
    expect(await again.stats()).toEqual(last); // the final counters stay readable
  });

  it('stops the worker when the last stream closes, and starts a new one on demand', async () => {
    const workers = () => process.getActiveResourcesInfo().filter((r) => r === 'Worker' || r === 'MessagePort').length;
    const before = workers();
    const a = await openRtpStream({ localAddress: LOCAL, audio: { kind: 'none' }, ...STREAM_PORTS });
    const b = await openRtpStream({ localAddress: LOCAL, audio: { kind: 'none' }, ...STREAM_PORTS });
    expect(workers()).toBeGreaterThan(before);
    await a.close();
    expect(workers()).toBeGreaterThan(before);
    await b.close();
    await waitFor('the worker to stop', () => workers() === before);
    const c = await openRtpStream({ localAddress: LOCAL, audio: { kind: 'none' }, ...STREAM_PORTS });
    open.push(c);
    const p = await peer();
    c.start(p.endpoint, 'PCMU', 0);
    await waitFor('a packet from the new worker', () => p.heard.length > 0);
  });

  it('does not leave a record file half-written', async () => {
    const record = join(dir, 'empty.wav');
    const s = await stream({ kind: 'wav', record });
    await s.close();
    expect(existsSync(record)).toBe(true);
    expect(() => parseWav(readFileSync(record), record)).toThrow(/no audio/);
  });
});
