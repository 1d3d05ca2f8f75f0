/**
 * Ink's (input, key) pair -> the key names the keymap table uses ("enter", "up", "ctrl+c", "a").
 * Ink hands over a chunk of plain input as one event, so "Enter + typed letters" arriving together
 * (fast typing, a paste, SSH batching keystrokes) is split here into single keys, in order.
 */
import type { Key } from 'ink';

const controlNames: Record<string, string> = { '\r': 'enter', '\n': 'enter', '\t': 'tab', '\x7f': 'delete', '\b': 'delete', '\x1b': 'escape', '\x03': 'ctrl+c' };

export function keyNames(input: string, key: Key): string[] {
  if (key.ctrl && /^[a-z]$/.test(input)) return [`ctrl+${input}`];
  if (key.return) return ['enter'];
  if (key.escape) return ['escape'];
  if (key.tab) return ['tab'];
  if (key.upArrow) return ['up'];
  if (key.downArrow) return ['down'];
  if (key.leftArrow) return ['left'];
  if (key.rightArrow) return ['right'];
  if (key.pageUp) return ['pageup'];
  if (key.pageDown) return ['pagedown'];
  // Backspace arrives as key.delete in Ink; both mean "remove"
  if (key.delete || key.backspace) return ['delete'];
  if (key.ctrl || (key.meta && input.length <= 1)) return [];
  return [...input].map((ch) => controlNames[ch] ?? ch).filter((k) => k.length > 1 || k >= ' ');
}

/** The single key of an input event, or null for none or several. */
export function keyName(input: string, key: Key): string | null {
  const names = keyNames(input, key);
  return names.length === 1 ? names[0] : null;
}
