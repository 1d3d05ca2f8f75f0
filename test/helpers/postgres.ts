/**
 * A real PostgreSQL for the tests (issue 17): Debian's `postgresql` package, its binaries in
 * /usr/lib/postgresql/<n>/bin, a cluster made by initdb in a temporary data directory, listening
 * on 127.0.0.1 only, on a port found free when it starts, stopped by its postmaster's PID at the end.
 *
 * PostgreSQL refuses to run as root: as root (CI, .ci/run) the cluster belongs to the package's own
 * unprivileged `postgres` user and runs through `runuser`; as anyone else it runs as that user.
 *
 * Without the package the suites on PostgreSQL are skipped with a line saying why — except under
 * CI=true or RINGDESK_REQUIRE_POSTGRES=1 (.ci/run sets it, and installs the package), where a missing
 * or broken PostgreSQL fails the run.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'vitest';

export interface PostgresServer {
  /** postgres://ringdesk@127.0.0.1:<port>/<db> for a database on this server. */
  url(db: string): string;
  port: number;
  stop(): Promise<void>;
}

/** The newest PostgreSQL's binaries Debian installed, or null. */
export function postgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs.readdirSync(root).filter((v) => /^\d+$/.test(v) && fs.existsSync(path.join(root, v, 'bin', 'postgres')));
  versions.sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], 'bin') : null;
}

/** Why the PostgreSQL suites cannot run here, or null when they can. */
export function postgresMissing(): string | null {
  if (!postgresBin()) return 'PostgreSQL is not installed (apt-get install postgresql; .ci/run does)';
  if (process.getuid?.() === 0) {
    try {
      execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
    } catch {
      return 'running as root and there is no "postgres" user to run PostgreSQL as';
    }
  }
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Start a throwaway cluster; `stop()` ends it by PID and removes the data directory. */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBin();
  if (!bin) throw new Error(postgresMissing()!);
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) => (asRoot ? { cmd: 'runuser', args: ['-u', 'postgres', '--', cmd, ...args] } : { cmd, args });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringdesk-pg-'));
  const data = path.join(dir, 'data');
  fs.mkdirSync(data, { mode: 0o700 });
  if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  const init = run(path.join(bin, 'initdb'), ['-D', data, '-U', 'ringdesk', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '-N']);
  try {
    execFileSync(init.cmd, init.args, { stdio: 'pipe', cwd: dir });
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${String((e as { stderr?: Buffer }).stderr ?? e).trim()}`);
  }
  const port = await freePort();
  // a test cluster: no fsync (a crash loses a throwaway database), few connections, small memory
  const server = run(path.join(bin, 'postgres'), [
    '-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off',
    '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=60', '-c', 'shared_buffers=16MB',
  ]);
  let log = '';
  const child: ChildProcess = spawn(server.cmd, server.args, { stdio: ['ignore', 'ignore', 'pipe'], cwd: dir });
  child.stderr!.on('data', (b: Buffer) => { log = (log + b.toString()).slice(-4000); });
  const postmasterPid = (): number | null => {
    try {
      return Number(fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]) || null;
    } catch {
      return null;
    }
  };
  const ready = async () => {
    for (let i = 0; i < 200; i++) {
      if (child.exitCode !== null) throw new Error(`PostgreSQL did not start: ${log.trim()}`);
      if (/ready to accept connections/.test(log)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`PostgreSQL did not start within 10 s: ${log.trim()}`);
  };
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    // the postmaster itself (runuser's child when root): SIGINT = fast shutdown
    const pid = postmasterPid() ?? child.pid;
    if (pid && child.exitCode === null) {
      try { process.kill(pid, 'SIGINT'); } catch { /* gone already */ }
      for (let i = 0; i < 200 && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 25));
      if (child.exitCode === null && child.pid) try { process.kill(child.pid, 'SIGKILL'); } catch { /* gone */ }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await ready();
  } catch (e) {
    await stop();
    throw e;
  }
  return { port, url: (db) => `postgres://ringdesk@127.0.0.1:${port}/${db}`, stop };
}

/**
 * A describe block that needs PostgreSQL: skipped with its reason where the package is missing,
 * a failure under CI=true (CI must run both engines; .ci/run installs postgresql).
 */
export function postgresSuite(title: string, body: () => void): void {
  const missing = postgresMissing();
  const required = process.env.CI === 'true' || process.env.RINGDESK_REQUIRE_POSTGRES === '1';
  if (missing && !required) {
    describe.skip(`${title} (skipped: ${missing})`, body);
    return;
  }
  if (missing) {
    describe(title, () => {
      it('needs PostgreSQL under CI', () => {
        throw new Error(`CI runs every suite on PostgreSQL too, and cannot here: ${missing}`);
      });
    });
    return;
  }
  describe(title, body);
}
