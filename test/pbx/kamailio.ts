/**
 * Test harness: start the repo's Kamailio (test/pbx/kamailio.cfg) in the foreground on
 * loopback, wait until it answers, ask it who is registered (kamcmd ul.dump over the
 * ctl socket) and stop it by its PID. The command line is shared with `npm run pbx`
 * (kamailio-args.js).
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { kamailioArgs, type KamailioArgsOptions } from './kamailio-args.js';

export { KAMAILIO_CFG, kamailioArgs } from './kamailio-args.js';

/** What the test PBX is started with (kamailio-args.d.ts); the run directory is created if missing. */
export type KamailioOptions = KamailioArgsOptions;

/** Debian's db_text table definitions (package kamailio): the presence server keeps its state in copies of them. */
const DBTEXT_TABLES = '/usr/share/kamailio/dbtext/kamailio';

/** Fresh db_text tables for the presence server in `<dir>/db`. */
function presenceTables(dir: string): void {
  const db = path.join(dir, 'db');
  fs.rmSync(db, { recursive: true, force: true });
  fs.mkdirSync(db, { recursive: true });
  for (const t of ['version', 'presentity', 'active_watchers', 'watchers', 'xcap', 'pua']) {
    fs.copyFileSync(path.join(DBTEXT_TABLES, t), path.join(db, t));
  }
}

export interface Kamailio {
  pid: number;
  log: string;
  ctl: string;
  stop(): Promise<void>;
  /** Resolves when `ext` has at least `count` contacts; rejects after `timeoutMs`. */
  waitRegistered(ext: string, count?: number, timeoutMs?: number): Promise<void>;
  /** Contacts registered for `ext` now. */
  contacts(ext: string): Promise<string[]>;
}

function kamcmd(ctl: string, ...cmd: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('kamcmd', ['-s', `unix:${ctl}`, ...cmd], { timeout: 3000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`kamcmd ${cmd.join(' ')}: ${stderr || err.message}`));
      else resolve(stdout);
    });
  });
}

/** Contacts per AoR from `ul.dump` output. */
export function parseUlDump(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let aor = '';
  for (const line of text.split('\n')) {
    const a = line.match(/^\s*AoR:\s*(\S+)/);
    if (a) { aor = a[1]; out.set(aor, []); continue; }
    const c = line.match(/^\s*Address:\s*(\S+)/);
    if (c && aor) out.get(aor)!.push(c[1]);
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startKamailio(o: KamailioOptions): Promise<Kamailio> {
  fs.mkdirSync(o.dir, { recursive: true });
  const ctl = path.join(o.dir, 'kamailio_ctl');
  const logFile = path.join(o.dir, 'kamailio.log');
  fs.rmSync(ctl, { force: true });
  if (o.presence) presenceTables(o.dir);
  const log = fs.openSync(logFile, 'a');
  const child: ChildProcess = spawn('kamailio', kamailioArgs(o), { stdio: ['ignore', log, log] });
  fs.closeSync(log);
  let exited: number | null = null;
  const exit = new Promise<void>((resolve) => child.once('exit', (code) => { exited = code ?? -1; resolve(); }));
  const pid = child.pid!;

  const contacts = async (ext: string) => parseUlDump(await kamcmd(ctl, 'ul.dump')).get(ext) ?? [];
  const stop = async () => {
    if (exited !== null) return;
    try { process.kill(pid, 'SIGTERM'); } catch { return; }
    const done = await Promise.race([exit.then(() => true), sleep(5000).then(() => false)]);
    if (!done) {
      try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
      await Promise.race([exit, sleep(2000)]);
    }
  };

  // Ready when the ctl socket answers.
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (exited !== null) throw new Error(`kamailio exited with ${exited}; see ${logFile}`);
    if (fs.existsSync(ctl)) {
      try { await kamcmd(ctl, 'core.uptime'); break; } catch { /* not yet */ }
    }
    if (Date.now() > deadline) { await stop(); throw new Error(`kamailio did not start in 10 s; see ${logFile}`); }
    await sleep(50);
  }

  return {
    pid, log: logFile, ctl, stop, contacts,
    async waitRegistered(ext, count = 1, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        if ((await contacts(ext)).length >= count) return;
        if (Date.now() > until) throw new Error(`extension ${ext} not registered (${count} contact(s)) within ${timeoutMs} ms`);
        await sleep(50);
      }
    },
  };
}
