/**
 * Test harness: a real SipPhone against the test Kamailio, with an event log the test
 * can wait on (bounded) instead of sleeping. A bug the phone notices (an illegal
 * registration move) throws where it happens and fails the test that was running.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startKamailio, type Kamailio } from './kamailio.js';
import { SipPhone, type SipPhoneOptions } from '../../src/telephony/sip/sip-phone.js';
import type { PhoneEvent } from '../../src/telephony/phone.js';

export interface PhoneUnderTest {
  phone: SipPhone;
  events: PhoneEvent[];
  lines: string[];
  /** Resolves with the first event (from index `from`) matching; rejects after timeoutMs. */
  waitFor<T extends PhoneEvent['type']>(type: T, match?: (e: Extract<PhoneEvent, { type: T }>) => boolean, timeoutMs?: number, from?: number): Promise<Extract<PhoneEvent, { type: T }>>;
  count(type: PhoneEvent['type']): number;
}

const bugs: Error[] = [];
afterEach(() => {
  const found = bugs.splice(0);
  if (found.length) throw new Error(`the phone noticed ${found.length} bug(s): ${found.map((e) => e.message).join('; ')}`);
});

export function makePhone(o: Partial<SipPhoneOptions> & { wsPort: number; extension: string }): PhoneUnderTest {
  const lines: string[] = [];
  const phone = new SipPhone({
    url: `ws://127.0.0.1:${o.wsPort}`,
    domain: '127.0.0.1',
    login: o.extension,
    password: `secret${o.extension}`,
    keepAliveMs: 1000,
    deadLinkMs: 3000,
    reconnectMinMs: 200,
    reconnectMaxMs: 1000,
    rtpPortMin: 21000,
    rtpPortMax: 21799,
    log: (l) => lines.push(`${new Date().toISOString()} ${l}`),
    onBug: (e) => {
      bugs.push(e);
      throw e;
    },
    ...o,
  });
  const events: PhoneEvent[] = [];
  const waiters = new Set<() => void>();
  phone.on((e) => { events.push(e); for (const w of [...waiters]) w(); });
  return {
    phone, events, lines,
    count: (type) => events.filter((e) => e.type === type).length,
    waitFor(type, match, timeoutMs = 10_000, from = 0) {
      type E = Extract<PhoneEvent, { type: typeof type }>;
      const find = () => events.slice(from).find((e) => e.type === type && (!match || match(e as E))) as E | undefined;
      return new Promise((resolve, reject) => {
        const hit = find();
        if (hit) return resolve(hit);
        const check = () => { const h = find(); if (h) { done(); resolve(h); } };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no ${type} event within ${timeoutMs} ms; events: ${JSON.stringify(events.slice(-8))}\nlog tail:\n${lines.slice(-15).join('\n')}`));
        }, timeoutMs);
        const done = () => { clearTimeout(timer); waiters.delete(check); };
        waiters.add(check);
      });
    },
  };
}

/** A SipPhone started and registered on the test Kamailio; `started` collects it for the suite's afterAll to stop. */
export async function registeredPhone(started: PhoneUnderTest[], o: Partial<SipPhoneOptions> & { wsPort: number; extension: string }): Promise<PhoneUnderTest> {
  const t = makePhone(o);
  started.push(t);
  await t.phone.start();
  await t.waitFor('registration', (e) => e.state === 'registered');
  return t;
}

/**
 * A Kamailio for one test file (started before its tests, stopped after them with every phone
 * the tests started): the phones go in `started`, the file's scratch folder is `dir`, and with
 * `toneSeconds` a 440 Hz tone (8 kHz mono WAV made by sox) waits at `tone` for a phone to play.
 * KEEP_PBX_LOG keeps its folder (and prints it).
 */
export function kamailioForSuite(prefix: string, ports: { udpPort: number; wsPort: number; gateway?: string }, o: { toneSeconds?: number } = {}): { started: PhoneUnderTest[]; readonly dir: string; readonly tone: string } {
  const started: PhoneUnderTest[] = [];
  let dir = '';
  let kam: Kamailio | undefined;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    if (o.toneSeconds) {
      execFileSync('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', path.join(dir, 'tone.wav'), 'synth', String(o.toneSeconds), 'sine', '440', 'vol', '0.5']);
    }
    kam = await startKamailio({ dir, ...ports });
  });
  afterAll(async () => {
    for (const t of started) await t.phone.stop();
    await kam?.stop();
    if (!process.env.KEEP_PBX_LOG) fs.rmSync(dir, { recursive: true, force: true });
    else console.log(dir);
  });
  return {
    started,
    get dir() { return dir; },
    get tone() { return path.join(dir, 'tone.wav'); },
  };
}
