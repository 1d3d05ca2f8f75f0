/** Driving a real terminal: tmux runs the console, send-keys types, capture-pane reads the screen. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { until } from '../helpers/until.js';

/**
 * The CLI of checkout `repo` as a shell command on the Node the tests run on (process.execPath),
 * never a bare `node`, which would be whatever a shell's PATH finds first.
 */
export function ringdeskCommand(repo: string): string {
  return `'${process.execPath}' '${path.join(repo, 'bin', 'ringdesk.js')}'`;
}

export class Tmux {
  readonly session: string;
  constructor(name: string, readonly columns = 100, readonly rows = 30) {
    this.session = `${name}-${process.pid}-${Math.floor(Math.random() * 1e6)}`;
  }
  /**
   * CI=true is always set, as CI machines set it: Ink then draws only the last frame unless
   * its output is a terminal (scripts/is-in-ci.js), and these runs prove the console draws.
   * PATH is the test's own, so the console runs on the Node the tests run on (scripts/with-node)
   * even when a tmux server started elsewhere holds another environment.
   */
  start(command: string, env: Record<string, string> = {}): void {
    const envArgs = Object.entries({ CI: 'true', PATH: process.env.PATH ?? '', ...env }).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    execFileSync('tmux', ['new-session', '-d', '-s', this.session, '-x', String(this.columns), '-y', String(this.rows), ...envArgs, command]);
    execFileSync('tmux', ['set-option', '-t', this.session, 'remain-on-exit', 'on']);
  }
  /** Keys as tmux names them: "a", "Enter", "Down", "Escape", "C-c"; `literal` sends text as typed. */
  keys(...keys: string[]): void {
    execFileSync('tmux', ['send-keys', '-t', this.session, ...keys]);
  }
  type(text: string): void {
    execFileSync('tmux', ['send-keys', '-t', this.session, '-l', text]);
  }
  screen(): string {
    return execFileSync('tmux', ['capture-pane', '-p', '-t', this.session], { encoding: 'utf8' });
  }
  panePid(): number {
    return Number(execFileSync('tmux', ['display-message', '-p', '-t', this.session, '#{pane_pid}'], { encoding: 'utf8' }).trim());
  }
  paneDead(): boolean {
    return execFileSync('tmux', ['display-message', '-p', '-t', this.session, '#{pane_dead}'], { encoding: 'utf8' }).trim() === '1';
  }
  /** Poll the screen until `ok`, at most `ms`; throws with the last screen. */
  waitFor(ok: (screen: string) => boolean, ms = 15000, what = 'screen'): Promise<string> {
    return until(what, () => { const s = this.screen(); return ok(s) ? s : null; }, ms, { every: 100, shown: () => this.screen() });
  }
  async waitText(text: string, ms = 15000): Promise<string> {
    return this.waitFor((s) => s.includes(text), ms, `"${text}"`);
  }
  kill(): void {
    try {
      execFileSync('tmux', ['kill-session', '-t', this.session], { stdio: 'ignore' });
    } catch {
      /* already gone */
    }
  }
}

/**
 * The README's demo order on an answered demo call (order D-005 open): Korunní 15, two Margherita
 * pizzas with the required crust, the Karlín outlet chosen, sent. Returns the screen that says
 * it is queued.
 */
export async function takeDemoOrder(t: Tmux): Promise<string> {
  t.keys('Enter');
  await t.waitText('Street:');
  t.type('Korunní');
  t.keys('Enter', 'Down', 'Enter');
  await t.waitText('House:');
  t.type('15');
  t.keys('Enter');
  t.keys('m');
  await t.waitText('Menu search');
  t.type('marg');
  await t.waitText('Margherita pizza');
  t.keys('Enter');
  // issue 7: the crust is a required choice; the zone (Vinohrady, by the street) adds its fee
  await t.waitText('Crust (exactly 1)');
  t.keys('Space', 'Enter');
  await t.waitText('Total 238.00 CZK');
  t.keys('+');
  await t.waitText('Total 427.00 CZK');
  t.keys('o');
  await t.waitText('Pizzeria Karlín');
  t.keys('Enter');
  // the zone's hours depend on when the test runs: x overrides OutsideHours if it applies (else it says there is nothing to override)
  t.keys('x');
  t.keys('s');
  // the number read to the caller stays D-005 (issue 12: it became V-001 once the street resolved a zone)
  return t.waitText('Order D-005 queued for Pizzeria Vinohrady', 20_000);
}

/**
 * A dispatcher's console in its own terminal: `operator` on database `db`, with HOME `home` (its
 * own config and log); the kill goes into `cleanups`.
 */
export function consoleInTmux(o: { repo: string; name: string; db: string; operator: string; home: string; cleanups: (() => void)[] }): Tmux {
  const t = new Tmux(o.name);
  o.cleanups.push(() => t.kill());
  t.start(`cd ${o.repo} && exec ${ringdeskCommand(o.repo)} console --db ${o.db} --operator ${o.operator}`, { HOME: o.home });
  return t;
}

/** What a failed wait shows: these consoles' screens, one after the other. */
export function screensOf(consoles: Tmux[]): () => string {
  return () => consoles.map((t) => t.screen()).join('\n');
}
