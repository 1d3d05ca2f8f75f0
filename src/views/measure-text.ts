/**
 * Stands in for Ink's internal measure-text.js in the bundle (scripts/bundle.js): the size
 * Yoga lays a text out with. Ink's own keeps every text it ever measured in a Map that never
 * shrinks — a console whose clock ticks all shift adds one a second; this one is bounded.
 */
import widestLine, { BoundedCache } from './text-width.js';

const sizes = new BoundedCache<{ width: number; height: number }>(2048);

export default function measureText(text: string): { width: number; height: number } {
  if (text.length === 0) return { width: 0, height: 0 };
  let size = sizes.get(text);
  if (size === undefined) {
    size = { width: widestLine(text), height: text.split('\n').length };
    sizes.set(text, size);
  }
  return size;
}
