/**
 * The media worker thread: owns every call leg's UDP socket, paces all legs from one
 * timer against the monotonic clock (slot k of a leg is due at start + 20 ms * k, so
 * lateness never accumulates), and relays bridged legs as packets arrive.
 * Started by engine.ts; speaks the messages in protocol.ts.
 */
import { createSocket, type Socket, type SocketType } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { parentPort } from 'node:worker_threads';
import { openCallAudio } from './audio.js';
import { MediaLeg } from './leg.js';
import { readWavSamples } from './wav.js';
import type { MediaReply, MediaRequest } from './protocol.js';
import { CallTap } from './tap.js';
import { TAP_KINDS } from './tap-kinds.js';
import type { RtpStats } from './types.js';

const legs = new Map<number, MediaLeg>();
let timer: NodeJS.Timeout | null = null;
let timerDue = Infinity;
/** A slot this close to due is sent now: Node timers have millisecond granularity. */
const EARLY_MS = 1;
const MAX_SLOTS_PER_TICK = 10;

function runDueSlots(): void {
  timer = null;
  timerDue = Infinity;
  const now = performance.now();
  for (const leg of legs.values()) {
    for (let n = 0; leg.nextDue <= now + EARLY_MS && n < MAX_SLOTS_PER_TICK; n++) leg.tick(now);
  }
  schedule();
}

function schedule(): void {
  let due = Infinity;
  for (const leg of legs.values()) if (leg.nextDue < due) due = leg.nextDue;
  if (due >= timerDue) return;
  if (timer) clearTimeout(timer);
  timerDue = due;
  if (due === Infinity) {
    timer = null;
    return;
  }
  timer = setTimeout(runDueSlots, Math.max(0, due - performance.now()));
}

function bindOne(type: SocketType, address: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket({ type });
    socket.once('error', (err) => {
      try {
        socket.close();
      } catch {
        /* never bound */
      }
      reject(err);
    });
    socket.bind(port, address, () => {
      socket.removeAllListeners('error');
      resolve(socket);
    });
  });
}

/** Bind an even port (RTP convention) in [min, max], starting at a random one. */
async function bindInRange(address: string, min: number, max: number): Promise<{ socket: Socket; port: number }> {
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max > 65535 || min > max) {
    throw new Error(`RTP port range ${min}-${max} is not valid; use two ports between 1 and 65535, low first`);
  }
  const candidates: number[] = [];
  for (let p = min; p <= max; p++) if (p % 2 === 0) candidates.push(p);
  if (candidates.length === 0) candidates.push(min);
  const first = Math.floor(Math.random() * candidates.length);
  const type: SocketType = isIPv6(address) ? 'udp6' : 'udp4';
  for (let i = 0; i < candidates.length; i++) {
    const port = candidates[(first + i) % candidates.length];
    try {
      return { socket: await bindOne(type, address, port), port };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' || code === 'EACCES') continue;
      throw new Error(`cannot open an RTP port on ${address}: ${code ?? (err as Error).message}`);
    }
  }
  throw new Error(`no free UDP port for RTP in ${min}-${max} on ${address}`);
}

function legOf(streamId: number): MediaLeg {
  const leg = legs.get(streamId);
  if (!leg) throw new Error('this call audio stream is already closed');
  return leg;
}

/** The reply to a request, or null for a notice; failures are thrown and sent back as messages. */
async function handle(
  req: MediaRequest,
): Promise<{ ok: true; port?: number; stats?: RtpStats; result?: unknown; taps?: Record<string, unknown>; cpuMicros?: number | null } | null> {
  switch (req.op) {
    case 'open': {
      const { socket, port } = await bindInRange(req.localAddress, req.portMin, req.portMax);
      let leg: MediaLeg;
      try {
        const audio = await openCallAudio(req.audio);
        leg = new MediaLeg(socket, port, audio.source, audio.sink);
      } catch (err) {
        socket.close();
        throw err;
      }
      legs.set(req.streamId, leg);
      return { ok: true, port };
    }
    case 'start': {
      const leg = legs.get(req.streamId);
      if (!leg) return null;
      leg.start(req.remote, req.codec, req.payloadType, req.dtmfPayloadType, performance.now());
      schedule();
      return null;
    }
    case 'mute': {
      const leg = legs.get(req.streamId);
      if (leg) leg.muted = req.muted;
      return null;
    }
    case 'dtmf':
      legs.get(req.streamId)?.queueDigits(req.digits);
      return null;
    case 'stats':
      return { ok: true, stats: legOf(req.streamId).stats() };
    case 'close': {
      const leg = legs.get(req.streamId);
      if (!leg) return { ok: true };
      legs.delete(req.streamId);
      const taps = await leg.close();
      schedule();
      return { ok: true, taps };
    }
    case 'tap': {
      const leg = legOf(req.streamId);
      const make = Object.hasOwn(TAP_KINDS, req.kind) ? TAP_KINDS[req.kind] : undefined;
      if (!make) throw new Error(`call audio tap "${req.kind}" is not known; use ${Object.keys(TAP_KINDS).join(', ')}`);
      if (leg.tap?.has(req.kind)) throw new Error(`call audio tap "${req.kind}" is already on for this call`);
      const consumer = await make(req.options, performance.now());
      if (!legs.has(req.streamId)) throw new Error('this call audio stream is already closed');
      leg.tap ??= new CallTap();
      leg.tap.add(req.kind, consumer);
      return { ok: true };
    }
    case 'untap': {
      const leg = legOf(req.streamId);
      const tap = leg.tap;
      if (!tap?.has(req.kind)) throw new Error(`call audio tap "${req.kind}" is not on for this call`);
      const result = await tap.remove(req.kind, performance.now());
      if (tap.empty && leg.tap === tap) leg.tap = null;
      return { ok: true, result };
    }
    case 'announce': {
      // held at once, before the file is read: a 'start' right behind this finds the dispatcher not yet connected
      const leg = legOf(req.streamId);
      leg.holdForAnnouncement();
      let samples: Int16Array;
      try {
        samples = await readWavSamples(req.path);
      } catch (err) {
        leg.endAnnouncement();
        throw err;
      }
      await leg.playAnnouncement(samples);
      return { ok: true };
    }
    case 'bridge': {
      const a = legOf(req.a);
      const b = legOf(req.b);
      if (a === b) throw new Error('a call cannot be bridged to itself');
      if (a.peer === b) return { ok: true };
      if (a.peer || b.peer) throw new Error('one of these legs is already bridged to another call; unbridge it first');
      a.bridgeTo(b);
      b.bridgeTo(a);
      return { ok: true };
    }
    case 'cpu': {
      // this thread's own CPU (Node >= 23.9), not the process's: what the calls cost the worker
      const usage = process.threadCpuUsage?.();
      return { ok: true, cpuMicros: usage ? usage.user + usage.system : null };
    }
    case 'unbridge': {
      const a = legs.get(req.a);
      const b = legs.get(req.b);
      if (a && a.peer === b) a.bridgeTo(null);
      if (b && b.peer === a) b.bridgeTo(null);
      return { ok: true };
    }
  }
}

parentPort!.on('message', (req: MediaRequest) => {
  const rid = 'rid' in req ? req.rid : undefined;
  handle(req).then(
    (reply) => {
      if (rid !== undefined) parentPort!.postMessage({ rid, ...(reply ?? { ok: true }) } as MediaReply);
    },
    (err: Error) => {
      if (rid !== undefined) parentPort!.postMessage({ rid, ok: false, message: err.message } satisfies MediaReply);
    },
  );
});
