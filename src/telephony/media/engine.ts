/**
 * The main thread's side of the media worker: one worker serves every open stream; it
 * starts with the first stream and stops when the last one closes (a console on a PBX keeps
 * it for the session: favourVoiceOverScreen). Requests get promises.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { MediaReply, MediaRequest } from './protocol.js';

type Pending = { resolve: (reply: MediaReply & { ok: true }) => void; reject: (err: Error) => void };
type WithoutRid<R> = R extends { rid: number } ? Omit<R, 'rid'> : never;
type Request = WithoutRid<MediaRequest>;
type Notice = Exclude<MediaRequest, { rid: number }>;

/**
 * A module hook (for `module.register`) that loads TypeScript sources: ".js" imports find their
 * ".ts" files, types stripped with the `typescript` dev dependency. For the worker run from
 * sources (vitest), and for tests that run a source module in a child process.
 */
export function typeScriptHooksUrl(): string {
  const hooks = `
    import { readFile } from 'node:fs/promises';
    import { existsSync } from 'node:fs';
    import { fileURLToPath } from 'node:url';
    import { createRequire } from 'node:module';
    let ts;
    export async function resolve(spec, ctx, next) {
      if (ctx.parentURL?.endsWith('.ts') && spec.startsWith('.') && spec.endsWith('.js')) {
        const url = new URL(spec.slice(0, -3) + '.ts', ctx.parentURL);
        if (existsSync(fileURLToPath(url))) return { url: url.href, shortCircuit: true };
      }
      return next(spec, ctx);
    }
    export async function load(url, ctx, next) {
      if (!url.endsWith('.ts')) return next(url, ctx);
      ts ??= createRequire(${JSON.stringify(import.meta.url)})('typescript');
      const text = await readFile(fileURLToPath(url), 'utf8');
      const options = { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 };
      return { format: 'module', source: ts.transpileModule(text, { compilerOptions: options }).outputText, shortCircuit: true };
    }`;
  return 'data:text/javascript,' + encodeURIComponent(hooks);
}

/**
 * Run from TypeScript sources (vitest), the worker loads through the hook above; built code
 * (dist/) starts worker.js directly.
 */
function workerEntry(): URL {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new URL('./worker.js', here);
  const boot = `import { register } from 'node:module';
    register(${JSON.stringify(typeScriptHooksUrl())});
    await import(${JSON.stringify(new URL('./worker.ts', here).href)});`;
  return new URL('data:text/javascript,' + encodeURIComponent(boot));
}

export class MediaEngine {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextRid = 1;
  private nextStreamId = 1;
  private streams = 0;
  private stoppedBecause: string | null = null;

  constructor(private readonly onStopped: (engine: MediaEngine) => void) {
    this.worker = new Worker(workerEntry());
    this.worker.on('message', (reply: MediaReply) => {
      const waiting = this.pending.get(reply.rid);
      if (!waiting) return;
      this.pending.delete(reply.rid);
      if (reply.ok) waiting.resolve(reply);
      else waiting.reject(new Error(reply.message));
    });
    this.worker.on('error', (err) => this.stop(`the media worker failed: ${err.message}`));
    this.worker.on('exit', (code) => this.stop(`the media worker stopped (exit code ${code})`));
  }

  /** Reserve a stream id; the worker stays up until every reserved stream is released. */
  reserveStream(): number {
    this.streams++;
    return this.nextStreamId++;
  }

  /** Give back a stream; the last one stops the worker. */
  async releaseStream(): Promise<void> {
    if (--this.streams > 0 || this.stoppedBecause) return;
    this.stop('all call audio streams are closed');
    await this.worker.terminate();
  }

  get alive(): boolean {
    return this.stoppedBecause === null;
  }

  request(req: Request): Promise<MediaReply & { ok: true }> {
    if (this.stoppedBecause) return Promise.reject(new Error(this.stoppedBecause));
    const rid = this.nextRid++;
    return new Promise((resolve, reject) => {
      this.pending.set(rid, { resolve, reject });
      this.worker.postMessage({ ...req, rid });
    });
  }

  notify(notice: Notice): void {
    if (!this.stoppedBecause) this.worker.postMessage(notice);
  }

  private stop(reason: string): void {
    if (this.stoppedBecause) return;
    this.stoppedBecause = reason;
    for (const waiting of this.pending.values()) waiting.reject(new Error(reason));
    this.pending.clear();
    this.onStopped(this);
  }
}

let current: MediaEngine | null = null;

/** The running media worker, started on first use. */
export function mediaEngine(): MediaEngine {
  if (!current || !current.alive) {
    current = new MediaEngine((stopped) => {
      if (current === stopped) current = null;
    });
  }
  return current;
}

/**
 * Voice before screen, for a console that takes calls: starts the media worker now and keeps
 * it for the whole session, then lowers the calling (main) thread's scheduling priority by
 * `niceness`. Linux keeps nice values per thread, so the worker — started before, at the
 * process's priority — keeps its own: when the CPUs are busy (a shared box, 2 cores), a
 * relayed packet no longer waits behind a frame being drawn. Where that cannot be done
 * (not Linux, or the OS refuses), nothing changes and the reason comes back.
 */
export function favourVoiceOverScreen(niceness = 2): { ok: true } | { ok: false; reason: string } {
  if (process.platform !== 'linux') return { ok: false, reason: `thread priorities are per process on ${process.platform}` };
  // a stream reserved and never given back: the worker stays up between calls
  mediaEngine().reserveStream();
  try {
    os.setPriority(0, Math.min(19, os.getPriority(0) + niceness));
    return { ok: true };
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
}

/**
 * The media worker thread's own CPU time so far in µs (user + system), for benches that weigh
 * what the calls cost the worker apart from the rest of the process. Null when no worker runs
 * or the Node has no per-thread CPU clock (before 23.9).
 */
export async function mediaWorkerCpuMicros(): Promise<number | null> {
  if (!current?.alive) return null;
  return (await current.request({ op: 'cpu' })).cpuMicros ?? null;
}
