/**
 * WAV files for call audio: read an 8 kHz mono 16-bit PCM file to play into a call, and
 * write what a call receives as a valid WAV file (header patched with sizes on close).
 */
import fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import { openPrivate } from '../../files/private-file.js';

export const SAMPLE_RATE = 8000;

/** Read a WAV file as 8 kHz mono samples; the error names the file and says how to convert it. */
export async function readWavSamples(path: string): Promise<Int16Array> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (err) {
    throw new Error(`cannot read play file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  return parseWav(data, path);
}

const CONVERT_HINT = 'ringdesk plays 8 kHz mono 16-bit PCM WAV (convert with: sox in.wav -r 8000 -c 1 -b 16 -e signed out.wav)';

/** A WAV file's format and where its audio is, as found by walking its chunks. */
export interface WavLayout { tag: number; channels: number; rate: number; bits: number; dataAt: number; dataBytes: number }

/**
 * Find the format and the audio of a WAV file's bytes; `name` is only used in messages. The audio
 * ends at the data chunk's size or the file's end, whichever comes first (a recording cut short).
 */
export function wavLayout(data: Buffer, name: string): WavLayout {
  if (data.length < 12 || data.toString('latin1', 0, 4) !== 'RIFF' || data.toString('latin1', 8, 12) !== 'WAVE') {
    throw new Error(`play file ${name} is not a WAV file; ${CONVERT_HINT}`);
  }
  let format: { tag: number; channels: number; rate: number; bits: number } | null = null;
  let at = 12;
  while (at + 8 <= data.length) {
    const id = data.toString('latin1', at, at + 4);
    const size = data.readUInt32LE(at + 4);
    const body = at + 8;
    if (id === 'fmt ' && size >= 16 && body + 16 <= data.length) {
      format = {
        tag: data.readUInt16LE(body),
        channels: data.readUInt16LE(body + 2),
        rate: data.readUInt32LE(body + 4),
        bits: data.readUInt16LE(body + 14),
      };
    } else if (id === 'data') {
      if (!format) throw new Error(`play file ${name} has no format chunk before its audio; ${CONVERT_HINT}`);
      return { ...format, dataAt: body, dataBytes: Math.min(data.length, body + size) - body };
    }
    at = body + size + (size & 1); // chunks are word-aligned
  }
  throw new Error(`play file ${name} has no audio (no data chunk); ${CONVERT_HINT}`);
}

/** Parse a WAV file's bytes; `name` is only used in error messages. */
export function parseWav(data: Buffer, name: string): Int16Array {
  const format = wavLayout(data, name);
  const pcm = format.tag === 1 || format.tag === 0xfffe;
  if (!pcm || format.channels !== 1 || format.rate !== SAMPLE_RATE || format.bits !== 16) {
    const what = `${format.rate} Hz, ${format.channels} channel(s), ${format.bits}-bit, format ${format.tag}`;
    throw new Error(`play file ${name} is ${what}; ${CONVERT_HINT}`);
  }
  const count = Math.floor(format.dataBytes / 2);
  if (count === 0) throw new Error(`play file ${name} has no audio in it`);
  const samples = new Int16Array(count);
  for (let i = 0; i < count; i++) samples[i] = data.readInt16LE(format.dataAt + i * 2);
  return samples;
}

/** A 44-byte canonical header for 8 kHz 16-bit PCM (mono, or stereo for a call's recording) with `dataBytes` of audio. */
export function wavHeader(dataBytes: number, channels: 1 | 2 = 1): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVE', 8, 'latin1');
  h.write('fmt ', 12, 'latin1');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(SAMPLE_RATE, 24);
  h.writeUInt32LE(SAMPLE_RATE * 2 * channels, 28); // byte rate
  h.writeUInt16LE(2 * channels, 32); // block align
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

const CHUNK_BYTES = 32 * 1024;

/** Where a WavStream's bytes go: a file written at positions, then closed. */
export interface WavFile {
  write(data: Buffer, length: number, position: number): Promise<unknown>;
  close(): Promise<unknown>;
}

/**
 * A WAV file of a call's audio, created private (src/files/private-file.ts: 0600, 0660 in a shared
 * group folder; replaced when it exists) with an empty header written, ready for a WavStream.
 */
export function createPrivateWav(file: string, channels: 1 | 2): WavFile {
  const fd = openPrivate(file, 'w');
  try {
    fs.writeSync(fd, wavHeader(0, channels), 0, 44, 0);
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
  return {
    write: (data, length, position) => new Promise<void>((resolve, reject) => fs.write(fd, data, 0, length, position, (e) => (e ? reject(e) : resolve()))),
    close: () => new Promise<void>((resolve) => fs.close(fd, () => resolve())),
  };
}

/**
 * 16-bit samples streamed into a WAV file (interleaved when stereo): they collect in a 32 KB
 * chunk written when full, so a long call never sits in memory; after each chunk the header is
 * rewritten with the sizes so far (the audio first), so a process killed mid-call leaves a
 * readable file; `close()` writes the rest and the final sizes. `what` names the file in problems.
 */
export class WavStream {
  private chunk = Buffer.alloc(CHUNK_BYTES);
  private used = 0;
  private dataBytes = 0;
  private writes: Promise<unknown> = Promise.resolve();
  private failure: string | null = null;
  private closed = false;

  constructor(private readonly file: WavFile, private readonly channels: 1 | 2, private readonly what: string) {}

  /** The first write error, if any (writing then stops; the call goes on). */
  get problem(): string | null {
    return this.failure;
  }

  /** Bytes of audio taken so far. */
  get bytes(): number {
    return this.dataBytes + this.used;
  }

  /** Append one sample (for stereo: left, then right). */
  sample(value: number): void {
    if (this.closed || this.failure) return;
    this.chunk.writeInt16LE(value, this.used);
    this.used += 2;
    if (this.used === CHUNK_BYTES) this.flush();
  }

  private flush(): void {
    if (this.used === 0) return;
    const full = this.chunk;
    const length = this.used;
    const position = 44 + this.dataBytes;
    this.dataBytes += length;
    const sizes = wavHeader(this.dataBytes, this.channels);
    this.chunk = Buffer.alloc(CHUNK_BYTES);
    this.used = 0;
    this.writes = this.writes.then(async () => {
      try {
        await this.file.write(full, length, position);
        await this.file.write(sizes, 44, 0); // the audio first: a header never claims what is not there
      } catch (err) {
        this.failure ??= `cannot write ${this.what}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`;
      }
    });
  }

  /** Write what is left and the final sizes, and close the file; safe to call twice. */
  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.flush(); // an empty file keeps the header it was created with
      this.writes = this.writes.then(() => this.file.close().catch(() => undefined));
    }
    await this.writes;
  }
}

/** What a call receives, streamed into a mono WAV file (`audio: wav:,record.wav`). */
export class WavRecorder {
  private constructor(private readonly stream: WavStream, readonly path: string) {}

  /** Create (or truncate) the file now, so a bad path is reported when the call opens. */
  static async create(path: string): Promise<WavRecorder> {
    let out: WavFile;
    try {
      out = createPrivateWav(path, 1); // what the call receives is a caller's voice: private like a recording
    } catch (err) {
      throw new Error(`cannot write record file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    return new WavRecorder(new WavStream(out, 1, `record file ${path}`), path);
  }

  /** The first write error, if any (recording then stops; the call goes on). */
  get problem(): string | null {
    return this.stream.problem;
  }

  /** Append one sample. */
  write(sample: number): void {
    this.stream.sample(sample);
  }

  /** Write what is left and the final header; safe to call twice. */
  close(): Promise<void> {
    return this.stream.close();
  }
}
