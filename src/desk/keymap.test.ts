import { describe, expect, it } from 'vitest';
import { keymap, resolveKey, visibleCommands, activeContexts } from './keymap.js';
import { initialState, type DeskState } from './state.js';
import { normalisePhone } from '../domain/phone-number.js';

const base = (): DeskState => ({ ...initialState({ operator: 'alice', extension: '101', currency: 'CZK', region: 'CZ', now: 0 }), registration: { state: 'registered' } });

describe('keymap table', () => {
  it('every command has a key and a label, and ids are unique', () => {
    const ids = new Set<string>();
    for (const c of keymap) {
      expect(c.keys.length, c.id).toBeGreaterThan(0);
      expect(c.label.trim(), c.id).not.toBe('');
      expect(ids.has(c.id), c.id).toBe(false);
      ids.add(c.id);
    }
  });
  it('no key is bound twice in one context (a full screen: in one of its panes or tabs)', () => {
    const seen = new Map<string, string>();
    const wheres = (c: (typeof keymap)[number]) => {
      if (!c.where) return [''];
      // "any" covers every pane but the editing and searching states, which take keys alone
      const panes = c.context === 'customers' ? ['list', 'history', 'details'] : ['log', 'summary', 'missed'];
      return c.where.flatMap((w) => (w === 'any' ? panes : [w]));
    };
    for (const c of keymap) for (const k of c.keys) for (const w of wheres(c)) {
      const slot = `${c.context}:${w}:${k}`;
      expect(seen.get(slot), `${slot} bound to ${seen.get(slot)} and ${c.id}`).toBeUndefined();
      seen.set(slot, c.id);
    }
  });
  it('banner keys never collide with keys that work at the same time on the card or list', () => {
    const banner = keymap.filter((c) => c.context === 'banner').flatMap((c) => c.keys);
    const below = keymap.filter((c) => ['call', 'caller', 'list', 'card', 'address', 'items', 'customers', 'calls', 'global'].includes(c.context)).flatMap((c) => c.keys);
    expect(banner.filter((k) => below.includes(k))).toEqual([]);
  });
  it('a modal takes keys first; then the banner; then the pane; then global', () => {
    const s = base();
    expect(activeContexts(s)).toEqual(['list', 'global']);
    const ringing: DeskState = { ...s, calls: [{ id: 'c', direction: 'incoming', remote: '1', number: normalisePhone('777123456', 'CZ'), phase: 'ringing', muted: false, startedAt: 0, answeredAt: null, lookup: null, hidden: false, answerMode: 'route', spam: false }] };
    expect(activeContexts(ringing)).toEqual(['banner', 'queue', 'caller', 'list', 'global']); // the caller keys say they wait for the answer
    expect(resolveKey(ringing, 'A')?.disabled).toMatch(/^answer the call first/);
    expect(resolveKey(ringing, 'a')?.command.id).toBe('call.answer');
    const withModal: DeskState = { ...ringing, modal: { kind: 'edit', field: 'street', label: 'Street', value: '' } };
    expect(resolveKey(withModal, 'a')).toBeNull(); // typing "a" into a field never answers
    expect(resolveKey(withModal, 'ctrl+c')?.command.id).toBe('global.quit');
  });
  it('disabled commands say why', () => {
    const s = { ...base(), registration: { state: 'offline' as const } };
    const hit = resolveKey({ ...s, openOrders: [{ id: 1, number: 'D-1', status: 'sent', customerName: '', phone: '+420 777 123 456', address: '', promisedAt: null, total: 0, driverName: '', updatedAt: 0 }] }, 'c');
    expect(hit?.disabled).toBe('not connected to the PBX (offline)');
    expect(visibleCommands(s).find((c) => c.command.id === 'list.open')?.disabled).toBe('no open orders');
  });
});
