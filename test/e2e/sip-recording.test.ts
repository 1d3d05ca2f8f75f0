/**
 * A recorded call through a real Kamailio (issue 18): sipp calls a SipPhone on WebSocket, which
 * answers with recording on. The 200 OK goes out at once; the caller hears "this call may be
 * recorded" (fixtures/data) first and the dispatcher's audio (a 440 Hz tone standing in for the
 * microphone) only after it; the stereo WAV read back has the caller left and what the caller
 * heard right. RTP is checked on the wire with a UDP listener as the caller's media port.
 * Ports: Kamailio 18460 (UDP) / 18462 (WS), sipp 18464, caller media 18470, the phone's RTP
 * 18480-18499 (record's range), under the port lock.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kamailioForSuite, registeredPhone } from '../pbx/phone-harness.js';
import { listenRtp, sippCounts, startSipp } from '../pbx/sipp.js';
import { decodeSample, readWavSamples } from '../../src/telephony/media/index.js';
import { readRecording } from '../../src/telephony/media/stereo-recording.js';
import { RECORDING_ANNOUNCEMENT } from '../../src/files/recordings.js';

const UDP = 18460;
const WS = 18462;
const PROXY = `127.0.0.1:${UDP}`;
const suite = kamailioForSuite('ringdesk-sip-recording-', { udpPort: UDP, wsPort: WS, gateway: 'sip:127.0.0.1:18465' }, { toneSeconds: 20 });
const { started } = suite;

const pcmu = (payload: Buffer) => Array.from(payload, (b) => decodeSample('PCMU', b));
const loudest = (s: ArrayLike<number>) => Array.from(s).reduce((m, x) => Math.max(m, Math.abs(x)), 0);
/** Zero crossings per second of 8 kHz samples: ~880 for a 440 Hz tone. */
const crossings = (s: number[]) => s.reduce((n, x, i) => n + (i > 0 && (x >= 0) !== (s[i - 1] >= 0) ? 1 : 0), 0) * (8000 / s.length);

describe('a recorded call on a real PBX', () => {
  it('answers at once; the caller hears the announcement, then the dispatcher; the WAV keeps both sides', async () => {
    const t = await registeredPhone(started, { wsPort: WS, extension: '1101', audio: { kind: 'wav', play: suite.tone }, rtpPortMin: 18480, rtpPortMax: 18499 });
    const rtp = await listenRtp(18470);
    const file = path.join(suite.dir, 'recordings', '20261207T120000Z-5eed5eed.wav');
    try {
      const sipp = startSipp({ scenario: 'uac-call.xml', port: 18464, remote: PROXY, service: '1101', keys: { rtp_port: 18470 }, pauseMs: 4500 });
      const inc = await t.waitFor('incoming');
      const from = t.events.length;
      t.phone.answer(inc.callId, { record: file, announce: RECORDING_ANNOUNCEMENT });
      // the SIP side answers at once; the desk hears the announcement begin
      // (the ACK through Kamailio from sipp takes seconds on a loaded 2-core box, with or without recording)
      await t.waitFor('answered', (e) => e.callId === inc.callId, 10_000, from);
      await t.waitFor('recording', (e) => e.state === 'announcing', 10_000, from);
      const connected = await t.waitFor('recording', (e) => e.state === 'connected', 10_000, from);
      expect(connected.callId).toBe(inc.callId);
      // the caller talks now (0x55 in µ-law: a steady level)
      const src = rtp.packets[0].from;
      await rtp.sendTo(src.address, src.port, 50);
      const r = await sipp.done;
      expect(sippCounts(r.stdout), r.stdout + r.stderr).toEqual({ ok: 1, failed: 0 });
      await t.waitFor('ended', (e) => e.callId === inc.callId, 5000, from);

      // on the wire, the caller heard the announcement first, then the tone
      const words = await readWavSamples(RECORDING_ANNOUNCEMENT);
      const heard = rtp.packets.filter((p) => p.pt === 0).flatMap((p) => pcmu(p.payload));
      const start = heard.findIndex((x) => Math.abs(x) > 200); // the first sound
      const firstWords = heard.slice(start, start + 4000);
      const wordsStart = words.findIndex((x) => Math.abs(x) > 200);
      const errors = firstWords.map((x, i) => Math.abs(x - words[wordsStart + i]) - Math.abs(words[wordsStart + i]) / 16);
      expect(Math.max(...errors)).toBeLessThan(64);
      // what follows the announcement is the dispatcher's 440 Hz
      const afterWords = heard.slice(start - wordsStart + words.length + 800, start - wordsStart + words.length + 8800);
      expect(Math.abs(crossings(afterWords) - 880)).toBeLessThan(40);
      expect(loudest(afterWords)).toBeGreaterThan(10000);
      // and no tone before it ended
      expect(Math.abs(crossings(heard.slice(start, start + 8000)) - 880)).toBeGreaterThan(40);

      // the recording: stereo 8 kHz, 0600, the caller left, announcement then dispatcher right
      await new Promise((r) => setTimeout(r, 300)); // the stream's close writes the last chunk
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const wav = readRecording(file);
      expect(wav.rate).toBe(8000);
      expect(wav.seconds).toBeGreaterThan(3.5);
      expect(wav.seconds).toBeLessThan(6.5);
      const caller = Array.from(wav.caller);
      expect(loudest(caller)).toBeGreaterThan(0);
      expect(caller.filter((x) => x !== 0).every((x) => x === decodeSample('PCMU', 0x55))).toBe(true);
      const right = Array.from(wav.dispatcher);
      const recStart = right.findIndex((x) => Math.abs(x) > 200);
      expect(Math.abs(crossings(right.slice(recStart, recStart + 8000)) - 880)).toBeGreaterThan(40); // words, not the tone
      const recAfter = right.slice(recStart - wordsStart + words.length + 800, recStart - wordsStart + words.length + 8800);
      expect(Math.abs(crossings(recAfter) - 880)).toBeLessThan(40);
    } finally {
      await rtp.close();
    }
  });
});
