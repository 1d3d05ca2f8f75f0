import { describe, expect, it } from 'vitest';
import { canMoveItem, checkNewItem, entryLabel, formatWait, finalStates, mayTake, moveItem, workItemStates } from './work-item.js';

describe('work item', () => {
  it('moves only along the table: waiting -> offered -> accepted -> done, redirected waits again, final states stay', () => {
    expect(canMoveItem('waiting', 'offered') && canMoveItem('offered', 'accepted') && canMoveItem('accepted', 'done')).toBe(true);
    expect(canMoveItem('accepted', 'redirected') && canMoveItem('redirected', 'accepted') && canMoveItem('offered', 'waiting')).toBe(true);
    expect(canMoveItem('waiting', 'done')).toBe(false);
    expect(canMoveItem('accepted', 'accepted')).toBe(false);
    expect(canMoveItem('accepted', 'abandoned')).toBe(false);
    for (const f of finalStates) for (const s of workItemStates) expect(canMoveItem(f, s)).toBe(false);
    expect(() => moveItem('done', 'waiting')).toThrow('work item cannot go from done to waiting');
  });

  it('checks a new item: text cleaned, phone through the one normaliser, bad kinds and entries named', () => {
    const r = checkNewItem({ kind: 'chat', entry: { via: 'code', value: '123456' }, name: ' Eva\x1b]0;x\x07 ', phone: '00420 777 123 456' }, 'CZ');
    expect(r).toMatchObject({ ok: true, item: { name: 'Eva', phoneKey: '+420777123456', entry: { via: 'code', value: '123456' }, owner: { to: 'anyone' } } });
    expect(checkNewItem({ kind: 'fax' as never, entry: { via: 'number', value: '' } }, 'CZ')).toMatchObject({ ok: false, reason: expect.stringMatching(/kind "fax"/) });
    expect(checkNewItem({ kind: 'call', entry: { via: 'pigeon' as never, value: '' } }, 'CZ')).toMatchObject({ ok: false, reason: expect.stringMatching(/entry/) });
  });

  it('who may take it and how its entry reads', () => {
    expect(mayTake({ owner: { to: 'anyone' } }, 'jana', [])).toBe(true);
    expect(mayTake({ owner: { to: 'group', groupId: 2, group: 'Brno' } }, 'jana', [1])).toBe(false);
    expect(mayTake({ owner: { to: 'operator', operator: 'jana' } }, 'jana', [])).toBe(true);
    expect([formatWait(42_000), formatWait(185_000), formatWait(3_720_000)]).toEqual(['42s', '3m 05s', '1h 02m']);
    expect(entryLabel({ via: 'web', value: 'https://pizza.example/menu' })).toBe('pizza.example/menu');
    expect(entryLabel({ via: 'ivr', value: '2' })).toBe('IVR 2');
  });
});
