import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from './index.js';
import { tempStore } from '../../test/helpers/temp-store.js';
import { NOON } from '../../test/helpers/clock.js';

const MIN = 60_000;
let t: ReturnType<typeof tempStore>;
let store: Store;
beforeEach(() => { t = tempStore(); store = t.store; });
afterEach(() => t.cleanup());

function ring(ref: string, run: string, at: number, answeredAt?: number) {
  const number = `602 999 ${String(100 + ref.length + ref.charCodeAt(0)).slice(-3)}`;
  store.calls.started({ callRef: ref, direction: 'incoming', remote: number, remoteKey: `+420${number.replace(/ /g, '')}`, operatorId: null, extension: '101', startedAt: at, console: run });
  if (answeredAt !== undefined) store.calls.markAnswered(ref, answeredAt);
}
const row = (ref: string) => store.callReport.calls({ since: 0, until: Number.MAX_SAFE_INTEGER }).find((c) => c.callRef === ref)!;

describe('console runs: no call left ringing by a console that stopped', () => {
  it("the operator's next start closes the calls the earlier run left open, at its last sign of life", () => {
    store.consoles.begin('run-1', 'alice', NOON);
    ring('a', 'run-1', NOON + MIN);
    ring('b', 'run-1', NOON + 2 * MIN, NOON + 3 * MIN);
    store.consoles.alive('run-1', NOON + 5 * MIN); // the last heartbeat before the crash
    store.consoles.begin('run-2', 'alice', NOON + 20 * MIN);
    expect(store.consoles.closeOrphanedCalls('run-2', 'alice', NOON + 20 * MIN, 30_000)).toBe(2);
    // rang until the console went silent: unanswered (a missed call), not ringing for ever
    expect(row('a')).toMatchObject({ outcome: 'unanswered', endedAt: NOON + 5 * MIN });
    // answered and never hung up: still answered, ended when the console was last alive
    expect(row('b')).toMatchObject({ outcome: 'answered', answeredAt: NOON + 3 * MIN, endedAt: NOON + 5 * MIN });
    expect(store.callReport.missedCallers({ since: 0 }, NOON + 20 * MIN).map((m) => m.verdict)).toEqual(['missed']);
  });

  it("a colleague's console that is alive keeps its ringing call; one silent for too long or stopped does not", () => {
    store.consoles.begin('bob-live', 'bob', NOON);
    store.consoles.begin('carol-dead', 'carol', NOON);
    store.consoles.begin('dave-quit', 'dave', NOON);
    ring('live', 'bob-live', NOON + MIN);
    ring('dead', 'carol-dead', NOON + MIN);
    ring('quit', 'dave-quit', NOON + MIN);
    store.consoles.alive('bob-live', NOON + 10 * MIN);
    store.consoles.alive('carol-dead', NOON + 2 * MIN);
    store.consoles.stop('dave-quit', NOON + 3 * MIN);
    store.consoles.begin('alice', 'alice', NOON + 10 * MIN);
    expect(store.consoles.closeOrphanedCalls('alice', 'alice', NOON + 10 * MIN, 30_000)).toBe(2);
    expect(row('live')).toMatchObject({ outcome: 'ringing', endedAt: null });
    expect(row('dead')).toMatchObject({ outcome: 'unanswered', endedAt: NOON + 2 * MIN });
    expect(row('quit')).toMatchObject({ outcome: 'unanswered', endedAt: NOON + 3 * MIN });
  });

  it('a row from before console runs were recorded: unanswered once stale, its end left unknown', () => {
    ring('old', '', NOON);
    ring('fresh', '', NOON + 9 * MIN);
    store.consoles.closeOrphanedCalls('me', 'alice', NOON + 10 * MIN, 5 * MIN);
    expect(row('old')).toMatchObject({ outcome: 'unanswered', endedAt: null });
    expect(row('fresh')).toMatchObject({ outcome: 'ringing' });
  });

  it('an ended call is never touched', () => {
    store.consoles.begin('run-1', 'alice', NOON);
    ring('done', 'run-1', NOON);
    store.calls.markEnded('done', NOON + MIN, 'missed');
    store.consoles.closeOrphanedCalls('run-2', 'alice', NOON + 10 * MIN, 30_000);
    expect(row('done')).toMatchObject({ outcome: 'missed', endedAt: NOON + MIN });
  });
});
