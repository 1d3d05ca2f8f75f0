/**
 * The desk on a screen: the App over a runner, drawn by Ink. The one place a desk becomes
 * frames — the console (its terminal), the fixture player (a virtual terminal, or the real one
 * with `replay --show`) and the benches (bench-kit) call it, so each draws what the others do.
 */
import React from 'react';
import { render, type Instance, type RenderOptions } from 'ink';
import type { DeskRunner } from '../desk/runner.js';
import { App } from './App.js';
import { consoleRenderOptions } from './render-options.js';
import { MIN_COLUMNS, MIN_ROWS } from './layout.js';
import { quickBanner } from './quick-banner.js';

export interface DrawDeskOptions {
  /** Times and dates are shown in it (config timezone). */
  timeZone?: string;
  /** Where frames go and keys come from; default the process's terminal. */
  stdout?: RenderOptions['stdout'];
  stdin?: RenderOptions['stdin'];
  /**
   * 'console' (default): the console's render options (a frame goes out at once). 'whole': every
   * frame written whole (Ink's debug mode), so a virtual terminal's last write is the screen.
   */
  frames?: 'console' | 'whole';
  /** The console routes stray console.log output above the frame; tests and benches do not. */
  patchConsole?: boolean;
  /** Told after each frame is written (the console's AfterFrame). */
  onRender?: RenderOptions['onRender'];
  /**
   * The console: a call that takes the banner is drawn at once as the banner alone, over the
   * frame on screen (src/views/quick-banner.tsx), and `onRender` is told then — `--auto-answer
   * 0`'s 200 OK follows the banner without waiting for the whole frame, which comes right after.
   */
  bannerFirst?: boolean;
}

export function drawDesk(runner: DeskRunner, o: DrawDeskOptions = {}): Instance {
  const app = React.createElement(App, { runner, timeZone: o.timeZone });
  const io = { ...(o.stdout ? { stdout: o.stdout } : {}), ...(o.stdin ? { stdin: o.stdin } : {}) };
  if (o.frames === 'whole') return render(app, { ...io, debug: true, exitOnCtrlC: false, patchConsole: false });
  if (!o.bannerFirst) return render(app, { ...consoleRenderOptions, ...io, patchConsole: o.patchConsole ?? false, ...(o.onRender ? { onRender: o.onRender } : {}) });
  const stdout = (o.stdout ?? process.stdout) as NodeJS.WriteStream;
  // the banner is drawn over Ink's last frame, so Ink must draw every frame (as the console does on a terminal, CI or not)
  if (stdout.isTTY !== true) return render(app, { ...consoleRenderOptions, ...io, patchConsole: o.patchConsole ?? false, ...(o.onRender ? { onRender: o.onRender } : {}) });
  // the lines of the frame Ink wrote last (the console's full screen is one row shorter than the terminal), or null
  let frameHeight: number | null = null;
  const onRender: NonNullable<RenderOptions['onRender']> = (m) => {
    const s = runner.state;
    frameHeight = s.quitting || s.size.columns < MIN_COLUMNS || s.size.rows < MIN_ROWS ? null : s.size.rows - 1;
    o.onRender?.(m);
  };
  // subscribed before the App: the banner goes out before React's render of the same state is even scheduled
  const stop = runner.subscribe(quickBanner({ timeZone: o.timeZone, write: (b) => stdout.write(b), frameHeight: () => frameHeight, drawn: () => o.onRender?.({ renderTime: 0 }) }));
  const ink = render(app, { ...consoleRenderOptions, ...io, patchConsole: o.patchConsole ?? false, onRender, interactive: true });
  return { ...ink, unmount: () => { stop(); ink.unmount(); } };
}
