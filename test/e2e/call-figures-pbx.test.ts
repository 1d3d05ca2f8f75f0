/**
 * Call figures end to end on a real PBX (issue 18): sipp calls through Kamailio and plays the
 * caller's side of the espeak dialogue from a pcap (play_pcap_audio, test/pbx/rtp-pcap.ts); a real
 * SipPhone answers under a real desk runner on a real SQLite file and plays the dispatcher's side
 * as its local audio. When sipp hangs up, the figures measured in the media worker reach the call
 * log: talk of each side within 5 % of the known turns. Ports 18410-18449 (vad's), under the port lock.
 */
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kamailioForSuite, registeredPhone } from '../pbx/phone-harness.js';
import { startSipp } from '../pbx/sipp.js';
import { writeRtpPcap } from '../pbx/rtp-pcap.js';
import { DeskRunner } from '../../src/desk/runner.js';
import { tempStore } from '../helpers/temp-store.js';
import { NOON } from '../helpers/clock.js';
import { readWavSamples } from '../../src/telephony/media/index.js';
import { dialogue, dialogueFile, known } from '../helpers/dialogue.js';

const UDP = 18410;
const WS = 18411;
const PROXY = `127.0.0.1:${UDP}`;
const { started } = kamailioForSuite('ringdesk-call-figures-', { udpPort: UDP, wsPort: WS });

describe('call figures through a real PBX', () => {
  it('sipp plays the caller\'s side from a pcap, the console the dispatcher\'s: the call log gets figures within 5 % of the known turns', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringdesk-figures-pcap-'));
    const pcap = path.join(dir, 'caller.pcap');
    writeRtpPcap(pcap, await readWavSamples(dialogueFile('caller')));
    const desk = await registeredPhone(started, {
      wsPort: WS, extension: '1001', rtpPortMin: 18420, rtpPortMax: 18449, audio: { kind: 'wav', play: dialogueFile('dispatcher') },
    });
    const { store, cleanup } = tempStore();
    const runner = new DeskRunner({ store, phone: desk.phone, operator: { id: null, name: 'alice', extension: '1001' }, now: () => NOON });
    runner.start();
    try {
      const sipp = startSipp({ scenario: 'uac-play-pcap.xml', port: 18412, remote: PROXY, service: '1001', vars: { pcap, holdMs: dialogue.lengthMs + 300 }, timeoutMs: 40_000, extra: ['-mp', '18414'] });
      const incoming = await desk.waitFor('incoming', undefined, 10_000);
      desk.phone.answer(incoming.callId);
      await desk.waitFor('ended', (e) => e.callId === incoming.callId, 35_000);
      const { figures } = await desk.waitFor('figures', (e) => e.callId === incoming.callId, 5_000);
      expect((await sipp.done).code).toBe(0);
      const k = known(dialogue.turns);
      expect(Math.abs(figures.callerTalkMs - k.caller), `caller ${figures.callerTalkMs} vs ${k.caller}`).toBeLessThanOrEqual(k.caller * 0.05);
      expect(Math.abs(figures.dispatcherTalkMs - k.dispatcher), `dispatcher ${figures.dispatcherTalkMs} vs ${k.dispatcher}`).toBeLessThanOrEqual(k.dispatcher * 0.05);
      expect(figures.overtalkCount).toBeGreaterThanOrEqual(1);
      runner.flushWrites(true);
      const [logged] = store.callReport.calls({ since: 0, until: Number.MAX_SAFE_INTEGER });
      expect(logged.figures).toEqual(figures);
    } finally {
      runner.stop();
      runner.dispose();
      cleanup();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
