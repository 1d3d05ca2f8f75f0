/**
 * Keys for a screen that handles its own input (customers, calls). Inside the console they
 * come from the desk (`keys`: every key typed for this screen since it opened, those in the
 * same chunk as the C or L that opened it included), each played once, so none is lost while
 * the screen mounts. Standalone (its own tests) the screen reads the terminal itself.
 */
import { useLayoutEffect, useRef } from 'react';
import { useInput } from 'ink';
import { keyNames } from './keys.js';

export function usePanelKeys(press: (key: string) => void, keys: readonly string[] | undefined, isActive: boolean): void {
  const played = useRef(0);
  // played in the commit that brought them (a layout effect), so their frame follows at once
  useLayoutEffect(() => {
    if (!keys) return;
    if (keys.length < played.current) played.current = 0;
    while (played.current < keys.length) press(keys[played.current++]);
  });
  useInput((input, key) => keyNames(input, key).forEach(press), { isActive: isActive && !keys });
}
