/**
 * Where a call's audio comes from and goes to, inside the media worker: a looped WAV file
 * or a program's raw s16le 8 kHz mono stdout as the source; a WAV file or a program's
 * stdin as the recording. Built from an `AudioSpec`; 'none' means silence / discard.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { DECODE } from './g711.js';
import type { AudioSpec, Codec } from './types.js';
import { readWavSamples, WavRecorder } from './wav.js';

/** Gives 160 samples (20 ms) per packet. */
export interface AudioSource {
  /** Fill `out` with the next 160 samples; false when nothing is ready (send silence). */
  read(out: Int16Array): boolean;
  readonly problem: string | null;
  close(): void;
}

/** Takes what the call receives. */
export interface AudioSink {
  /** `length` codec bytes at `bytes[offset..]`. */
  write(codec: Codec, bytes: Uint8Array, offset: number, length: number): void;
  readonly problem: string | null;
  close(): Promise<void>;
}

export interface CallAudio {
  source: AudioSource | null;
  sink: AudioSink | null;
}

/** Open the source and recording an `AudioSpec` asks for; errors name the file or command. */
export async function openCallAudio(spec: AudioSpec): Promise<CallAudio> {
  if (spec.kind === 'none') return { source: null, sink: null };
  if (spec.kind === 'wav') {
    const source = spec.play ? new WavLoopSource(await readWavSamples(spec.play)) : null;
    const sink = spec.record ? new WavSink(await WavRecorder.create(spec.record)) : null;
    return { source, sink };
  }
  if (spec.kind === 'command') {
    return {
      source: spec.play ? new CommandSource(spec.play) : null,
      sink: spec.record ? new CommandSink(spec.record) : null,
    };
  }
  throw new Error(`unknown audio kind ${JSON.stringify((spec as { kind: unknown }).kind)}; use none, wav or command`);
}

/** Plays a WAV file round and round. */
export class WavLoopSource implements AudioSource {
  private position = 0;
  readonly problem = null;
  constructor(private readonly samples: Int16Array) {}
  read(out: Int16Array): boolean {
    const samples = this.samples;
    for (let i = 0; i < out.length; i++) {
      out[i] = samples[this.position];
      if (++this.position === samples.length) this.position = 0;
    }
    return true;
  }
  close(): void {}
}

class WavSink implements AudioSink {
  constructor(private readonly recorder: WavRecorder) {}
  get problem(): string | null {
    return this.recorder.problem;
  }
  write(codec: Codec, bytes: Uint8Array, offset: number, length: number): void {
    const table = DECODE[codec];
    for (let i = 0; i < length; i++) this.recorder.write(table[bytes[offset + i]]);
  }
  close(): Promise<void> {
    return this.recorder.close();
  }
}

function runShell(command: string, stdio: ('pipe' | 'ignore')[]): ChildProcess {
  return spawn('/bin/sh', ['-c', command], { stdio, windowsHide: true });
}

/** Remembers the end of a program's stderr for the problem message. */
function stderrTail(child: ChildProcess): () => string {
  let tail = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    tail = (tail + text).slice(-300);
  });
  return () => tail.trim().split('\n').pop() ?? '';
}

function exitProblem(role: string, command: string, code: number | null, signal: string | null, tail: string): string {
  const how = code !== null ? `exited with code ${code}` : `was stopped by ${signal}`;
  return `${role} command "${command}" ${how}${tail ? `: ${tail}` : ''}`;
}

const RING_BYTES = 64 * 1024;
const PAUSE_ABOVE = 32 * 1024;
const RESUME_BELOW = 8 * 1024;

/**
 * A program's stdout as raw s16le 8 kHz mono. A ring buffer with back-pressure keeps a
 * program that writes faster than real time (`cat file.raw`) paced by the call.
 */
export class CommandSource implements AudioSource {
  private readonly ring = Buffer.alloc(RING_BYTES);
  private readAt = 0;
  private filled = 0;
  private paused = false;
  private failure: string | null = null;
  private readonly child: ChildProcess;
  private exited = false;

  constructor(private readonly command: string) {
    this.child = runShell(command, ['ignore', 'pipe', 'pipe']);
    const tail = stderrTail(this.child);
    this.child.on('error', (err) => {
      this.failure ??= `play command "${command}" could not start: ${err.message}`;
    });
    this.child.on('exit', (code, signal) => {
      this.exited = true;
      if (code !== 0) this.failure ??= exitProblem('play', command, code, signal, tail());
    });
    this.child.stdout!.on('data', (chunk: Buffer) => this.take(chunk));
  }

  get problem(): string | null {
    return this.failure;
  }

  private take(chunk: Buffer): void {
    let from = 0;
    let count = Math.min(chunk.length, RING_BYTES - this.filled); // overflow is dropped
    let writeAt = (this.readAt + this.filled) % RING_BYTES;
    while (count > 0) {
      const n = Math.min(count, RING_BYTES - writeAt);
      chunk.copy(this.ring, writeAt, from, from + n);
      from += n;
      count -= n;
      this.filled += n;
      writeAt = (writeAt + n) % RING_BYTES;
    }
    if (this.filled > PAUSE_ABOVE && !this.paused) {
      this.paused = true;
      this.child.stdout!.pause();
    }
  }

  read(out: Int16Array): boolean {
    const need = out.length * 2;
    if (this.filled < need) return false;
    const ring = this.ring;
    for (let i = 0; i < out.length; i++) {
      const lo = ring[this.readAt];
      const hi = ring[(this.readAt + 1) % RING_BYTES];
      out[i] = ((hi << 24) >> 16) | lo;
      this.readAt = (this.readAt + 2) % RING_BYTES;
    }
    this.filled -= need;
    if (this.paused && this.filled < RESUME_BELOW) {
      this.paused = false;
      this.child.stdout!.resume();
    }
    return true;
  }

  close(): void {
    if (!this.exited) this.child.kill('SIGTERM');
  }
}

/** A program's stdin receives what the call receives, as raw s16le 8 kHz mono. */
export class CommandSink implements AudioSink {
  private failure: string | null = null;
  private readonly child: ChildProcess;
  private readonly exit: Promise<void>;
  private exited = false;

  constructor(private readonly command: string) {
    this.child = runShell(command, ['pipe', 'ignore', 'pipe']);
    const tail = stderrTail(this.child);
    this.exit = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.exited = true;
        if (code !== 0 && signal !== 'SIGTERM') this.failure ??= exitProblem('record', command, code, signal, tail());
        resolve();
      });
      this.child.on('error', (err) => {
        this.exited = true;
        this.failure ??= `record command "${command}" could not start: ${err.message}`;
        resolve();
      });
    });
    this.child.stdin!.on('error', () => undefined); // EPIPE when the program quits early: see `problem`
  }

  get problem(): string | null {
    return this.failure;
  }

  write(codec: Codec, bytes: Uint8Array, offset: number, length: number): void {
    const stdin = this.child.stdin!;
    if (this.exited || stdin.destroyed || stdin.writableNeedDrain) return; // a slow program loses audio, not memory
    const table = DECODE[codec];
    const pcm = Buffer.allocUnsafe(length * 2); // the stream keeps it until written
    for (let i = 0; i < length; i++) pcm.writeInt16LE(table[bytes[offset + i]], i * 2);
    stdin.write(pcm);
  }

  /** End its input and give it two seconds to finish (e.g. to close its file) before stopping it. */
  async close(): Promise<void> {
    if (this.exited) return;
    this.child.stdin!.end();
    const timer = setTimeout(() => this.child.kill('SIGTERM'), 2000);
    await this.exit;
    clearTimeout(timer);
  }
}
