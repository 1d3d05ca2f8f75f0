/**
 * Seeing colleagues' edits: poll PRAGMA data_version (it changes when another connection
 * commits) and call back when it moves, so consoles on one box agree within a second.
 */

/** Start watching; returns the function that stops it. */
export function watchDataVersion(read: () => number, onChange: (version: number) => void, intervalMs = 250): () => void {
  let last = read();
  const timer = setInterval(() => {
    let now: number;
    try {
      now = read();
    } catch {
      return; // the database is closing: the next tick (if any) tries again
    }
    if (now !== last) {
      last = now;
      onChange(now);
    }
  }, intervalMs);
  timer.unref?.();
  return () => clearInterval(timer);
}
