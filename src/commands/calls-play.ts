/**
 * `ringdesk calls play <call>` (issue 18): a recorded call played through the dispatcher's audio
 * path, as the console hears calls — the headset leg when the operator has one (dispatchers over
 * SSH), otherwise the local audio's record half (`audio: command:<play>|<player>`), the program
 * the console hands what a call receives. Both sides mixed into one voice. The recording never
 * goes to a log; its path is said only when it is missing.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../config/config.js';
import { recordingFolderOf } from '../config/config.js';
import { recordingExpired } from '../domain/recording.js';
import type { StorePorts } from '../store/ports.js';
import { parseAudioSpec } from '../telephony/audio-spec.js';
import { mixRecording, readRecording } from '../telephony/media/stereo-recording.js';
import { wavHeader } from '../telephony/media/wav.js';
import { openPrivate } from '../files/private-file.js';

/** A refusal whose message is for the user (cli.ts prints it without a stack). */
export class PlayError extends Error {
  readonly userFacing = true;
}

/** Where a recording is played: the operator's headset leg, a local player program, or nowhere (why). */
export type AudioPath = { via: 'headset'; target: string } | { via: 'local'; command: string } | { via: 'none'; why: string };

/** The dispatcher's audio path, decided as the console decides it. */
export function audioPathOf(config: Config, headsetTarget: string): AudioPath {
  const target = config.headset || headsetTarget;
  if (config.pbx && target) return { via: 'headset', target };
  const spec = parseAudioSpec(config.audio);
  if (spec.ok && spec.spec.kind === 'command' && spec.spec.record) return { via: 'local', command: spec.spec.record };
  const headsetWords = target ? `the headset ${target} needs a PBX (--pbx)` : 'no headset on the operator card';
  const audioWords = !spec.ok || spec.spec.kind === 'none' ? 'the audio setting is none'
    : spec.spec.kind === 'wav' ? 'the audio setting writes WAV files, not to a speaker' : 'the audio setting has no record (player) command';
  return { via: 'none', why: `no audio path to play through: ${headsetWords}, and ${audioWords}; set audio to "command:|aplay -q -t raw -f S16_LE -r 8000 -c 1" or give the operator a headset (docs/operations.md)` };
}

/** The recording of call `id`, read; refusals say why in a dispatcher's words. */
export async function recordingToPlay(store: StorePorts, config: Config, id: number, now: number): Promise<{ samples: Int16Array; seconds: number }> {
  const row = await store.callReport.recordingOf(id);
  if (!row) throw new PlayError(`no call ${id} in the call log (ringdesk calls --json lists their ids)`);
  if (!row.file) throw new PlayError(`call ${id} was not recorded (recording is off, or not for its group: the record setting)`);
  if (!fs.existsSync(row.file)) {
    if (recordingExpired(row.startedAt, config.recordKeepDays, now)) {
      throw new PlayError(`the recording of call ${id} was deleted: recordings are kept ${config.recordKeepDays} days (recordKeepDays)`);
    }
    throw new PlayError(`the recording of call ${id} is missing from ${path.dirname(row.file)} (moved or deleted by hand; the recordings folder is now ${recordingFolderOf(config)})`);
  }
  let audio;
  try {
    audio = readRecording(row.file);
  } catch (e) {
    throw new PlayError(`the recording of call ${id} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return { samples: mixRecording(audio), seconds: audio.seconds };
}

/** Feed the samples (raw s16le 8 kHz mono) to the local player; resolves when it has finished. */
export function playLocally(command: string, samples: Int16Array): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', command], { stdio: ['pipe', 'ignore', 'pipe'] });
    let tail = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (t: string) => { tail = (tail + t).slice(-300); });
    child.on('error', (e) => reject(new PlayError(`the player "${command}" could not start: ${e.message}`)));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new PlayError(`the player "${command}" exited with code ${code}${tail.trim() ? `: ${tail.trim().split('\n').pop()}` : ''}`))));
    child.stdin.on('error', () => undefined); // a player that quits early: its exit says why
    child.stdin.end(Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength));
  });
}

/** The samples as a private mono WAV in a private temporary folder (the headset leg plays files); removed by `done`. */
export function privateMonoWav(samples: Int16Array): { file: string; done: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringdesk-play-'));
  const file = path.join(dir, 'call.wav');
  const fd = openPrivate(file, 'w');
  try {
    const data = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
    fs.writeSync(fd, wavHeader(data.length));
    fs.writeSync(fd, data);
  } finally {
    fs.closeSync(fd);
  }
  return { file, done: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
