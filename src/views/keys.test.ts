import { describe, expect, it } from 'vitest';
import type { Key } from 'ink';
import { keyNames } from './keys.js';

const none: Key = { upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false } as Key;

describe('keyNames', () => {
  it('names single keys', () => {
    expect(keyNames('', { ...none, return: true })).toEqual(['enter']);
    expect(keyNames('', { ...none, delete: true })).toEqual(['delete']);
    expect(keyNames('c', { ...none, ctrl: true })).toEqual(['ctrl+c']);
    expect(keyNames('a', none)).toEqual(['a']);
  });
  it('splits a chunk of Enter + typed text into keys, in order', () => {
    expect(keyNames('\rItal', none)).toEqual(['enter', 'I', 't', 'a', 'l']);
    expect(keyNames('ab\x7fc\r', none)).toEqual(['a', 'b', 'delete', 'c', 'enter']);
  });
  it('keeps non-ASCII characters whole and drops other control bytes', () => {
    expect(keyNames('Korunní😀\x01', none)).toEqual(['K', 'o', 'r', 'u', 'n', 'n', 'í', '😀']);
  });
});
