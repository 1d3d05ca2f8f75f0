import React from 'react';
import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { PasswordPrompt, type PromptAnswer } from './PasswordPrompt.js';
import { untilFrame } from '../../test/helpers/frames.js';

const ENTER = '\r', ESC = '\u001B', CTRL_C = '\u0003', BACKSPACE = '\u007F';

function prompt() {
  const answers: PromptAnswer[] = [];
  const r = render(<PasswordPrompt question="PBX password for alice: " onAnswer={(a) => answers.push(a)} />);
  return { ...r, answers };
}

describe('the PBX password prompt (ink-text-input with a mask)', () => {
  it('draws only * for what is typed, takes Backspace, and gives the password on Enter', async () => {
    const { lastFrame, stdin, answers, unmount } = prompt();
    await untilFrame(lastFrame, (f) => f.includes('PBX password for alice:'));
    stdin.write('hunter2x');
    await untilFrame(lastFrame, (f) => f.includes('********'), 'eight stars');
    stdin.write(BACKSPACE);
    const f = await untilFrame(lastFrame, (x) => x.includes('*******') && !x.includes('********'), 'seven stars');
    expect(f).not.toContain('hunter');
    stdin.write(ENTER);
    await untilFrame(() => String(answers.length), (n) => n === '1', 'the answer');
    expect(answers).toEqual([{ ok: true, value: 'hunter2' }]);
    stdin.write(ENTER); // answered once
    expect(answers).toHaveLength(1);
    unmount();
  });

  it('Ctrl+C or Esc gives up without a password', async () => {
    for (const key of [CTRL_C, ESC]) {
      const { lastFrame, stdin, answers, unmount } = prompt();
      await untilFrame(lastFrame, (f) => f.includes('PBX password'));
      stdin.write('abc');
      await untilFrame(lastFrame, (f) => f.includes('***'));
      stdin.write(key);
      await untilFrame(() => String(answers.length), (n) => n === '1', 'the answer');
      expect(answers).toEqual([{ ok: false }]);
      unmount();
    }
  });
});
