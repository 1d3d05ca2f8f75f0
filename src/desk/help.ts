/** The help bar, the `?` overlay and the full screens' help lines, all read from the one keymap table (src/desk/keymap.ts). */
import { activeContexts, keyLabel, keymap, visibleCommands, worksIn, type Command, type Context } from './keymap.js';
import type { DeskState } from './state.js';

const barRank: Partial<Record<Context, number>> = { banner: 1, call: 2, queue: 2, list: 3, scheduled: 3, address: 3, items: 3, card: 4, caller: 5, global: 6 };

/**
 * The help bar's commands, the keys most needed now first: those that can act before those that
 * cannot, then a dialog's keys, the ringing banner's, the call's, the pane's, the card's, the
 * caller's, the global ones. The bar shows as many as fit; `?` shows them all (`help`: whether `?` opens it now).
 */
export function helpBarCommands(s: DeskState): { commands: { command: Command; disabled: string | null }[]; help: boolean } {
  const rank = (c: { command: Command; disabled: string | null }) => (c.disabled ? 10 : 0) + (barRank[c.command.context] ?? 0);
  const visible = visibleCommands(s);
  return { commands: visible.filter((c) => c.command.id !== 'global.help').sort((a, b) => rank(a) - rank(b)), help: visible.some((c) => c.command.id === 'global.help') };
}

/** Where each context's keys work, as the ? overlay titles them (in this order after the ones behind it). */
export const contextTitles: Partial<Record<Context, string>> = {
  banner: 'Incoming call', queue: 'Calls waiting', waiting: 'The calls waiting list (W)', call: 'On a call', list: 'Open orders', search: 'Typing a search (/)', card: 'Order card', address: 'Address pane',
  items: 'Items pane', chooser: 'Customer chooser', menu: 'Menu search', edit: 'Editing a field',
  caller: 'The caller (on a call or an open order)', form: 'New customer form', category: 'Category', cancel: 'Cancelling',
  pick: 'Choosing from a list', item: 'Sizes and modifiers', scheduled: 'Scheduled orders',
  customers: 'Customers screen (C)', calls: 'Calls screen (L)', status: 'Status in full (M)', help: 'This help',
  global: 'Anywhere',
};

/** A row of the ? overlay: a context's title, or one command with why it cannot act now (for the screen behind). */
export type HelpEntry =
  | { kind: 'title'; context: Context; title: string; behind: boolean }
  | { kind: 'key'; command: Command; disabled: string | null; behind: boolean };

/**
 * Every command of the table for the ? overlay, grouped by where it works: what works on the
 * screen behind the overlay first, with why a key is disabled now; then the rest.
 */
export function helpEntries(s: DeskState): HelpEntry[] {
  const behind = activeContexts({ ...s, modal: null }).filter((c) => c in contextTitles);
  const order = [...behind, ...(Object.keys(contextTitles) as Context[]).filter((c) => !behind.includes(c))];
  return order.flatMap((context): HelpEntry[] => {
    const here = behind.includes(context);
    return [
      { kind: 'title', context, title: contextTitles[context]!, behind: here },
      ...keymap.filter((c) => c.context === context).map((command): HelpEntry => ({ kind: 'key', command, disabled: here ? command.disabledReason?.(s) ?? null : null, behind: here })),
    ];
  });
}

/** A full screen's help line for one pane or tab, from the table: "/ search · ↑/↓ move · …". */
export function screenKeys(context: 'customers' | 'calls', where: string): { keys: string; label: string }[] {
  return keymap.filter((c) => c.context === context && !c.quiet && worksIn(c, where))
    .map((c) => ({ keys: c.keys.every((k) => /^\d$/.test(k)) && c.keys.length > 2 ? `${c.keys[0]}-${c.keys[c.keys.length - 1]}` : c.keys.map(keyLabel).join('/'), label: c.label }));
}
