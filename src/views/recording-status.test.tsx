/**
 * A recorded call on the desk (issue 18), through the real runner over a real SQLite file, drawn
 * at 80x24: answering a call of a recorded group asks the phone to record and announce, keeps the
 * recording's file in the call's row, and the status line says "announcing recording…" until the
 * dispatcher is connected; a call of another group is answered as before.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempStore } from '../../test/helpers/temp-store.js';
import { deskConsole } from '../../test/helpers/desk-console.js';
import { NOON } from '../../test/helpers/clock.js';
import { seed, demoNumbers } from '../demo/seed.js';
import { recordingPlan } from '../files/recordings.js';
import { recordingFileName } from '../domain/recording.js';

let t: ReturnType<typeof tempStore>;
let desk: Awaited<ReturnType<typeof deskConsole>>;
beforeEach(() => {
  t = tempStore();
  seed(t.store, { now: NOON });
  t.store.groups.add('Brno', NOON);
  t.store.groups.add('Praha', NOON);
});
afterEach(() => {
  desk?.close();
  t.cleanup();
});

describe('recording on for a group', () => {
  it('records and announces the group\'s calls: the file in the call row, "announcing recording…" until connected', async () => {
    const folder = path.join(path.dirname(t.file), 'recordings');
    desk = await deskConsole(t.store, { now: NOON, runner: { recordCall: recordingPlan({ kind: 'groups', groups: ['brno'] }, folder, '/box/announcement.wav') } });
    desk.phone.ring(demoNumbers.newCaller, 'call-brno', { groupHeader: 'Brno' });
    await desk.until((f) => f.includes('for Brno') || f.includes('Brno'), 'the banner');
    desk.type('a');
    const file = path.join(folder, recordingFileName('call-brno', NOON));
    await desk.until((f) => f.includes('announcing recording…'), 'the status line while the caller hears the announcement');
    expect(desk.phone.actions).toContain(`answer call-brno recorded to ${file}`);
    desk.runner.flushWrites();
    const row = t.store.callReport.calls({ since: 0, until: Number.MAX_SAFE_INTEGER }).find((c) => c.callRef === 'call-brno')!;
    expect(t.store.callReport.recordingOf(row.id)).toEqual({ id: row.id, startedAt: NOON, file });
    desk.phone.announcementEnds('call-brno');
    const connected = await desk.until((f) => f.includes('● rec') && !f.includes('announcing'), 'recording, the dispatcher connected');
    expect(connected).toContain('on call');
  });

  it('a recorder that cannot make its file: "recording failed" on the status line for the rest of the call, the message line says why, the call goes on', async () => {
    desk = await deskConsole(t.store, { now: NOON, runner: { recordCall: recordingPlan({ kind: 'on' }, '/nowhere/recordings', '/box/announcement.wav') } });
    desk.phone.ring(demoNumbers.newCaller, 'call-unwritable', { groupHeader: 'Brno' });
    await desk.until((f) => f.includes('Brno'), 'the banner');
    desk.type('a');
    await desk.until((f) => f.includes('announcing recording…'), 'the announcement');
    // the worker could not create the file while the caller heard the announcement; then it ended
    desk.phone.recordingFails('call-unwritable', "cannot write the call's recording /nowhere/recordings/x.wav: EACCES");
    desk.phone.announcementEnds('call-unwritable');
    // (at 80 columns with a call the bar takes its short words: "rec failed")
    const frame = await desk.until((f) => /\brec(ording)? failed/.test(f) && !f.includes('announcing'), 'the failure on the status line');
    expect(frame).not.toContain('● rec');
    expect(frame).toMatch(/☎ (on call )?720 999 888 0:\d\d/); // still on the call
    expect(frame).toContain('Recording: not recorded:');
    expect(desk.phone.actions).not.toContain('hangup call-unwritable');
  });

  it('a call for another group is answered as before: not recorded, no announcement', async () => {
    desk = await deskConsole(t.store, { now: NOON, runner: { recordCall: recordingPlan({ kind: 'groups', groups: ['Brno'] }, '/nowhere') } });
    desk.phone.ring(demoNumbers.newCaller, 'call-praha', { groupHeader: 'Praha' });
    await desk.until((f) => f.includes('Praha'), 'the banner');
    desk.type('a');
    await desk.until((f) => f.includes('on call'), 'on the call');
    expect(desk.phone.actions).toContain('answer call-praha');
    desk.runner.flushWrites();
    const row = t.store.callReport.calls({ since: 0, until: Number.MAX_SAFE_INTEGER }).find((c) => c.callRef === 'call-praha')!;
    expect(t.store.callReport.recordingOf(row.id)?.file).toBe('');
    expect(desk.frame()).not.toMatch(/announcing|● rec/);
  });
});
