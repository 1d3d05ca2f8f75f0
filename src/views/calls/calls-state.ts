/** The calls screen's own state as a pure reducer: a key in, the next state and what to do out. */
export type CallsTab = 'log' | 'summary' | 'missed';
export const callsTabs: CallsTab[] = ['log', 'summary', 'missed'];

export interface CallsUi { tab: CallsTab; cursor: number }
export const initialCallsUi: CallsUi = { tab: 'summary', cursor: 0 };

export type CallsIntent = { type: 'call-back'; index: number } | { type: 'refresh' } | { type: 'close' };

/** This screen's keys, for its help line. */
export const callsKeys: { keys: string; label: string; tab: CallsTab | 'any' }[] = [
  { keys: '1/2/3', label: 'log · summary · missed', tab: 'any' },
  { keys: '↑/↓', label: 'move', tab: 'any' },
  { keys: 'c', label: 'call back (marks it done)', tab: 'missed' },
  { keys: 'ctrl+r', label: 'refresh', tab: 'any' },
  { keys: 'esc', label: 'back', tab: 'any' },
];

export function reduceCallsKey(ui: CallsUi, key: string, rows: number): { ui: CallsUi; intents: CallsIntent[] } {
  const clamp = (n: number) => Math.max(0, Math.min(n, rows - 1));
  if (/^[123]$/.test(key)) return { ui: { tab: callsTabs[Number(key) - 1], cursor: 0 }, intents: [] };
  if (key === 'tab' || key === 'right' || key === 'left') {
    const i = callsTabs.indexOf(ui.tab) + (key === 'left' ? -1 : 1);
    return { ui: { tab: callsTabs[(i + callsTabs.length) % callsTabs.length], cursor: 0 }, intents: [] };
  }
  if (key === 'up' || key === 'down') return { ui: { ...ui, cursor: clamp(ui.cursor + (key === 'up' ? -1 : 1)) }, intents: [] };
  if (key === 'c' && ui.tab === 'missed' && rows > 0) return { ui, intents: [{ type: 'call-back', index: ui.cursor }] };
  if (key === 'ctrl+r') return { ui, intents: [{ type: 'refresh' }] };
  if (key === 'escape') return { ui, intents: [{ type: 'close' }] };
  return { ui, intents: [] };
}
