/**
 * The e-mail outbox against a real SMTP server on loopback (npm smtp-server; what arrived read
 * with mailparser): content, the sealed password, an outage and the recovery (nothing lost,
 * nothing twice), a server that never greets (short timeouts), a refusal for good.
 */
import fs from 'node:fs';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { tempStore } from '../../test/helpers/temp-store.js';
import { startSmtp, type TestSmtp } from '../../test/helpers/smtp-server.js';
import { NOON } from '../../test/helpers/clock.js';
import { classifyMailError, startMailRelay } from './mail-relay.js';
import { offlineMail } from '../domain/offline-message.js';
import type { Relay } from '../pos/relay.js';
import type { Store } from '../store/index.js';
import { until } from '../../test/helpers/until.js';

const PASSWORD = 'smtp-Pa55-word-9f3e';
let cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

function setup(smtp: string, clock: { t: number }, timeoutMs = 2000): { store: Store; file: string; relay: () => Relay; logs: string[] } {
  const t = tempStore();
  cleanups.push(t.cleanup);
  const logs: string[] = [];
  const relay = () => {
    const r = startMailRelay({
      store: t.store.ports, owner: 'test-relay', settings: { smtp, from: 'desk@ringdesk.test', timeoutMs },
      now: () => clock.t, random: () => 0, pollMs: 20, log: (l) => logs.push(l),
    });
    cleanups.push(() => r.stop());
    return r;
  };
  return { store: t.store, file: t.file, relay, logs };
}

function queueOffline(store: Store, itemId: number, name: string, at: number): number {
  const m = offlineMail({
    kind: 'callback', itemId, name, phone: '+420 777 123 456', text: 'Please call about the order for Friday.\nThanks.',
    group: 'Brno', entry: 'web https://pizza.example/contact', arrivedAt: at, dueAt: at + 3_600_000,
  }, 'Europe/Prague');
  return store.mailOutbox.enqueue({ kind: 'offline-message', itemId, to: 'shift@pizza.example', ...m }, at);
}

