/**
 * Desk-phone mode's bookkeeping between the CANCEL of the console's branch and the dialog
 * NOTIFYs, in every order they can come, on a manual clock: the call is answered at the
 * pick-up, ended at the NOTIFY that says it terminated, and never twice. (The whole path on
 * a real Kamailio: test/e2e/desk-phone-dialog.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../domain/clock.js';
import type { PhoneEvent } from '../phone.js';
import { NOON } from '../../../test/helpers/clock.js';
import { DESK_PHONE_HUNG_UP, DESK_PHONE_NOTE, DESK_PHONE_UNREPORTED, DeskPhoneCalls, type DeskPhoneCall } from './desk-phone.js';
import type { DialogInfo } from './dialog-info.js';

function setup() {
  const clock = manualClock(NOON);
  const events: PhoneEvent[] = [];
  const ringing = new Map<string, DeskPhoneCall>();
  const d = new DeskPhoneCalls({ fire: (e) => events.push(e), log: () => undefined, call: (id) => ringing.get(id) });
  const ring = (id: string): DeskPhoneCall => {
    const c: DeskPhoneCall = { id, direction: 'incoming', answered: false, ended: false };
    ringing.set(id, c);
    return c;
  };
  const notify = (state: DialogInfo['state'], ...dialogs: [string, DialogInfo['dialogs'][number]['state']][]) =>
    d.dialogs({ version: 1, state, entity: 'sip:1001@pbx', dialogs: dialogs.map(([callId, st]) => ({ id: `d-${callId}`, callId, direction: 'recipient', state: st, event: '' })) }, clock());
  return { clock, events, d, ring, notify, ringing };
}

describe('DeskPhoneCalls', () => {
  it('watched: answered at the CANCEL, kept through the branch\'s end, ended at the NOTIFY "terminated" with its arrival time', () => {
    const { clock, events, d, ring, notify } = setup();
    d.status({ state: 'watching' }, clock());
    const c = ring('call-1');
    clock.advance(400);
    d.pickedUp(c, clock());
    expect(d.keeps(c)).toBe(true); // the 487 of the console's branch ends nothing
    clock.advance(65_000);
    notify('partial', ['call-1', 'terminated']);
    expect(events).toEqual([
      { type: 'answered', callId: 'call-1', at: NOON + 400, where: 'desk-phone' },
      { type: 'ended', callId: 'call-1', reason: 'local-hangup', detail: DESK_PHONE_HUNG_UP, at: NOON + 65_400 },
    ]);
    notify('partial', ['call-1', 'terminated']); // a repeated NOTIFY ends nothing twice
    expect(events).toHaveLength(2);
  });

  it('watched: the NOTIFY "confirmed" before the CANCEL is the pick-up; the CANCEL after it answers nothing again', () => {
    const { clock, events, d, ring, notify } = setup();
    d.status({ state: 'watching' }, clock());
    const c = ring('call-2');
    clock.advance(300);
    notify('partial', ['call-2', 'early']);
    clock.advance(200);
    notify('partial', ['call-2', 'confirmed']);
    clock.advance(20);
    d.pickedUp(c, clock());
    clock.advance(10_000);
    notify('full'); // a full state without the call: it is over
    expect(events).toEqual([
      { type: 'answered', callId: 'call-2', at: NOON + 500, where: 'desk-phone' },
      { type: 'ended', callId: 'call-2', reason: 'local-hangup', detail: DESK_PHONE_HUNG_UP, at: NOON + 10_520 },
    ]);
  });

  it('not watched (the PBX has no dialog package): the pick-up is the record\'s end, as before, and the desk is told once', () => {
    const { clock, events, d, ring } = setup();
    d.status({ state: 'unsupported', reason: 'the PBX answered 489 Bad Event to SUBSCRIBE dialog' }, clock());
    d.status({ state: 'unsupported', reason: 'the PBX answered 489 Bad Event to SUBSCRIBE dialog' }, clock());
    const c = ring('call-3');
    d.pickedUp(c, clock());
    expect(d.keeps(c)).toBe(false);
    expect(c).toMatchObject({ answered: true, reason: 'local-hangup', detail: DESK_PHONE_NOTE });
    expect(events).toEqual([
      { type: 'desk-phone', watching: false, reason: 'the PBX answered 489 Bad Event to SUBSCRIBE dialog' },
      { type: 'answered', callId: 'call-3', at: NOON, where: 'desk-phone' },
    ]);
  });

  it('a call held on the desk phone when the watch becomes impossible, or the phone stops, ends then, said so', () => {
    const { clock, events, d, ring } = setup();
    d.status({ state: 'watching' }, clock());
    d.pickedUp(ring('call-4'), clock());
    clock.advance(30_000);
    d.status({ state: 'unsupported', reason: 'the PBX answered 489 Bad Event to SUBSCRIBE dialog' }, clock());
    expect(events.filter((e) => e.type === 'ended')).toEqual([{ type: 'ended', callId: 'call-4', reason: 'local-hangup', detail: DESK_PHONE_UNREPORTED, at: NOON + 30_000 }]);

    const other = setup();
    other.d.status({ state: 'watching' }, other.clock());
    other.d.pickedUp(other.ring('call-5'), other.clock());
    other.clock.advance(5000);
    other.d.endAll(other.clock());
    expect(other.events.at(-1)).toEqual({ type: 'ended', callId: 'call-5', reason: 'local-hangup', detail: DESK_PHONE_UNREPORTED, at: NOON + 5000 });
  });

  it('NOTIFYs about calls that never rang here, or that the caller gave up on, change nothing', () => {
    const { clock, events, d, ring, notify } = setup();
    d.status({ state: 'watching' }, clock());
    notify('partial', ['elsewhere', 'confirmed'], ['elsewhere', 'terminated']);
    ring('call-6');
    notify('partial', ['call-6', 'terminated']); // the caller hung up while it rang: the CANCEL says so
    expect(events).toEqual([]);
  });
});
