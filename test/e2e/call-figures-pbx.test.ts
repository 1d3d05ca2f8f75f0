/**
 * Call figures end to end on a real PBX (issue 18): sipp calls through Kamailio and plays the
 * caller's side of the espeak dialogue from a pcap (play_pcap_audio, test/pbx/rtp-pcap.ts); a real
 * SipPhone answers under a real desk runner on a real SQLite file and plays the dispatcher's side
 * as its local audio. When sipp hangs up, the figures measured in the media worker reach the call
 * log: talk of each side within 5 % of the known turns. The same from baresip (its aufile module
 * playing the caller's WAV), and a steady tone from baresip (not talk once the noise floor has
 * risen to it). Ports 18410-18449 (vad's), under the port lock.
 *
 * The tone is baresip's own `ausine`. It "sent no audio" before because Debian's baresip 1.0.0
 * ausine (modules/ausine/ausine.c) refuses any source that is not 48 kHz stereo S16 ("ausine:
 * supports only 48kHz samplerate" / "only 2 channels", ENOTSUP) and a G.711 call opens the source
 * at 8 kHz mono: `audio_source ausine,<freq>` (10–20000 Hz) needs `ausrc_srate 48000` and
 * `ausrc_channels 2` beside it, and baresip resamples to the codec (checked on the wire: 880 zero
 * crossings a second of the PCMU, i.e. 440 Hz).
 */
import os from 'node:os';
import { spawn } from 'node:child_process';
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
      wsPort: WS, extension: '1001', rtpPortMin: 18420, rtpPortMax: 18429, audio: { kind: 'wav', play: dialogueFile('dispatcher') },
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

  /** baresip as the caller (account 1099, not registered), dialling the console through Kamailio with `source` as its microphone. */
  async function baresipCalls(source: string, holdMs: number, sourceSettings: string[] = []) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringdesk-figures-baresip-'));
    fs.writeFileSync(path.join(dir, 'accounts'), `<sip:1099@127.0.0.1:${UDP};transport=udp>;auth_pass=secret1099;regint=0\n`);
    fs.writeFileSync(path.join(dir, 'config'), [
      'sip_listen 127.0.0.1:18416', 'rtp_ports 18430-18439', 'audio_player aufile,/dev/null', `audio_source ${source}`, ...sourceSettings, 'audio_alert aufile,/dev/null',
      'module_path /usr/lib/baresip/modules', 'module g711.so', 'module aufile.so', 'module ausine.so', 'module_app account.so', 'module_app menu.so',
    ].join('\n') + '\n');
    const desk = await registeredPhone(started, { wsPort: WS, extension: '1002', rtpPortMin: 18440, rtpPortMax: 18449, audio: { kind: 'wav', play: dialogueFile('dispatcher') } });
    const baresip = spawn('baresip', ['-f', dir, '-e', `/dial sip:1002@127.0.0.1:${UDP}`], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    baresip.stdout!.on('data', (d) => { out += d; });
    baresip.stderr!.on('data', (d) => { out += d; });
    try {
      const incoming = await desk.waitFor('incoming', undefined, 10_000).catch((e: Error) => { throw new Error(`${e.message}\nbaresip:\n${out.slice(-2000)}`); });
      desk.phone.answer(incoming.callId);
      await desk.waitFor('answered', (e) => e.callId === incoming.callId, 10_000);
      await new Promise((r) => setTimeout(r, holdMs));
      desk.phone.hangup(incoming.callId);
      return (await desk.waitFor('figures', (e) => e.callId === incoming.callId, 10_000)).figures;
    } finally {
      baresip.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it('baresip plays the caller\'s side (aufile): caller talk within 5 % of the known turns', async () => {
    const figures = await baresipCalls(`aufile,${dialogueFile('caller')}`, dialogue.lengthMs + 300);
    const k = known(dialogue.turns);
    expect(Math.abs(figures.callerTalkMs - k.caller), `caller ${figures.callerTalkMs} vs ${k.caller}`).toBeLessThanOrEqual(k.caller * 0.05);
    expect(Math.abs(figures.dispatcherTalkMs - k.dispatcher), `dispatcher ${figures.dispatcherTalkMs} vs ${k.dispatcher}`).toBeLessThanOrEqual(k.dispatcher * 0.05);
  }, 60_000);

  it('baresip sends a steady tone (ausine, 440 Hz): at most its first ~2 s count as the caller talking', async () => {
    // ausine makes only a 48 kHz stereo source; baresip resamples it to the call's 8 kHz mono PCMU
    const figures = await baresipCalls('ausine,440', 8000, ['ausrc_srate 48000', 'ausrc_channels 2']);
    expect(figures.callerTalkMs).toBeGreaterThan(0);
    expect(figures.callerTalkMs).toBeLessThanOrEqual(2600);
  }, 60_000);
});
