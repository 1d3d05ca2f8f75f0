/**
 * `ringdesk doctor --headset`: the one-line test of a headset leg (issue 8). Registers the
 * operator's extension, calls the headset target exactly as a shift start does (with the
 * auto-answer hints), plays a 440 Hz tone into it for a few seconds, counts what the
 * device sends back, and hangs up. Needs no audio device on this box: the tone is a WAV
 * file written to a temporary directory and played by the media worker.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { wavHeader } from '../media/wav.js';
import { SipPhone } from './sip-phone.js';

export interface HeadsetCheckOptions {
  url: string;
  domain?: string;
  login: string;
  password: string;
  extension: string;
  /** SIP URI or extension of the dispatcher's device. */
  target: string;
  /** How long the device may take to answer (a device without auto-answer rings until picked up). */
  answerTimeoutMs: number;
  /** How long the tone plays once the device answered. */
  toneSeconds?: number;
  /** Play this 8 kHz mono WAV instead of the tone, for `seconds` (`ringdesk calls play`). */
  play?: { file: string; seconds: number };
  rtpPortMin?: number;
  rtpPortMax?: number;
  log?: (line: string) => void;
}

export interface HeadsetCheck { ok: boolean; detail: string }

/** A looped 1 s, 440 Hz sine at half scale as an 8 kHz mono WAV file. */
export function writeToneWav(file: string, hz = 440): void {
  const samples = new Int16Array(8000);
  for (let i = 0; i < samples.length; i++) samples[i] = Math.round(Math.sin((2 * Math.PI * hz * i) / 8000) * 16000);
  const data = Buffer.from(samples.buffer);
  fs.writeFileSync(file, Buffer.concat([wavHeader(data.length), data]));
}

/** An answer this quick came from the device itself, not from a person. */
const AUTO_ANSWER_MS = 1500;

export async function checkHeadset(o: HeadsetCheckOptions): Promise<HeadsetCheck> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringdesk-headset-tone-'));
  const tone = o.play?.file ?? path.join(dir, 'tone.wav');
  if (!o.play) writeToneWav(tone);
  const seconds = o.play?.seconds ?? o.toneSeconds ?? 3;
  const phone = new SipPhone({
    url: o.url, domain: o.domain, login: o.login, password: o.password, extension: o.extension,
    headset: o.target, headsetAudio: { kind: 'wav', play: tone }, headsetRedialMinMs: 3_600_000, headsetRedialMaxMs: 3_600_000,
    rtpPortMin: o.rtpPortMin, rtpPortMax: o.rtpPortMax, reconnectMaxMs: o.answerTimeoutMs, log: o.log ?? (() => undefined),
  });
  let dialledAt = 0;
  const outcome = new Promise<HeadsetCheck | 'connected'>((resolve) => {
    phone.on((e) => {
      if (e.type === 'registration' && e.state === 'failed') resolve({ ok: false, detail: `cannot register to call the headset: ${e.reason ?? 'failed'}` });
      if (e.type !== 'headset') return;
      if (e.state === 'connecting' && !e.reason) dialledAt = Date.now();
      if (e.state === 'connected') resolve('connected');
      if (e.state === 'lost' || e.state === 'none') resolve({ ok: false, detail: (e.reason ?? 'the headset leg failed').replace(/; calling it again in .*$/, '') });
    });
    setTimeout(() => resolve({ ok: false, detail: `${o.target} did not answer within ${(o.answerTimeoutMs / 1000).toFixed(0)} s` }), o.answerTimeoutMs);
  });
  try {
    await phone.start();
    const r = await outcome;
    if (r !== 'connected') return r;
    const answerMs = Date.now() - dialledAt;
    await new Promise((res) => setTimeout(res, seconds * 1000));
    const stats = await phone.headsetRtpStats();
    const how = answerMs <= AUTO_ANSWER_MS
      ? `answered by itself in ${answerMs} ms`
      : `answered after ${(answerMs / 1000).toFixed(1)} s — it does not auto-answer; turn that on (docs/headset.md)`;
    const back = stats && stats.packetsReceived > 0
      ? `heard ${stats.packetsReceived} packets back`
      : 'but heard nothing back (microphone muted, or one-way audio: check the device\'s RTP/NAT settings)';
    if (o.play) return { ok: true, detail: `${o.target} ${how}; played ${seconds.toFixed(1)} s` };
    return { ok: true, detail: `${o.target} ${how}; played a 440 Hz tone for ${seconds} s (${stats?.packetsSent ?? 0} packets), ${back}` };
  } finally {
    await phone.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
