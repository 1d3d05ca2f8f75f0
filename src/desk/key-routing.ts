/**
 * Input priority over the one keymap table (src/desk/keymap.ts): which contexts listen now
 * (modal > search being typed > banner > call > pane > global; a full screen by pane or tab),
 * the command a key triggers (resolved once, here) and what the help bar offers.
 */
import { keymap, type Command, type Context } from './keymap.js';
import { activeCall, consultOf, fullScreenHasKeys, onFullScreen, ringingCall, waitingCalls, type DeskState } from './state.js';
import { customersWhere } from './customers-screen.js';
import { callsWhere } from './calls-screen.js';

/** Contexts that listen now, highest priority first: modal > banner > call > focused pane > global. */
export function activeContexts(s: DeskState): Context[] {
  if (s.modal) {
    const m: Record<string, Context> = {
      'confirm-quit': 'confirm', help: 'help', status: 'status', chooser: 'chooser', menu: 'menu', pos: 'pos', edit: 'edit',
      'customer-form': 'form', 'customer-note': 'note', category: 'category', cancel: 'cancel', pick: 'pick', item: 'item', requote: 'requote',
      waiting: 'waiting', transfer: 'transfer', callback: 'callback', queue: 'clients', redirect: 'redirect',
      'chat-pick': 'chatPick', 'client-edit': 'clientEdit',
    };
    // ctrl+c still reaches quit from any modal
    return [m[s.modal.kind]];
  }
  // a search being typed takes letters before the banner (as a field in a dialog does)
  if (s.listSearch?.typing && s.screen === 'list') return ['search'];
  // so does a chat reply or the chats' search
  if (s.screen === 'chats' && s.chats.composing && s.chats.front !== null) return ['compose'];
  if (s.screen === 'chats' && s.chats.searching) return ['chatSearch'];
  const out: Context[] = [];
  if (ringingCall(s)) out.push('banner');
  // W (every call waiting) after the call's own keys: the help bar shows what acts on the call first
  const queue: Context[] = waitingCalls(s).length ? ['queue'] : [];
  // a full screen (customers, call log) takes the keyboard itself; the desk keeps the banner
  if (onFullScreen(s)) return [...out, ...queue, s.screen as Context];
  if (s.screen === 'chats') return [...out, ...queue, 'chats', 'global'];
  const call = activeCall(s);
  if (call && consultOf(s, call)) out.push('consult');
  if (call) out.push('call');
  out.push(...queue);
  // while a call only rings the caller keys are there to say why they wait (A adds the caller once answered)
  if (activeCall(s) || ringingCall(s) || (s.screen === 'delivery' && s.delivery)) out.push('caller');
  if (s.screen === 'list') out.push(s.listView === 'scheduled' ? 'scheduled' : 'list');
  else out.push('card', s.pane);
  out.push('global');
  return out;
}

export type Resolved = { command: Command; disabled: string | null } | null;

/** Whether a full screen's command works in this pane or tab ('any': every one but an edit or a search being typed). */
export function worksIn(c: Command, where: string): boolean {
  return !!c.where && (c.where.includes(where) || (where !== 'editing' && where !== 'searching' && c.where.includes('any')));
}

/** A full screen's command for a key in one of its panes or tabs (`where`), or null. */
export function screenCommand(context: 'customers' | 'calls', where: string, key: string): Command | null {
  return keymap.find((c) => c.context === context && worksIn(c, where) && c.keys.includes(key)) ?? null;
}

/** Where the open full screen reads its keys now: its pane or tab, an edit or a search being typed. */
export function screenWhere(s: DeskState): string {
  if (s.screen === 'customers') return s.customersScreen ? customersWhere(s.customersScreen.ui) : 'list';
  return s.callsScreen ? callsWhere(s.callsScreen.ui) : 'summary';
}

/** The command a key triggers now (first match in priority order), and why it is disabled if it is. */
export function resolveKey(s: DeskState, key: string): Resolved {
  // a full screen with the keyboard reads its own commands, by pane or tab (^C still quits)
  const screen = fullScreenHasKeys(s) ? screenWhere(s) : null;
  for (const ctx of activeContexts(s)) {
    const cmd = screen !== null && (ctx === 'customers' || ctx === 'calls')
      ? screenCommand(ctx, screen, key)
      : keymap.find((c) => c.context === ctx && !c.where && c.keys.includes(key));
    if (cmd) return { command: cmd, disabled: cmd.disabledReason?.(s) ?? null };
  }
  if (key === 'ctrl+c') {
    const quit = keymap.find((c) => c.id === 'global.quit')!;
    return { command: quit, disabled: null };
  }
  return null;
}

/** The banner's answer keys that go at once (src/desk/event-line.ts `jumps`): the call they take is the one on the screen. */
const ANSWERS_AT_ONCE = new Set(['call.answer', 'call.answerNew']);

/**
 * A dispatcher's answer key for the banner's call (a, n), alone in its chunk and not refused: its
 * 200 OK must not wait behind a port's answer still out (a colleague's commit read again, the next
 * caller's lookup, a chat over HTTP). "t" (onto the open order) is not one: it depends on the
 * order the line may still be opening.
 */
export function answersAtOnce(s: DeskState, event: { type: string; key?: string; keys?: string[] }): boolean {
  const keys = event.type === 'key' && event.key !== undefined ? [event.key] : event.type === 'keys' ? event.keys ?? [] : [];
  if (keys.length !== 1) return false;
  const r = resolveKey(s, keys[0]!);
  return !!r && !r.disabled && ANSWERS_AT_ONCE.has(r.command.id);
}

/** What the help bar shows now: the active commands, enabled or not, with their reasons. */
export function visibleCommands(s: DeskState): { command: Command; disabled: string | null }[] {
  const seen = new Set<string>();
  const out: { command: Command; disabled: string | null }[] = [];
  for (const ctx of activeContexts(s)) {
    for (const c of keymap) {
      if (c.context !== ctx || c.quiet || c.where) continue;
      const fresh = c.keys.filter((k) => !seen.has(k));
      if (fresh.length === 0) continue; // shadowed by a higher-priority context
      fresh.forEach((k) => seen.add(k));
      out.push({ command: c, disabled: c.disabledReason?.(s) ?? null });
    }
  }
  return out;
}
