import React, { useCallback, useSyncExternalStore } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'ink-testing-library';
import { Screen } from '../App.js';
import { DeskRunner } from '../../desk/runner.js';
import { ReplayPhone } from '../../telephony/replay/replay-phone.js';
import { stripAnsi } from '../../replay/virtual-terminal.js';
import { Store } from '../../store/index.js';
import { tempStore } from '../../../test/helpers/temp-store.js';
import { NOON } from '../../../test/helpers/clock.js';
import { untilFrame } from '../../../test/helpers/frames.js';
import * as chatRows from './chat-rows.js';

// the real row formatting, counted: how many conversations' rows a frame formats again
vi.mock('./chat-rows.js', async (original) => {
  const real = await original<typeof import('./chat-rows.js')>();
  return { ...real, chatItemRows: vi.fn(real.chatItemRows) };
});

let cleanups: (() => void)[] = [];
afterEach(() => { cleanups.reverse().forEach((c) => c()); cleanups = []; });

function Desk({ runner }: { runner: DeskRunner }) {
  const state = useSyncExternalStore(useCallback((changed: () => void) => runner.subscribe(changed), [runner]), () => runner.state);
  return <Screen state={state} />;
}

describe('the chat console redraws only what a commit changed', () => {
  it("a new message formats its own conversation's rows again, not the other conversations' on screen", async () => {
    const t = tempStore();
    const intake = Store.open(t.file, { region: 'CZ', currency: 'CZK' });
    const phone = new ReplayPhone({ register: true, remoteAnswerMs: -1, now: () => NOON });
    const runner = new DeskRunner({ store: t.store, phone, operator: { id: null, name: 'alice', extension: '101' }, columns: 80, rows: 24, now: () => NOON + 60_000 });
    runner.start();
    await phone.start();
    const ui = render(<Desk runner={runner} />);
    cleanups.push(() => { ui.unmount(); runner.dispose(); void phone.stop(); intake.close(); t.cleanup(); });
    const write = (user: number, id: string, text: string, at: number) => {
      expect(intake.conversations.receive('telegram', `u${user}`, { channelMessageId: id, kind: 'text', text, visitor: { name: `Person ${user}` } }, at).ok).toBe(true);
      runner.dispatch({ type: 'store-changed' });
    };
    for (let n = 1; n <= 30; n++) write(n, `hello-${n}`, `hello from ${n}`, NOON + n * 1000);
    runner.dispatch({ type: 'keys', keys: ['E'] });
    const frame = () => stripAnsi(ui.lastFrame() ?? '');
    await untilFrame(frame, (f) => f.includes('› Person 30') && f.includes('Person 26'), 'the newest chats on the left');

    const formatted = vi.mocked(chatRows.chatItemRows);
    formatted.mockClear();
    write(3, 'again-3', 'still there?', NOON + 40_000);
    await untilFrame(frame, (f) => /Person 3 ●2.*\n.*still.*\n.*› Person 30 ●1/.test(f), "person 3's chat at the top with its second message, the cursor still on person 30");
    // person 3's conversation came to the top: its rows are formatted again, the others on screen only moved down
    expect(formatted.mock.calls.map(([row]) => row.conversation.channelUserId)).toEqual(['u3']);
  });
});
