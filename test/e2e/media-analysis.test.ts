/**
 * Call figures from real audio through the real media worker over RTP on 127.0.0.1 (issue 18):
 * the espeak-ng dialogue with known turns (fixtures/audio, scripts/make-dialogue-audio) — the
 * caller's side sent as PCMU packets every 20 ms by a UDP peer, the dispatcher's side played by
 * the leg itself (a console's local audio) — and pure silence, tone bursts and noise.
 * Tolerances: talk time within 5 % of the known turns. RTP ports 18400-18449 (vad's range).
 * The same dialogue through sipp and Kamailio: test/e2e/call-figures-pbx.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { encodeSample, openRtpStream, readWavSamples, type RtpStream } from '../../src/telephony/media/index.js';
import type { CallFigures } from '../../src/domain/call-figures.js';
import { LOCAL, rtpPacket, sendPaced, sleep, UdpPeer, closedAfterEach } from './media-peer.js';
import { dialogue, dialogueFile, known } from '../helpers/dialogue.js';

const PORTS = { portMin: 18400, portMax: 18449 };
const { open, peers } = closedAfterEach();

/** The caller leg, analysed; `dispatcher` is what the console plays to the caller (a WAV), or nothing. */
async function analysedCall(dispatcher?: string) {
  const leg = await openRtpStream({ localAddress: LOCAL, audio: dispatcher ? { kind: 'wav', play: dispatcher } : { kind: 'none' }, ...PORTS });
  open.push(leg);
  const phone = await UdpPeer.open();
  peers.push(phone);
  await leg.tap('analysis');
  leg.start(phone.endpoint, 'PCMU', 0);
  return { leg, phone };
}

/** The caller's phone sends `samples` as PCMU, one packet every 20 ms, as a phone does. */
function speak(phone: UdpPeer, leg: RtpStream, samples: Int16Array): Promise<void> {
  const packets = Math.ceil(samples.length / 160);
  return sendPaced(phone, leg.localPort, packets, 20, (i) => rtpPacket({
    payloadType: 0, sequence: i, timestamp: i * 160, ssrc: 0x5eed, marker: i === 0,
    payload: Buffer.from(Array.from({ length: 160 }, (_, j) => encodeSample('PCMU', samples[i * 160 + j] ?? 0))),
  }));
}

const within = (got: number, want: number, share: number) => expect(Math.abs(got - want), `${got} vs ${want}`).toBeLessThanOrEqual(want * share);

describe('call figures from real audio through the media worker', () => {
  it('the espeak dialogue: talk of each side within 5 % of the known turns, the overlap, the long silence, first words', async () => {
    const k = known(dialogue.turns);
    const { leg, phone } = await analysedCall(dialogueFile('dispatcher'));
    await speak(phone, leg, await readWavSamples(dialogueFile('caller')));
    const f = (await leg.untap('analysis')) as CallFigures;
    within(f.callerTalkMs, k.caller, 0.05);
    within(f.dispatcherTalkMs, k.dispatcher, 0.05);
    expect(f.overtalkCount).toBeGreaterThanOrEqual(1);
    expect(f.overtalkCount).toBeLessThanOrEqual(2);
    expect(Math.abs(f.overtalkMs - k.overlap), `overtalk ${f.overtalkMs} vs ${k.overlap}`).toBeLessThanOrEqual(350);
    expect(Math.abs(f.longestSilenceMs - 2500), `longest silence ${f.longestSilenceMs}`).toBeLessThanOrEqual(350);
    expect(Math.abs((f.firstWordsMs ?? -1) - k.firstWords)).toBeLessThanOrEqual(150);
    within(f.analysedMs, dialogue.lengthMs, 0.05);
    expect(f.pauseMs).toBe(0);
  });

  it('pure silence: no talk, all of it silence', async () => {
    const { leg, phone } = await analysedCall();
    await speak(phone, leg, new Int16Array(8000 * 3));
    const f = (await leg.untap('analysis')) as CallFigures;
    expect(f.callerTalkMs + f.dispatcherTalkMs).toBe(0);
    expect(f.firstWordsMs).toBeNull();
    within(f.silenceMs, f.analysedMs, 0.01);
  });

  it('tone bursts (0.5 s on, 0.5 s off) count their on-time as talk', async () => {
    const { leg, phone } = await analysedCall();
    const tone = Int16Array.from({ length: 8000 * 4 }, (_, i) => (Math.floor(i / 4000) % 2 === 0 ? Math.round(9000 * Math.sin((2 * Math.PI * 440 * i) / 8000)) : 0));
    await speak(phone, leg, tone);
    await sleep(100);
    const f = (await leg.untap('analysis')) as CallFigures;
    within(f.callerTalkMs, 2000, 0.05);
  });

  it('steady line noise is not talk once the floor has risen to it (after about 2 s)', async () => {
    const { leg, phone } = await analysedCall();
    let x = 12345;
    const noise = Int16Array.from({ length: 8000 * 6 }, () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5) * 3000);
    await speak(phone, leg, noise);
    const f = (await leg.untap('analysis')) as CallFigures;
    expect(f.callerTalkMs).toBeLessThanOrEqual(2600);
  });
});
