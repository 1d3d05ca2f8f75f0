/**
 * The espeak-ng dialogue of the call-analysis tests (fixtures/audio, made by
 * scripts/make-dialogue-audio): its two sides' WAVs and the known turns.
 */
import { readFileSync } from 'node:fs';

const AUDIO = new URL('../../fixtures/audio/', import.meta.url);
export interface Turn { side: 'caller' | 'dispatcher'; startMs: number; endMs: number }
export const dialogue = JSON.parse(readFileSync(new URL('dialogue-turns.json', AUDIO), 'utf8')) as { lengthMs: number; turns: Turn[] };
export const dialogueFile = (side: 'caller' | 'dispatcher') => new URL(`dialogue-${side}.wav`, AUDIO).pathname;

/** Sum of a side's turns, and the time both speak at once, from the known turns. */
export function known(turns: Turn[]) {
  const talk = (side: Turn['side']) => turns.filter((t) => t.side === side).reduce((s, t) => s + t.endMs - t.startMs, 0);
  let overlap = 0;
  for (const a of turns) for (const b of turns) {
    if (a.side === 'caller' && b.side === 'dispatcher') overlap += Math.max(0, Math.min(a.endMs, b.endMs) - Math.max(a.startMs, b.startMs));
  }
  return { caller: talk('caller'), dispatcher: talk('dispatcher'), overlap, firstWords: Math.min(...turns.map((t) => t.startMs)) };
}