describe('the e-mail outbox over real SMTP', () => {
  it('sends what was queued, logged in with the sealed password; the message says who, when and what', async () => {
    const server = await startSmtp({ user: 'desk', pass: PASSWORD });
    cleanups.push(() => server.close());
    const clock = { t: NOON };
    const { store, file, relay, logs } = setup(`smtp://desk@127.0.0.1:${server.port}`, clock);
    expect(store.secrets.set('smtp password', PASSWORD, NOON)).toEqual({ ok: true });
    const id = queueOffline(store, 17, 'Jana Nováková', NOON);
    relay();
    await until('the message', () => server.received.length === 1);
    const m = server.received[0];
    expect(m.subject).toBe('Offline callback request #17: Jana Nováková, +420 777 123 456');
    expect(m.from?.text).toBe('desk@ringdesk.test');
    expect((m.to as { text: string }).text).toBe('shift@pizza.example');
    expect(m.text).toContain('A callback request arrived at Mon 23 Nov 2026 12:00 (Europe/Prague) while no operator of Brno was available.');
    expect(m.text).toContain('Call at:  Mon 23 Nov 2026 13:00');
    expect(m.text).toContain('Please call about the order for Friday.\nThanks.');
    expect(m.messageId).toBe(store.mailOutbox.get(id)!.messageId);
    await until('sent', () => store.mailOutbox.get(id)!.state === 'sent');
    expect(store.mailOutbox.get(id)!.sentAt).toBe(NOON);
    expect(server.logins).toEqual([{ user: 'desk', ok: true }]);
    // the password is nowhere in clear: not in the database file, its WAL, nor the log
    for (const f of [file, `${file}-wal`]) {
      if (fs.existsSync(f)) expect(fs.readFileSync(f).includes(PASSWORD)).toBe(false);
    }
    expect(logs.join('\n')).not.toContain(PASSWORD);
  });

  it('an SMTP outage: messages wait with the reason, then all go once the server is back, none twice', async () => {
    let server: TestSmtp = await startSmtp();
    const port = server.port;
    const clock = { t: NOON };
    const { store, relay } = setup(`smtp://127.0.0.1:${port}`, clock);
    relay();
    const before = [1, 2, 3].map((i) => queueOffline(store, i, `Before ${i}`, NOON));
    await until('three sent', () => before.every((id) => store.mailOutbox.get(id)!.state === 'sent'));
    const firstServer = server.received.map((m) => m.subject);
    await server.close();

    const during = [4, 5, 6].map((i) => queueOffline(store, i, `During ${i}`, clock.t));
    await until('each tried and put back', () => during.every((id) => store.mailOutbox.get(id)!.attempts >= 1 && store.mailOutbox.get(id)!.state === 'queued'));
    const waiting = store.mailOutbox.get(during[0])!;
    expect(waiting.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(waiting.nextAttemptAt).toBe(NOON + 1000); // the first back-off step (2 s, half of it jitter at random 0)
    expect(store.mailOutbox.counts()).toEqual({ queued: 3, sending: 0, sent: 3, failed: 0 });

    server = await startSmtp({ port });
    cleanups.push(() => server.close());
    clock.t += 60_000;
    await until('the rest sent', () => during.every((id) => store.mailOutbox.get(id)!.state === 'sent'));
    await new Promise((r) => setTimeout(r, 200)); // nothing more comes
    const all = [...firstServer, ...server.received.map((m) => m.subject)];
    expect(all.sort()).toEqual([1, 2, 3, 4, 5, 6].map((i) => `Offline callback request #${i}: ${i <= 3 ? 'Before' : 'During'} ${i}, +420 777 123 456`).sort());
    expect(new Set(server.received.map((m) => m.messageId)).size).toBe(3);
    expect(store.mailOutbox.counts()).toEqual({ queued: 0, sending: 0, sent: 6, failed: 0 });
  });

  it('a server that never greets costs the timeout, not minutes; the message waits for the next try', async () => {
    const silent = net.createServer(() => { /* accepts, says nothing */ });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    cleanups.push(() => new Promise((r) => { silent.close(() => r(undefined)); }));
    const port = (silent.address() as net.AddressInfo).port;
    const clock = { t: NOON };
    const { store, relay } = setup(`smtp://127.0.0.1:${port}`, clock, 600);
    const id = queueOffline(store, 9, 'Slow', NOON);
    const started = performance.now();
    relay();
    await until('the try timed out', () => store.mailOutbox.get(id)!.attempts === 1 && store.mailOutbox.get(id)!.state === 'queued', 5000);
    expect(performance.now() - started).toBeLessThan(4000);
    expect(store.mailOutbox.get(id)!.lastError).toMatch(/greeting|timeout/i);
  });

  it('a mailbox the server refuses for good is failed with the reason and stays listed until resent', async () => {
    const server = await startSmtp({ refuseRcpt: /^nobody@/ });
    cleanups.push(() => server.close());
    const clock = { t: NOON };
    const { store, relay } = setup(`smtp://127.0.0.1:${server.port}`, clock);
    const id = store.mailOutbox.enqueue({ kind: 'offline-message', to: 'nobody@pizza.example', subject: 'x', body: 'y' }, NOON);
    relay();
    await until('failed', () => store.mailOutbox.get(id)!.state === 'failed');
    expect(store.mailOutbox.get(id)!.lastError).toMatch(/^refused by the SMTP server: .*550/);
    expect(store.mailOutbox.list(10, 'failed').map((r) => r.id)).toEqual([id]);
    expect(store.mailOutbox.resend(id, NOON + 1)).toMatchObject({ ok: true, row: { state: 'queued', attempts: 0 } });
    expect(store.mailOutbox.resend(id, NOON + 2)).toEqual({ ok: false, reason: `e-mail #${id} is queued, not failed; nothing to resend` });
  });

  it('a wrong login keeps the message waiting (the setting is wrong, not the message)', () => {
    expect(classifyMailError(Object.assign(new Error('Invalid login: 535 Authentication failed'), { code: 'EAUTH', responseCode: 535 })).kind).toBe('retry');
    expect(classifyMailError(Object.assign(new Error('Message failed: 554 spam'), { code: 'EMESSAGE', responseCode: 554 })).kind).toBe('refused');
    expect(classifyMailError(Object.assign(new Error('Greeting never received'), { code: 'ETIMEDOUT' })).kind).toBe('retry');
  });
});
