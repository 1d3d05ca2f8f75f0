/**
 * Run only in the vitest project "bundle-writer" (vitest.config.ts), which swaps Ink's internals as
 * the console's bundle does: proves the swap reached Ink, so the view tests in that project draw
 * their frames with src/views/screen-output.ts, the writer the console runs.
 */
import React from 'react';
import { describe, expect, it } from 'vitest';
import { Box } from 'ink';
import { render } from 'ink-testing-library';
import ScreenOutput from './screen-output.js';
import { Text } from './Text.js';

describe('the bundle\'s screen writer under the view tests', () => {
  it('Ink draws these frames with ringdesk\'s writer, not its own', () => {
    let frames = 0;
    const get = ScreenOutput.prototype.get;
    ScreenOutput.prototype.get = function (this: ScreenOutput) { frames++; return get.call(this); };
    try {
      const { lastFrame, unmount } = render(<Box borderStyle="round"><Text>Order D-001 · Jana Nováková</Text></Box>);
      expect(lastFrame()).toMatch(/│Order D-001 · Jana Nováková *│/);
      unmount();
    } finally {
      ScreenOutput.prototype.get = get;
    }
    expect(frames).toBeGreaterThan(0);
  });
});
