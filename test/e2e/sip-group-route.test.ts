/**
 * Routing a call to a group through a real Kamailio (test/pbx/kamailio.cfg `route[GROUPS]`):
 * sipp callers with the headers an IVR or a PBX adds; a real SipPhone registered as the desk's
 * extension under a real desk runner on a real SQLite file: the desk shows each call for its
 * group and the call log keeps it (the set-up: test/pbx/routed-calls.ts). Ports 18220-18222 (this issue's), under the port lock.
 */
import { describe, expect, it } from 'vitest';
import { routedCallSuite } from '../pbx/routed-calls.js';
import { DeskRunner } from '../../src/desk/runner.js';
import { routeEntry } from '../../src/domain/group-route.js';
import { NOON } from '../helpers/clock.js';

const suite = routedCallSuite('ringdesk-group-route-', { udpPort: 18220, wsPort: 18221, sippPort: 18222, rtpBase: 21030 });

describe('a call routed to a group by the PBX', () => {
  it('the header naming a group, the group of the number dialled, an IVR digit: each call is on the desk for its group', async () => {
    const { desk, store, cleanup, ring } = await suite.open();
    for (const g of ['brno', 'praha', 'Karlín']) store.groups.add(g, NOON);
    store.groupRoutes.set(routeEntry('ivr', '2', 'CZ')!, 'Karlín', NOON);
    const runner = new DeskRunner({ store, phone: desk.phone, operator: { id: null, name: 'alice', extension: '1001' }, now: () => NOON });
    runner.start();
    try {
      const cases = [
        { service: '1001', header: 'X-Ringdesk-Group: brno', group: 'brno', called: '1001' },
        { service: '2702', header: 'Subject: a call to the praha line', group: 'praha', called: '2702' },
        { service: '2709', header: 'X-IVR-Digit: 2', group: 'Karlín', called: '2709' },
      ];
      for (const c of cases) {
        const { incoming, over } = await ring(c.service, c.header);
        await runner.settled();
        expect(incoming.called).toBe(c.called);
        const call = runner.state.calls.find((x) => x.id === incoming.callId);
        expect(call?.group, `call to ${c.service} with "${c.header}"`).toBe(c.group);
        expect(await over()).toBe(0);
      }
      await runner.settled();
      runner.flushWrites(true);
      const logged = store.callReport.calls({ since: 0, until: Number.MAX_SAFE_INTEGER }).reverse();
      expect(logged.map((x) => [x.group, x.outcome])).toEqual([['brno', 'missed'], ['praha', 'missed'], ['Karlín', 'missed']]);
    } finally {
      runner.stop();
      runner.dispose();
      cleanup();
    }
  }, 60_000);
});
