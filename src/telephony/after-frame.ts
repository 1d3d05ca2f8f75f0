/**
 * "Once the screen has drawn": the console calls `drawn()` each time Ink has written a frame
 * (Ink's `onRender`), and the phone asks `after(run)` to run something behind the next one:
 * `--auto-answer 0` sends its 200 OK only once the banner is on the screen, as a dispatcher's
 * key would. If no frame comes within `fallbackMs` (nothing changed on the screen), it runs
 * anyway.
 */
export class AfterFrame {
  private waiting: (() => void)[] = [];
  private fallback: NodeJS.Timeout | null = null;

  constructor(private readonly fallbackMs = 50) {}

  /** Run `run` after the next frame is written. */
  after = (run: () => void): void => {
    this.waiting.push(run);
    this.fallback ??= setTimeout(this.drawn, this.fallbackMs);
  };

  /** A frame has just been written. */
  drawn = (): void => {
    if (this.fallback) clearTimeout(this.fallback);
    this.fallback = null;
    const due = this.waiting;
    if (!due.length) return;
    this.waiting = [];
    for (const run of due) run();
  };
}
