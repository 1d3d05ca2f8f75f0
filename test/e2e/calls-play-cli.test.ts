/**
 * `ringdesk calls play <call>` as a real child process on a real SQLite file and a real WAV
 * (issue 18): the recording, both sides mixed, reaches the local audio's player (the record half
 * of `audio: command:…|<player>`, here `cat` into a file read back); a call not recorded, a
 * recording deleted after the retention period, one missing, and no audio path each get one line.
 * Needs the bundle (npm test builds first).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/index.js';
import { LEFT_CALLER, mixRecording, readRecording, RIGHT_DISPATCHER, StereoRecording } from '../../src/telephony/media/stereo-recording.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const BIN = `${ROOT}bin/ringdesk.js`;
const home = fs.mkdtempSync(`${os.tmpdir()}/ringdesk-home-`);
const dir = fs.mkdtempSync(`${os.tmpdir()}/ringdesk-calls-play-`);
const env = { ...process.env, HOME: home, RINGDESK_CONFIG: '', RINGDESK_SYSTEM_CONFIG: '', RINGDESK_AUDIO: '', RINGDESK_HEADSET: '', RINGDESK_PBX: '', NO_COLOR: '1' };
const dbFile = path.join(dir, 'd.db');
const db = ['--db', dbFile];
const file = path.join(dir, 'recordings', '20261207T120000Z-0000abcd.wav');
const ids: Record<string, number> = {};

function ringdesk(...args: string[]): { code: number; out: string; err: string } {
  const audio = args.indexOf('--audio'); // the audio setting, as a dispatcher's config would give it
  const extra = audio >= 0 ? { RINGDESK_AUDIO: args.splice(audio, 2)[1] } : {};
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...env, ...extra }, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

beforeAll(async () => {
  expect(fs.existsSync(`${ROOT}dist/bundle/cli.js`) || fs.existsSync(`${ROOT}dist/bundle`)).toBe(true);
  const store = Store.open(dbFile, { region: 'CZ', currency: 'CZK', create: true });
  const call = (ref: string, startedAt: number, recording: string) => {
    store.calls.started({ callRef: ref, direction: 'incoming', remote: '+420777123456', remoteKey: '+420777123456', operatorId: null, extension: '', startedAt });
    if (recording) store.calls.recordedTo(ref, recording);
    return store.callReport.recordingOf(Number(store.db.prepare('SELECT id FROM calls WHERE call_ref = ?').pluck().get(ref)))!.id;
  };
  // a 1 s call: the caller at 1000, the dispatcher at -3000
  const rec = StereoRecording.create(file);
  for (let k = 0; k < 50; k++) {
    rec.frame(LEFT_CALLER, new Int16Array(160).fill(1000));
    rec.frame(RIGHT_DISPATCHER, new Int16Array(160).fill(-3000));
  }
  await rec.close();
  // starts far in the past or the future, so no clock the test runs under changes which is "expired"
  ids.recorded = call('recorded', Date.parse('2100-01-01T10:00:00Z'), file);
  ids.plain = call('plain', Date.parse('2100-01-01T10:05:00Z'), '');
  ids.expired = call('expired', Date.parse('2001-01-01T10:00:00Z'), path.join(dir, 'recordings', '20010101T100000Z-00000001.wav'));
  ids.missing = call('missing', Date.parse('2100-01-01T10:10:00Z'), path.join(dir, 'recordings', '21000101T101000Z-00000002.wav'));
  store.close();
});
afterAll(() => {
  fs.rmSync(home, { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('ringdesk calls play', () => {
  it('plays both sides of the recording through the local audio\'s player', () => {
    const out = path.join(dir, 'played.raw');
    const r = ringdesk('calls', 'play', String(ids.recorded), '--audio', `command:|cat > ${out}`, ...db);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`playing call ${ids.recorded} (1.0 s, both sides) through the local audio`);
    const played = fs.readFileSync(out);
    const want = mixRecording(readRecording(file));
    expect(played.length).toBe(want.byteLength);
    expect(new Int16Array(played.buffer, played.byteOffset, played.length / 2)).toEqual(want);
    expect(want[0]).toBe(-1000); // (1000 + -3000) / 2: both sides heard
  });

  it('says in one line why it cannot: not recorded, deleted after the retention, missing, no such call, no audio path', () => {
    const player = ['--audio', 'command:|cat > /dev/null'];
    expect(ringdesk('calls', 'play', String(ids.plain), ...player, ...db)).toMatchObject({ code: 1, err: `ringdesk: call ${ids.plain} was not recorded (recording is off, or not for its group: the record setting)\n` });
    expect(ringdesk('calls', 'play', String(ids.expired), ...player, ...db).err).toBe(`ringdesk: the recording of call ${ids.expired} was deleted: recordings are kept 30 days (recordKeepDays)\n`);
    expect(ringdesk('calls', 'play', String(ids.missing), ...player, ...db).err).toMatch(new RegExp(`^ringdesk: the recording of call ${ids.missing} is missing from .*recordings \\(moved or deleted by hand; `));
    expect(ringdesk('calls', 'play', '999', ...player, ...db).err).toBe('ringdesk: no call 999 in the call log (ringdesk calls --json lists their ids)\n');
    const none = ringdesk('calls', 'play', String(ids.recorded), ...db);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/^ringdesk: no audio path to play through: no headset on the operator card, and the audio setting is none; set audio to "command:\|aplay/);
  });
});
