/**
 * A text file read in chunks as the encoding it is said to be in (UTF-8 unless the user names
 * another): a line that is not in that encoding, or that holds a NUL, stops the reading with the
 * line named, so nothing from a mis-saved or binary file is imported as garbled names.
 */
import fs from 'node:fs';
import { isUtf8 } from 'node:buffer';

/** Why the text cannot be read, and on which 1-based line. */
export interface TextProblem { line: number; reason: string }

export type TextDecoding = { ok: true; decoder: TextDecoder; utf8: boolean } | { ok: false; error: string };

/** The decoder for an encoding label as the WHATWG Encoding Standard names them (utf-8, windows-1250, iso-8859-2, utf-16le…). */
export function textDecoding(label = 'utf-8'): TextDecoding {
  try {
    const decoder = new TextDecoder(label.trim());
    return { ok: true, decoder, utf8: decoder.encoding === 'utf-8' };
  } catch {
    return { ok: false, error: `unknown encoding "${label}"; e.g. utf-8, windows-1250, iso-8859-2, windows-1252, utf-16le` };
  }
}

const LF = 0x0a;

function countLf(buf: Uint8Array, from = 0, to = buf.length): number {
  let n = 0;
  for (let i = buf.indexOf(LF, from); i >= 0 && i < to; i = buf.indexOf(LF, i + 1)) n++;
  return n;
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 character, or -1. */
function firstNonUtf8Byte(b: Uint8Array): number {
  for (let i = 0; i < b.length;) {
    const c = b[i];
    if (c < 0x80) { i++; continue; }
    const more = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (more < 0) return i;
    // the second byte's range is narrower after E0, ED, F0 and F4 (no overlongs, surrogates or > U+10FFFF)
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    if (i + more >= b.length) return i;
    if (b[i + 1] < lo || b[i + 1] > hi) return i;
    for (let k = 2; k <= more; k++) if ((b[i + k] & 0xc0) !== 0x80) return i;
    i += more + 1;
  }
  return -1;
}

const hex = (b: number) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`;

/**
 * Read `fd` as text chunk by chunk: yields each decoded piece, and last the problem that stopped
 * the reading if one did. UTF-8 is checked byte by byte per
 * line (a stray Windows-1250 "č" is named with its line); another encoding is decoded as the
 * user said, and a byte it cannot map is named with its line too.
 */
export function* readText(fd: number, decoding: Extract<TextDecoding, { ok: true }>, chunkBytes = 1 << 20): Generator<string | TextProblem> {
  const chunk = Buffer.alloc(chunkBytes);
  const { decoder, utf8 } = decoding;
  let line = 1;
  let carry: Buffer = Buffer.alloc(0);
  let first = true;
  for (;;) {
    const n = fs.readSync(fd, chunk, 0, chunk.length, null);
    const eof = n === 0;
    let bytes: Buffer = eof ? carry : carry.length ? Buffer.concat([carry, chunk.subarray(0, n)]) : Buffer.from(chunk.subarray(0, n));
    if (first && bytes.length >= 2 && utf8) {
      const bom = (bytes[0] === 0xff && bytes[1] === 0xfe) ? 'utf-16le' : (bytes[0] === 0xfe && bytes[1] === 0xff) ? 'utf-16be' : null;
      if (bom) { yield { line: 1, reason: `the file is ${bom.toUpperCase()} text (it starts with a byte order mark), not UTF-8; import it with --encoding ${bom}` }; return; }
    }
    first = false;
    if (utf8) {
      // whole lines only: a line feed is never part of a multi-byte character
      const cut = eof ? bytes.length : bytes.lastIndexOf(LF) + 1;
      carry = bytes.subarray(cut);
      bytes = bytes.subarray(0, cut);
      const nul = bytes.indexOf(0);
      if (nul >= 0) { yield { line: line + countLf(bytes, 0, nul), reason: 'holds a NUL byte: this is not a text file (a UTF-16 file? import it with --encoding utf-16le)' }; return; }
      if (!isUtf8(bytes)) {
        const at = firstNonUtf8Byte(bytes);
        yield { line: line + countLf(bytes, 0, at), reason: `is not UTF-8 (byte ${hex(bytes[at])}); save the file as UTF-8, or name its encoding, e.g. --encoding windows-1250` };
        return;
      }
      const text = bytes.length ? decoder.decode(bytes, { stream: !eof }) : eof ? decoder.decode() : '';
      if (text) yield text;
      line += countLf(bytes);
    } else {
      const text = eof ? decoder.decode() : decoder.decode(bytes, { stream: true });
      carry = Buffer.alloc(0);
      for (const [what, ch] of [['holds a NUL character', '\0'], [`has bytes that are not ${decoder.encoding}`, '\ufffd']] as const) {
        const at = text.indexOf(ch);
        if (at >= 0) { yield { line: line + countLines(text, at), reason: `${what}; check --encoding` }; return; }
      }
      line += countLines(text, text.length);
      if (text) yield text;
    }
    if (eof) return;
  }
}

function countLines(text: string, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
