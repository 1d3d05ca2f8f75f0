/**
 * The console over a real store for view tests: a DeskRunner with a replay phone and one manual
 * clock, its commit watch live (the one poller: a colleague's commit reaches it as in the console),
 * drawn by the App through ink-testing-library at a terminal size the desk is told (default 80x24).
 */
import React from 'react';
import { render } from 'ink-testing-library';
import type { Store } from '../../src/store/index.js';
import { DeskRunner, type RunnerOptions } from '../../src/desk/runner.js';
import { ReplayPhone } from '../../src/telephony/replay/replay-phone.js';
import { App } from '../../src/views/App.js';
import { manualClock } from '../../src/domain/clock.js';
import { stripAnsi } from '../../src/replay/virtual-terminal.js';
import { frameProblems } from '../../src/views/frame-rules.js';
import { untilFrame } from './frames.js';

/** Key bytes as a terminal sends them. */
export const KEY = { up: '\u001B[A', down: '\u001B[B', right: '\u001B[C', left: '\u001B[D', pageDown: '\u001B[6~', pageUp: '\u001B[5~', tab: '\t', enter: '\r', escape: '\u001B', backspace: '\u007F', ctrlR: '\u0012' };

export async function deskConsole(store: Store, o: { now: number; timezone?: string; columns?: number; rows?: number; runner?: Partial<RunnerOptions> }) {
  const clock = manualClock(o.now);
  const phone = new ReplayPhone({ remoteAnswerMs: -1, now: clock });
  const size = { columns: o.columns ?? 80, rows: o.rows ?? 24 };
  const runner = new DeskRunner({ store, phone, operator: { id: null, name: 'alice', extension: '101' }, now: clock, timezone: o.timezone ?? 'UTC', ...size, ...o.runner });
  await runner.start();
  const stopLive = runner.runLive();
  await phone.start();
  const ui = render(React.createElement(App, { runner, timeZone: o.timezone ?? 'UTC' }));
  // ink-testing-library's terminal says 100 columns: the desk is told the size under test
  runner.dispatch({ type: 'resize', ...size });
  const frame = () => stripAnsi(ui.lastFrame() ?? '');
  return {
    runner, phone, clock, size, frame,
    type: (bytes: string) => ui.stdin.write(bytes),
    /** The frame once `ok` holds (at most 3 s), held to the frame rules at the desk's size. */
    until: async (ok: (f: string) => boolean, what = 'frame'): Promise<string> => {
      // what was typed has been answered first (the store's ports answer with a Promise)
      await runner.settled();
      const f = await untilFrame(frame, ok, what, 3000);
      const problems = frameProblems(f, size);
      if (problems.length) throw new Error(`${what}: ${problems.join('; ')}\n${f}`);
      return f;
    },
    close: () => { ui.unmount(); stopLive(); runner.dispose(); void phone.stop(); },
  };
}
