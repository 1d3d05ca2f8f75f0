import { afterEach, describe, expect, it, vi } from 'vitest';
import { AfterFrame } from './after-frame.js';

afterEach(() => vi.useRealTimers());

describe('AfterFrame', () => {
  it('runs what waits behind the next frame, once, in order', () => {
    const frames = new AfterFrame();
    const ran: string[] = [];
    frames.after(() => ran.push('answer 1'));
    frames.after(() => ran.push('answer 2'));
    expect(ran).toEqual([]);
    frames.drawn();
    expect(ran).toEqual(['answer 1', 'answer 2']);
    frames.drawn();
    expect(ran).toEqual(['answer 1', 'answer 2']);
  });

  it('runs it anyway when no frame comes', () => {
    vi.useFakeTimers();
    const frames = new AfterFrame(50);
    const ran: string[] = [];
    frames.after(() => ran.push('answer'));
    vi.advanceTimersByTime(49);
    expect(ran).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(ran).toEqual(['answer']);
  });
});
