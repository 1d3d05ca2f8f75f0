/** The retention sweep on a real folder, on the injected clock (never the wall clock or the files' times). */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/temp-store.js';
import { NOON } from '../../test/helpers/clock.js';
import { recordingFileName } from '../domain/recording.js';
import { sweepRecordings } from './recordings.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('ringdesk-retention-')));
afterEach(() => cleanup());
const DAY = 24 * 3600 * 1000;

describe('recordings older than the retention period are deleted', () => {
  it('deletes the calls that started 30 days ago or more; keeps younger ones and files that are not recordings', () => {
    const old = recordingFileName('old-call', NOON - 31 * DAY);
    const edge = recordingFileName('edge-call', NOON - 30 * DAY);
    const young = recordingFileName('young-call', NOON - 29 * DAY);
    for (const f of [old, edge, young, 'notes.txt', 'old.wav']) fs.writeFileSync(path.join(dir, f), 'x');
    const swept = sweepRecordings(dir, 30, NOON);
    expect(swept).toEqual({ deleted: [edge, old].sort(), problems: [] });
    expect(fs.readdirSync(dir).sort()).toEqual(['notes.txt', 'old.wav', young].sort());
    // the young one goes when its 30 days are up, not a second before
    expect(sweepRecordings(dir, 30, NOON + DAY - 1000).deleted).toEqual([]);
    expect(sweepRecordings(dir, 30, NOON + DAY).deleted).toEqual([young]);
  });

  it('a folder not made yet is nothing to sweep; one that cannot be read is said with its path', () => {
    expect(sweepRecordings(path.join(dir, 'none'), 30, NOON)).toEqual({ deleted: [], problems: [] });
    const file = path.join(dir, 'a-file');
    fs.writeFileSync(file, '');
    expect(sweepRecordings(file, 30, NOON).problems).toEqual([`recordings folder ${file}: ENOTDIR`]);
  });
});
