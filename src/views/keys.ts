/** Ink's (input, key) pair -> the key names the keymap table uses ("enter", "up", "ctrl+c", "a"). */
import type { Key } from 'ink';

export function keyName(input: string, key: Key): string | null {
  if (key.ctrl && input === 'c') return 'ctrl+c';
  if (key.return) return 'enter';
  if (key.escape) return 'escape';
  if (key.tab) return 'tab';
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  // Backspace arrives as key.delete in Ink; both mean "remove"
  if (key.delete || key.backspace) return 'delete';
  if (key.ctrl || key.meta) return null;
  return input.length === 1 ? input : null;
}
