/**
 * The desk's one line of events, for the runner (src/desk/runner.ts): each event is reduced in its
 * turn and its effects carried out in order; whatever an effect awaits (a port's answer) is awaited
 * in place, so the next event — a key typed meanwhile, the phone's next news — is reduced only
 * after the effects before it have answered. An effect's answers go before anything that came from
 * outside meanwhile, as if it had answered at once. Nothing is lost, nothing overtakes — except
 * the dispatcher's answer key (`jumps`), which never waits for a port: its 200 OK leaves at once.
 */
import type { DeskEvent, Effect } from './events.js';

/** An event, or events whose facts must be read first (a call's lookup), in their place in the line. */
export type Job = DeskEvent | (() => Promise<DeskEvent[]>);

export interface EventLineSteps {
  /** Reduce one event into the desk's state; the effects it asks for. */
  reduce: (event: DeskEvent) => readonly Effect[];
  /** Carry out one effect; a Promise when it waits for a port. */
  execute: (e: Effect) => Promise<void> | void;
  /** Tell the listeners of the state now (called once the line is through, or while a port keeps it waiting). */
  tell: () => void;
  /**
   * An event from outside that goes at once while the line waits for a port, instead of behind
   * the port's answer: the dispatcher's answer key (the 200 OK never waits for a database or an
   * HTTP answer). It is reduced on the state as drawn, its effects carried out, the listeners told.
   */
  jumps?: (event: DeskEvent) => boolean;
}

export class EventLine {
  /** What came from outside (keys, the phone, the clock, colleagues' commits), in order of arrival. */
  private jobs: Job[] = [];
  /** What the effects answered, in order: each goes before the next job from outside. */
  private answers: Job[] = [];
  private busy = false;
  /** The line being worked through while it awaits a port (null when it ran through at once). */
  private draining: Promise<void> | null = null;
  /** The line is parked on a port's answer (nothing of it runs until that comes). */
  private waiting = false;

  constructor(private steps: EventLineSteps) {}

  /**
   * Join the line. `answer`: an effect's answer, reduced before anything that came from outside
   * meanwhile. A line that awaits nothing runs through before this returns.
   */
  push(job: Job, answer = false): void {
    if (this.waiting && !answer && typeof job !== 'function' && this.steps.jumps?.(job)) return this.atOnce(job);
    (answer ? this.answers : this.jobs).push(job);
    if (this.busy) return;
    this.busy = true;
    const running = this.drain();
    if (this.busy) this.draining = running;
  }

  /** Resolves once every event so far has been reduced and its effects have answered. */
  async settled(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    try {
      while (this.answers.length || this.jobs.length) {
        const job = (this.answers.length ? this.answers : this.jobs).shift()!;
        const events = typeof job === 'function' ? await this.facts(job) : [job];
        for (const event of events) {
          for (const e of this.steps.reduce(event)) {
            const pending = this.steps.execute(e);
            if (pending) await this.awaiting(pending);
          }
        }
      }
    } finally {
      this.busy = false;
      this.draining = null;
    }
    this.steps.tell();
  }

  /**
   * An event that does not wait for the port the line is parked on: reduced and carried out now,
   * the listeners told (the 200 OK first, then the frame). Should one of its effects await a port
   * after all, that wait goes first among the answers, before the line takes anything else.
   */
  private atOnce(event: DeskEvent): void {
    const waits: Job[] = [];
    for (const e of this.steps.reduce(event)) {
      const pending = this.steps.execute(e);
      if (pending) waits.push(async () => { await pending; return []; });
    }
    this.answers.unshift(...waits);
    this.steps.tell();
  }

  /** A job's events once its facts are read; a store failure is shown to the dispatcher, the line goes on. */
  private async facts(job: () => Promise<DeskEvent[]>): Promise<DeskEvent[]> {
    try {
      return await this.awaiting(job());
    } catch (err) {
      return [{ type: 'error', text: `database: ${(err as Error).message}` }];
    }
  }

  /**
   * Await a port's answer. SQLite's comes in the same turn: the listeners hear once, at the end.
   * An engine that answers later lets what is already reduced (a key typed) be drawn meanwhile.
   */
  private async awaiting<T>(pending: Promise<T>): Promise<T> {
    const early = setImmediate(() => this.steps.tell());
    this.waiting = true;
    try {
      return await pending;
    } finally {
      this.waiting = false;
      clearImmediate(early);
    }
  }
}
