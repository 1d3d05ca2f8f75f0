import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { audioSpecProblem, parseAudioSpec, parseRtpPorts } from './audio-spec.js';
import { tempDir } from '../../test/helpers/temp-store.js';

let cleanups: (() => void)[] = [];
afterEach(() => { cleanups.forEach((c) => c()); cleanups = []; });

describe('audio setting', () => {
  it('reads none, wav and command forms', () => {
    expect(parseAudioSpec('none')).toEqual({ ok: true, spec: { kind: 'none' } });
    expect(parseAudioSpec('')).toEqual({ ok: true, spec: { kind: 'none' } });
    expect(parseAudioSpec('wav:/a/play.wav')).toEqual({ ok: true, spec: { kind: 'wav', play: '/a/play.wav' } });
    expect(parseAudioSpec('wav:play.wav, rec.WAV')).toEqual({ ok: true, spec: { kind: 'wav', play: 'play.wav', record: 'rec.WAV' } });
    expect(parseAudioSpec('wav:,rec.wav')).toEqual({ ok: true, spec: { kind: 'wav', record: 'rec.wav' } });
    expect(parseAudioSpec('command:sox -d -t raw -r 8000 -e signed -b 16 -c 1 -|pacat --raw --rate 8000 --channels 1')).toEqual({
      ok: true, spec: { kind: 'command', play: 'sox -d -t raw -r 8000 -e signed -b 16 -c 1 -', record: 'pacat --raw --rate 8000 --channels 1' },
    });
    // the record command may itself be a pipeline; the play command ends at the first bar
    expect(parseAudioSpec('command:|sox -t raw - -t wav x.wav | cat')).toEqual({ ok: true, spec: { kind: 'command', record: 'sox -t raw - -t wav x.wav | cat' } });
  });

  it('says what is wrong and what is accepted', () => {
    const r = parseAudioSpec('mp3:song.mp3');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/audio setting "mp3:song.mp3": unknown kind "mp3"; use none, wav:/);
    expect(!parseAudioSpec('wav:').ok && (parseAudioSpec('wav:') as { reason: string }).reason).toMatch(/name a WAV file/);
    expect((parseAudioSpec('wav:a.wav,b.wav,c.wav') as { reason: string }).reason).toMatch(/at most two files/);
    expect((parseAudioSpec('wav:song.mp3') as { reason: string }).reason).toMatch(/"song.mp3" does not end in .wav/);
    expect((parseAudioSpec('command:') as { reason: string }).reason).toMatch(/name a play command/);
  });

  it('finds an unreadable or wrong-format play file and a missing record folder before the console starts', async () => {
    const { dir, cleanup } = tempDir('ringdesk-audio-');
    cleanups.push(cleanup);
    const good = path.join(dir, 'tone.wav');
    const stereo = path.join(dir, 'stereo.wav');
    execFileSync('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', good, 'synth', '0.2', 'sine', '440']);
    execFileSync('sox', ['-n', '-r', '44100', '-c', '2', '-b', '16', '-e', 'signed-integer', stereo, 'synth', '0.2', 'sine', '440']);
    expect(await audioSpecProblem({ kind: 'wav', play: good, record: path.join(dir, 'in.wav') })).toBeNull();
    expect(await audioSpecProblem({ kind: 'wav', play: path.join(dir, 'nope.wav') })).toMatch(/cannot read play file .*nope.wav: ENOENT/);
    expect(await audioSpecProblem({ kind: 'wav', play: stereo })).toMatch(/44100 Hz, 2 channel\(s\).*sox in.wav -r 8000/);
    expect(await audioSpecProblem({ kind: 'wav', record: path.join(dir, 'missing', 'in.wav') })).toMatch(/folder .*missing does not exist/);
    expect(await audioSpecProblem({ kind: 'command', play: 'whatever' })).toBeNull();
    expect(fs.existsSync(path.join(dir, 'in.wav'))).toBe(false); // checking creates nothing
  });
});

describe('rtpPorts setting', () => {
  it('reads a range and refuses nonsense', () => {
    expect(parseRtpPorts('24000-24999')).toEqual({ ok: true, min: 24000, max: 24999 });
    expect(parseRtpPorts(' 30000 - 30010 ')).toEqual({ ok: true, min: 30000, max: 30010 });
    for (const bad of ['', '24000', '25000-24000', '80-90', '60000-70000', 'a-b']) {
      expect(parseRtpPorts(bad).ok, bad).toBe(false);
    }
    expect((parseRtpPorts('x') as { reason: string }).reason).toMatch(/rtpPorts setting "x": give a UDP port range like 20000-29999/);
  });
});
