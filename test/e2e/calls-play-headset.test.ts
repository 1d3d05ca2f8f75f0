/**
 * `ringdesk calls play <call>` into the dispatcher's headset leg (issue 18), with real parts on
 * loopback: the CLI as a child process registers on a Kamailio as the operator, calls the
 * operator's headset — sipp as the device, reached through the PBX's gateway — and plays the
 * recording, both sides mixed; a UDP socket as the device's RTP port hears it sample for sample
 * (within G.711's steps). Ports (record's range, under the port lock): Kamailio 18452 (UDP) /
 * 18454 (WS), the device 18456 (SIP) / 18458 (RTP), sipp's media 18476, the CLI's RTP 18486-18499.
 * Needs the bundle (npm test builds first).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKamailio, type Kamailio } from '../pbx/kamailio.js';
import { startSipp, type SippProcess } from '../pbx/sipp.js';
import { Store } from '../../src/store/index.js';
import { decodeSample } from '../../src/telephony/media/index.js';
import { LEFT_CALLER, RIGHT_DISPATCHER, StereoRecording } from '../../src/telephony/media/stereo-recording.js';
import { MediaPeer, sleep } from './headset-peer.js';
import { until } from '../helpers/until.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const UDP = 18452;
const WS = 18454;
const DEVICE_SIP = 18456;
const DEVICE_RTP = 18458;
let kam: Kamailio;
let dir: string;
let device: SippProcess | null = null;
let rtp: MediaPeer | null = null;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringdesk-play-headset-'));
  kam = await startKamailio({ dir, udpPort: UDP, wsPort: WS, gateway: `sip:127.0.0.1:${DEVICE_SIP}` });
});
afterAll(async () => {
  device?.kill();
  await rtp?.close();
  await kam?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('ringdesk calls play into the headset', () => {
  it('registers as the operator, calls the headset and plays the recording, both sides', async () => {
    const dbFile = path.join(dir, 'd.db');
    const file = path.join(dir, 'recordings', '20261207T120000Z-0000beef.wav');
    // a 2 s call: the caller rises in steps of 400 every 20 ms on the left, the dispatcher a steady -2000 on the right
    const rec = StereoRecording.create(file);
    for (let k = 0; k < 100; k++) {
      rec.frame(LEFT_CALLER, new Int16Array(160).fill(400 * (k % 20)));
      rec.frame(RIGHT_DISPATCHER, new Int16Array(160).fill(-2000));
    }
    await rec.close();
    const store = Store.open(dbFile, { region: 'CZ', currency: 'CZK', create: true });
    store.operators.upsert({ name: 'alice', osUser: 'nobody-here', extension: '1801', headsetTarget: '1899' });
    store.calls.started({ callRef: 'rec-1', direction: 'incoming', remote: '+420777123456', remoteKey: '+420777123456', operatorId: null, extension: '1801', startedAt: Date.parse('2100-01-01T10:00:00Z') });
    store.calls.recordedTo('rec-1', file);
    const id = Number(store.db.prepare('SELECT id FROM calls WHERE call_ref = ?').pluck().get('rec-1'));
    store.close();

    rtp = await MediaPeer.bind(DEVICE_RTP);
    device = startSipp({ scenario: 'headset-device.xml', port: DEVICE_SIP, keys: { rtp_port: DEVICE_RTP }, timeoutMs: 30_000, vars: { check: 'true', ring_ms: 50, hold_ms: 20_000, pts: '0 8' }, extra: ['-mp', '18476'] });
    const env = {
      ...process.env, HOME: dir, RINGDESK_CONFIG: '', RINGDESK_SYSTEM_CONFIG: '', NO_COLOR: '1', RINGDESK_AUDIO: '',
      RINGDESK_PBX: `ws://127.0.0.1:${WS}`, RINGDESK_OPERATOR: 'alice', RINGDESK_PBX_PASSWORD: 'secret1801', RINGDESK_RTP_PORTS: '18486-18499',
    };
    const child = spawn(process.execPath, [`${ROOT}bin/ringdesk.js`, 'calls', 'play', String(id), '--db', dbFile], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => { out += t; });
    child.stderr.setEncoding('utf8').on('data', (t: string) => { err += t; });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain(`playing call ${id} (2.0 s, both sides) into the headset 1899`);
    expect(out).toMatch(/1899 answered by itself in \d+ ms; played 2\.0 s/);

    // the device heard the mix: (caller + dispatcher) / 2, i.e. 200·step − 1000, in order
    await until('the device heard the call', () => rtp!.heard.length > 50);
    const voice = rtp.heard.map((h) => decodeSample(h.pt === 8 ? 'PCMA' : 'PCMU', h.payload[0]));
    const first = voice.findIndex((v) => Math.abs(v + 1000) < 40);
    expect(first).toBeGreaterThanOrEqual(0);
    const steps = voice.slice(first, first + 20).map((v) => Math.round((v + 1000) / 200));
    expect(steps).toEqual(Array.from({ length: 20 }, (_, k) => k));
    await sleep(100);
  });
});
