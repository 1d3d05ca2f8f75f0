/**
 * The `audio` setting (config key `audio`, env RINGDESK_AUDIO, flag `--audio`): where a
 * PBX call's sound comes from and goes to on the machine running the console.
 *
 *   none                                   silence out, discard in (the default)
 *   wav:<play.wav>[,<record.wav>]          loop a WAV into every call; record each call (overwritten per call)
 *   command:<play cmd>[|<record cmd>]      a program's stdout is the voice sent; another's stdin gets the voice heard
 *
 * Files are 8 kHz mono 16-bit PCM WAV; commands speak raw s16le 8 kHz mono. Either half may
 * be empty ("wav:,in.wav" only records). The play command ends at the first "|".
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AudioSpec } from './media/types.js';
import { readWavSamples } from './media/wav.js';

export type AudioSpecResult = { ok: true; spec: AudioSpec } | { ok: false; reason: string };

const FORMS = 'use none, wav:<play.wav>[,<record.wav>] or command:<play command>[|<record command>]';

/** Read the setting's text; the reason names the setting and says what is accepted. */
export function parseAudioSpec(text: string): AudioSpecResult {
  const value = text.trim();
  const bad = (why: string): AudioSpecResult => ({ ok: false, reason: `audio setting "${text}": ${why}` });
  if (value === '' || value === 'none') return { ok: true, spec: { kind: 'none' } };
  const colon = value.indexOf(':');
  const kind = colon < 0 ? value : value.slice(0, colon);
  const rest = colon < 0 ? '' : value.slice(colon + 1);
  if (kind === 'wav') {
    const [play, record, ...more] = rest.split(',').map((s) => s.trim());
    if (more.length) return bad('a WAV setting holds at most two files, play and record, separated by one comma');
    if (!play && !record) return bad('name a WAV file to play, one to record, or both (wav:play.wav,record.wav)');
    for (const f of [play, record]) if (f && !f.toLowerCase().endsWith('.wav')) return bad(`"${f}" does not end in .wav`);
    return { ok: true, spec: { kind: 'wav', ...(play ? { play } : {}), ...(record ? { record } : {}) } };
  }
  if (kind === 'command') {
    const bar = rest.indexOf('|');
    const play = (bar < 0 ? rest : rest.slice(0, bar)).trim();
    const record = (bar < 0 ? '' : rest.slice(bar + 1)).trim();
    if (!play && !record) return bad('name a play command, a record command, or both (command:<play>|<record>)');
    return { ok: true, spec: { kind: 'command', ...(play ? { play } : {}), ...(record ? { record } : {}) } };
  }
  return bad(`unknown kind "${kind}"; ${FORMS}`);
}

/**
 * What would make the audio fail on the first call, found before the console starts:
 * a play WAV that cannot be read or is not 8 kHz mono 16-bit, a record file in a missing
 * folder. Commands are only known to work when they run (a broken one is reported per call).
 */
export async function audioSpecProblem(spec: AudioSpec): Promise<string | null> {
  if (spec.kind !== 'wav') return null;
  if (spec.play) {
    try {
      await readWavSamples(spec.play);
    } catch (e) {
      return `audio setting: ${(e as Error).message}`;
    }
  }
  if (spec.record) {
    const folder = path.dirname(path.resolve(spec.record));
    if (!fs.existsSync(folder)) return `audio setting: cannot record to ${spec.record}: folder ${folder} does not exist`;
  }
  return null;
}

/** The `rtpPorts` setting, "min-max" (even count not required; each call takes one port). */
export function parseRtpPorts(text: string): { ok: true; min: number; max: number } | { ok: false; reason: string } {
  const m = /^\s*(\d{1,5})\s*-\s*(\d{1,5})\s*$/.exec(text);
  const min = m ? Number(m[1]) : NaN;
  const max = m ? Number(m[2]) : NaN;
  if (!m || min < 1024 || max > 65535 || min > max) {
    return { ok: false, reason: `rtpPorts setting "${text}": give a UDP port range like 20000-29999 (1024-65535, low-high)` };
  }
  return { ok: true, min, max };
}
