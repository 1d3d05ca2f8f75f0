/**
 * Routing a live call by an invitation code through a real Kamailio: sipp callers whose IVR
 * passed the code the caller typed in `X-Ringdesk-Code` (docs/pbx.md); one real SipPhone
 * registered as the desk's extension, heard by two desk runners on one real SQLite file (eva's
 * and bob's consoles, as a forked call rings both). While eva, the code's dispatcher, is there,
 * only her desk offers the call; while she is on a break or offline, the code's fallback group
 * (bob's) gets it.
 * The code is spent only when the call is answered (the set-up: test/pbx/routed-calls.ts). Ports 18200-18202 (this helper's), under the port lock.
 */
import { describe, expect, it } from 'vitest';
import { routedCallSuite } from '../pbx/routed-calls.js';
import { DeskRunner } from '../../src/desk/runner.js';
import { ringingCall } from '../../src/desk/state.js';
import { NOON } from '../helpers/clock.js';

const suite = routedCallSuite('ringdesk-code-route-', { udpPort: 18200, wsPort: 18201, sippPort: 18202, rtpBase: 21050 });

describe('a live call with an invitation code (X-Ringdesk-Code)', () => {
  it("rings for the code's dispatcher while she is available, for the code's fallback group while she is on a break or offline; a bad code rings for anyone", async () => {
    const { desk, store, cleanup, ring } = await suite.open();
    store.groups.add('Brno', NOON);
    store.groups.addMember('Brno', 'bob', NOON);
    const code = store.invitationCodes.create({ operator: 'eva', reusable: true, expiresAt: NOON + 3_600_000, fallback: 'Brno' }, NOON, () => 42_017);
    if (!code.ok) throw new Error(code.reason);
    const bells = { eva: 0, bob: 0 };
    const eva = new DeskRunner({ store, phone: desk.phone, operator: { id: null, name: 'eva', extension: '1001' }, now: () => NOON, bell: () => bells.eva++ });
    const bob = new DeskRunner({ store, phone: desk.phone, operator: { id: null, name: 'bob', extension: '1001' }, now: () => NOON, bell: () => bells.bob++ });
    eva.start();
    bob.start();
    try {
      const cases = [
        // the IVR in front passed the typed code in its own header: Kamailio's route[CODES] copies it
        { header: 'X-IVR-Code: 042 017', before: () => {}, offered: 'eva', reserved: 'eva' },
        // a caller on the line cannot wait out a break: the fallback, as when she is offline
        { header: 'X-Ringdesk-Code: 042017', before: () => eva.dispatch({ type: 'key', key: 'O' }) /* break */, offered: 'bob', reserved: 'group Brno' },
        { header: 'X-Ringdesk-Code: 042017', before: () => eva.dispatch({ type: 'key', key: 'O' }) /* offline */, offered: 'bob', reserved: 'group Brno' },
        { header: 'X-Ringdesk-Code: 999999', before: () => eva.dispatch({ type: 'key', key: 'O' }) /* available */, offered: 'both', reserved: null },
      ];
      for (const [n, c] of cases.entries()) {
        c.before();
        await eva.settled();
        const rang = { ...bells };
        const { incoming, over } = await ring('1001', c.header);
        await Promise.all([eva.settled(), bob.settled()]);
        expect(incoming.codeHeader, c.header).toBe(c.header.slice(c.header.indexOf(': ') + 2));
        const onEva = eva.state.calls.find((x) => x.id === incoming.callId);
        expect(onEva?.reservedFor ?? null, c.header).toEqual(c.reserved === null ? null : c.reserved.startsWith('group ') ? { groupId: expect.any(Number), group: 'Brno' } : { operator: c.reserved });
        expect(!!ringingCall(eva.state), `eva offered (case ${n + 1})`).toBe(c.offered === 'eva' || c.offered === 'both');
        expect(!!ringingCall(bob.state), `bob offered (case ${n + 1})`).toBe(c.offered === 'bob' || c.offered === 'both');
        expect(bells.eva - rang.eva).toBe(c.offered === 'eva' || c.offered === 'both' ? 1 : 0);
        expect(bells.bob - rang.bob).toBe(c.offered === 'bob' || c.offered === 'both' ? 1 : 0);
        // the queue item carries the code's owner, for every console
        const item = store.workItems.byRef('call', incoming.callId);
        expect(item?.entry.via).toBe(c.reserved === null ? 'number' : 'code');
        expect(await over()).toBe(0);
      }
      // nobody answered: the reusable code was never spent
      expect(store.invitationCodes.get(code.record.id)!.uses).toBe(0);
    } finally {
      eva.stop();
      bob.stop();
      eva.dispose();
      bob.dispose();
      cleanup();
    }
  }, 90_000);
});
