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
}

export function drawDesk(runner: DeskRunner, o: DrawDeskOptions = {}): Instance {
  const app = React.createElement(App, { runner, timeZone: o.timeZone });
  const io = { ...(o.stdout ? { stdout: o.stdout } : {}), ...(o.stdin ? { stdin: o.stdin } : {}) };
  if (o.frames === 'whole') return render(app, { ...io, debug: true, exitOnCtrlC: false, patchConsole: false });
  return render(app, { ...consoleRenderOptions, ...io, patchConsole: o.patchConsole ?? false, ...(o.onRender ? { onRender: o.onRender } : {}) });
}
