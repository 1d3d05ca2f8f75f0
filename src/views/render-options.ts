/**
 * How the console asks Ink to draw: src/commands/console.ts renders with these, and the
 * benches too, so they time what a dispatcher sees.
 */
import type { RenderOptions } from 'ink';

export const consoleRenderOptions = {
  // Ink's default 30 frames/s holds a frame back for up to 33 ms after the last one, so a call
  // ringing just after the clock's tick showed its banner late. Frames now go out at once;
  // updates within the same millisecond are still merged into one frame.
  maxFps: 1000,
  exitOnCtrlC: false,
} satisfies RenderOptions;
