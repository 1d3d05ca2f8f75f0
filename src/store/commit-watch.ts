/**
 * Seeing commits without busy polling: every commit on a WAL database appends to its `-wal`
 * file, so a file watch (inotify) wakes this process only when someone wrote; `PRAGMA
 * data_version` then says whether it was another connection (a colleague, the relay, an
 * import) or this one. Where watching is impossible (no -wal file, a file system without
 * notifications) a slow poll of data_version stands in, and watching is tried again.
 */
import fs from 'node:fs';

/** What one commit (or a burst of them) was: another connection's, or only this connection's own. */
export type CommitListener = (byOthers: boolean) => void;

export interface CommitWatchOptions {
  /** The -wal file to watch (`<db>-wal`); null: poll only (an in-memory database). */
  walFile: string | null;
  /** `PRAGMA data_version` of this connection; throws when the database is closed. */
  dataVersion: () => number;
  onCommit: CommitListener;
  /** How often data_version is polled while the file cannot be watched (default 1000 ms). */
  fallbackPollMs?: number;
  /**
   * Looks again after a file event that showed no new version, until one shows it (default
   * 40, 120, 400, 1000, 2500 ms after the event): the writer's last write to the -wal file
   * wakes this watch before the writer publishes the commit in the shared index, and the
   * publishing itself wakes nothing. A writer that loses the CPU in between (50 consoles woken
   * at once on a 2-core box) publishes tens or hundreds of ms later.
   */
  recheckMs?: readonly number[];
  /** Tests: replace fs.watch (to make watching fail). */
  watch?: typeof fs.watch;
}

/** When to look again after a file event that showed no new version (ms after the event). */
export const RECHECK_MS: readonly number[] = [40, 120, 400, 1000, 2500];

/** Start watching; returns the function that stops it. Never throws after starting. */
export function watchCommits(o: CommitWatchOptions): () => void {
  const pollMs = o.fallbackPollMs ?? 1000;
  const recheckMs = o.recheckMs ?? RECHECK_MS;
  const watch = o.watch ?? fs.watch;
  let version = read() ?? 0;
  let watcher: fs.FSWatcher | null = null;
  let poll: NodeJS.Timeout | null = null;
  let recheck: NodeJS.Timeout | null = null;
  let untilSeen = false; // the running looks go on until a new version shows
  let queued = false;
  let stopped = false;

  function read(): number | null {
    try {
      return o.dataVersion();
    } catch {
      return null; // the database is closing
    }
  }

  /** Compare data_version; true when another connection committed since the last look. */
  function look(): boolean | null {
    const v = read();
    if (v === null) return null;
    if (v === version) return false;
    version = v;
    return true;
  }

  function tell(byOthers: boolean): void {
    try {
      o.onCommit(byOthers);
    } catch {
      // a listener's failure is its own; the watch goes on
    }
  }

  // a commit is several writes (several events): one look per turn of the event loop
  function onEvent(): void {
    if (queued || stopped) return;
    queued = true;
    setImmediate(() => {
      queued = false;
      if (stopped) return;
      const others = look();
      if (others === null) return;
      tell(others);
      // a look that showed a commit may have come between the next writer's last write and its
      // publishing (two commits in one wake): one more look. Nothing new yet: the commit is on
      // its way, look from now on until it shows.
      untilSeen = !others;
      if (recheck && !others) clearTimeout(recheck);
      else if (recheck) return;
      lookAgain(0);
    });
  }

  /** The `step`th look after an event; while `untilSeen`, the series goes on to the first new version. */
  function lookAgain(step: number): void {
    if (step >= recheckMs.length) return;
    const wait = recheckMs[step] - (step ? recheckMs[step - 1] : 0);
    recheck = setTimeout(() => {
      recheck = null;
      if (stopped) return;
      const others = look();
      if (others) tell(true);
      if (others === false && untilSeen) lookAgain(step + 1);
      else untilSeen = false;
    }, wait);
    recheck.unref();
  }

  function startWatching(): boolean {
    if (!o.walFile) return false;
    try {
      const w = watch(o.walFile, { persistent: false }, (kind) => {
        onEvent();
        // the file was removed or replaced (the last connection closed, a restore): watch anew
        if (kind === 'rename') fallBack();
      });
      w.on('error', () => fallBack());
      watcher = w;
      return true;
    } catch {
      return false;
    }
  }

  function fallBack(): void {
    watcher?.close();
    watcher = null;
    if (stopped || poll) return;
    poll = setInterval(() => {
      if (look()) tell(true);
      if (startWatching()) {
        clearInterval(poll!);
        poll = null;
        // what happened between the poll and the watch
        if (look()) tell(true);
      }
    }, pollMs);
    poll.unref();
  }

  if (!startWatching()) fallBack();

  return () => {
    stopped = true;
    watcher?.close();
    watcher = null;
    if (poll) clearInterval(poll);
    if (recheck) clearTimeout(recheck);
    poll = recheck = null;
  };
}
