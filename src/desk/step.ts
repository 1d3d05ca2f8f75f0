/** What every slice of the desk reducer returns, and the small helpers they share. */
import { isDeepStrictEqual } from 'node:util';
import type { DeskState, Modal } from './state.js';
import type { Effect } from './events.js';
import type { CommandId } from './keymap.js';

/** The next state and the effects the runner executes for it. */
export interface Step { state: DeskState; effects: Effect[] }

export const ok = (state: DeskState, ...effects: Effect[]): Step => ({ state, effects });
export const say = (s: DeskState, kind: 'info' | 'error', text: string): DeskState => ({ ...s, message: { kind, text } });
export const clamp = (n: number, len: number): number => Math.max(0, Math.min(n, len - 1));

/** What a command does: from the state, the key that ran it (a digit picks) and its id. */
export type Handler<K extends CommandId = CommandId> = (s: DeskState, key: string, id: K) => Step;
/** One slice's commands (screens, calls, caller, card, order-taking). */
export type Keys = { [K in CommandId]?: Handler<K> };
/** Every command's handler: reduce.ts joins the slices into one of these, so a command without one does not compile. */
export type AllKeys = { [K in CommandId]: Handler<K> };

/**
 * ↑/↓ in a dialog's list (`kind`): the cursor moves one row within `rows(dialog)`; another dialog
 * (or none) leaves the state as it is. `id` ends in ".up" to go up.
 */
export function moveInDialog<K extends Modal['kind']>(kind: K, rows: (m: Extract<Modal, { kind: K }>, s: DeskState) => number): Handler {
  return (s, _key, id) => {
    const m = s.modal;
    if (m?.kind !== kind) return ok(s);
    const dialog = m as Extract<Modal, { kind: K }> & { index: number };
    return ok({ ...s, modal: { ...dialog, index: clamp(dialog.index + (id.endsWith('.up') ? -1 : 1), rows(dialog, s)) } });
  };
}

/**
 * The reloaded list, with the previous object kept for every row that did not change: the
 * screen redraws only the rows that did (src/views/OrderList.tsx `OrderRow` and the chat
 * console's `ChatItem` are memoised), so a colleague's commit costs every console one row's
 * formatting, not the whole list's.
 */
export function keepUnchangedRows<T>(before: readonly T[], loaded: T[], keyOf: (row: T) => number): T[] {
  const old = new Map(before.map((o) => [keyOf(o), o]));
  return loaded.map((o) => {
    const was = old.get(keyOf(o));
    return was !== undefined && isDeepStrictEqual(was, o) ? was : o;
  });
}
