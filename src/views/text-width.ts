/**
 * Printed width of terminal text, remembered: string-width segments graphemes and strips ANSI
 * on every call, and Ink asks for the width of every text on screen on every frame. Used by
 * the screen writer (src/views/screen-output.ts) and, in the bundle, in place of the
 * `widest-line` package Ink calls while drawing (scripts/bundle.js).
 */
import stringWidth from 'string-width';

/** Two generations: lookups hit the current map, then the previous one; a full current map retires the previous. */
export class BoundedCache<V> {
  private current = new Map<string, V>();
  private previous = new Map<string, V>();
  constructor(private readonly limit: number) {}
  get(key: string): V | undefined {
    const hit = this.current.get(key);
    if (hit !== undefined) return hit;
    const old = this.previous.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }
  set(key: string, value: V): void {
    if (this.current.size >= this.limit) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(key, value);
  }
}

const widths = new BoundedCache<number>(4096);

/** string-width of one line (or one character), from memory when seen before. */
export function textWidth(text: string): number {
  if (text.length === 1) {
    const c = text.charCodeAt(0);
    if (c >= 0x20 && c < 0x7f) return 1;
  }
  let w = widths.get(text);
  if (w === undefined) {
    w = stringWidth(text);
    widths.set(text, w);
  }
  return w;
}

/** The width of the widest line, as the `widest-line` package computes it. */
export default function widestLine(text: string): number {
  let widest = 0;
  for (const line of text.split('\n')) widest = Math.max(widest, textWidth(line));
  return widest;
}
