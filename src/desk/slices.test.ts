/** The desk's keys by slice: every command of the keymap is handled in exactly one slice (reduce.ts joins them; the compiler checks that none is missing). */
import { chatKeys } from './chat-keys.js';
import { describe, expect, it } from 'vitest';
import { keymap } from './keymap.js';
import { deskKeys } from './desk-keys.js';
import { callKeys } from './call-keys.js';
import { callerKeys } from './caller-keys.js';
import { cardKeys } from './card-keys.js';
import { orderKeys } from './orders.js';
import { transferKeys } from './transfer-keys.js';
import { callbackKeys } from './callback-keys.js';
import { queueKeys } from './queue-keys.js';
import { presenceKeys } from './presence-keys.js';
import { customersScreenKeys } from './customers-screen.js';
import { callsScreenKeys } from './calls-screen.js';

const slices = { deskKeys, customersScreenKeys, callsScreenKeys, callKeys, callerKeys, cardKeys, orderKeys, transferKeys, callbackKeys, queueKeys, presenceKeys, chatKeys };

describe('desk slices', () => {
  it('each command of the keymap has one handler, in one slice (Enter on the menu adds through order-taking only)', () => {
    const owner = new Map<string, string[]>();
    for (const [slice, keys] of Object.entries(slices)) for (const id of Object.keys(keys)) owner.set(id, [...(owner.get(id) ?? []), slice]);
    for (const c of keymap) expect(owner.get(c.id), c.id).toHaveLength(1);
    expect([...owner.keys()].filter((id) => !keymap.some((c) => c.id === id))).toEqual([]);
    expect(owner.get('menu.add')).toEqual(['orderKeys']);
  });
});
