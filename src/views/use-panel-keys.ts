/**
 * Keys for a screen that handles its own input (customers, calls): every key of an input
 * event in order (a paste or SSH batch included), plus the keys that arrived in the same
 * chunk as the one that opened the screen (`typeAhead`), played once.
 */
import { useEffect, useRef } from 'react';
import { useInput } from 'ink';
import { keyNames } from './keys.js';

/** Keys that arrived with the key that opened the screen; `seq` changes for each new batch. */
export interface TypeAhead { keys: string[]; seq: number }

export function usePanelKeys(press: (key: string) => void, typeAhead: TypeAhead | undefined, isActive: boolean): void {
  const played = useRef(0);
  useEffect(() => {
    if (!typeAhead || typeAhead.seq === played.current) return;
    played.current = typeAhead.seq;
    typeAhead.keys.forEach(press);
  });
  useInput((input, key) => keyNames(input, key).forEach(press), { isActive });
}
