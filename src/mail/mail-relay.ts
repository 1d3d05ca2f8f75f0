/**
 * The mail relay: drains the e-mail outbox (src/store/mail-outbox.ts) through nodemailer over
 * SMTP. It runs beside the POS relay wherever that runs — the relay service (`ringdesk relay`,
 * one per box), or a console standing in while none is alive (src/pos/relay-standby.ts) — and
 * takes each row with a lease, so one message has one sender across processes.
 *
 * nodemailer keeps nothing itself and its own timeouts are minutes long; here they are short
 * (config smtpTimeoutMs) and a message the server did not take is tried again, backing off like
 * the POS hand-off (src/pos/backoff.ts, capped at 30 s). A refusal for good (5xx to the envelope
 * or the data) or a day of trying marks the row failed with the reason: listed, never dropped.
 */
import os from 'node:os';
import nodemailer, { type Transporter } from 'nodemailer';
import type { ClaimedMail, StorePorts } from '../store/ports.js';
import type { Config } from '../config/config.js';
import type { LogLine } from '../files/log-file.js';
import { retryDelay } from '../pos/backoff.js';
import { maskUrlPasswords } from '../domain/secret-url.js';
import type { Relay } from '../pos/relay.js';
import { startOutboxPump } from '../pos/outbox-pump.js';

/** How long a message is retried before it is marked failed (it stays listed; `ringdesk mail resend`). */
export const MAIL_GIVE_UP_MS = 24 * 3_600_000;

export interface MailSettings {
  /** smtp://[user@]host[:port] or smtps://…; '' = no server: messages wait in the outbox, listed. */
  smtp: string;
  from: string;
  timeoutMs: number;
}

export function mailSettingsOf(config: Pick<Config, 'smtp' | 'mailFrom' | 'smtpTimeoutMs'>): MailSettings {
  return { smtp: config.smtp, from: config.mailFrom || `ringdesk@${os.hostname()}`, timeoutMs: config.smtpTimeoutMs };
}

export interface MailRelayOptions {
  /** The store's ports (src/store/ports.ts): any engine. */
  store: StorePorts;
  owner: string;
  settings: MailSettings;
  now?: () => number;
  log?: LogLine;
  /** First retry delay, doubling with jitter up to maxDelayMs (≤ 30 s). Default 2 s. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How often an idle relay looks for due messages. Default 1 s. */
  pollMs?: number;
  random?: () => number;
  /** Called after a message's state changed (a console refreshes what it shows). */
  onChange?: () => void;
}

/** What became of one attempt. */
type Attempt = { kind: 'sent' } | { kind: 'retry'; reason: string } | { kind: 'refused'; reason: string };

/** nodemailer's error → retry or refused for good (a 5xx answer to this message; never a connection problem). */
export function classifyMailError(e: unknown): Attempt {
  const err = e as { code?: string; responseCode?: number; message?: string };
  const reason = maskUrlPasswords(String(err.message ?? e)).replace(/\s+/g, ' ').slice(0, 300);
  // a wrong login is the box's setting, not this message: keep it waiting until the setting is fixed
  if (err.code === 'EAUTH') return { kind: 'retry', reason: `the SMTP server refused the login: ${reason}` };
  if (typeof err.responseCode === 'number' && err.responseCode >= 500 && err.responseCode < 600
    && (err.code === 'EENVELOPE' || err.code === 'EMESSAGE')) return { kind: 'refused', reason };
  return { kind: 'retry', reason };
}

export function startMailRelay(o: MailRelayOptions): Relay {
  const { store, owner, settings } = o;
  const now = o.now ?? Date.now;
  const log = o.log ?? (() => {});
  const policy = { baseDelayMs: o.baseDelayMs ?? 2_000, maxDelayMs: o.maxDelayMs ?? 30_000 };
  // a send outlasts connect + greeting + a few commands; the lease outlasts the send
  const leaseMs = settings.timeoutMs * 4 + 5_000;
  let stopping = false;
  let transport: Transporter | null = null;
  let transportFor = '';

  async function transporter(): Promise<Transporter | { reason: string }> {
    const pass = await store.secrets.reveal('smtp password');
    if (!pass.ok) return { reason: pass.reason };
    const signature = `${settings.smtp}\n${pass.value}`;
    if (transport && transportFor === signature) return transport;
    transport?.close();
    const url = new URL(settings.smtp);
    const user = decodeURIComponent(url.username);
    transport = nodemailer.createTransport({
      host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
      secure: url.protocol === 'smtps:',
      auth: user ? { user, pass: pass.value } : undefined,
      connectionTimeout: settings.timeoutMs,
      greetingTimeout: settings.timeoutMs,
      socketTimeout: settings.timeoutMs,
      dnsTimeout: settings.timeoutMs,
      logger: false,
      debug: false,
    });
    transportFor = signature;
    return transport;
  }

  async function attempt(row: ClaimedMail): Promise<Attempt> {
    const t = await transporter();
    if ('reason' in t) return { kind: 'retry', reason: t.reason };
    try {
      await t.sendMail({
        from: settings.from, to: row.to, subject: row.subject, text: row.body, messageId: row.messageId,
        date: new Date(row.createdAt), headers: { 'X-Ringdesk-Outbox-Id': String(row.id) },
      });
      return { kind: 'sent' };
    } catch (e) {
      return classifyMailError(e);
    }
  }

  async function deliver(row: ClaimedMail): Promise<void> {
    const label = `e-mail #${row.id} (attempt ${row.attempts})`;
    const outcome = await attempt(row);
    const at = now();
    if (outcome.kind === 'sent') {
      await store.mailOutbox.markSent(row.id, at);
      log(`${label} sent to ${row.to}`);
    } else if (outcome.kind === 'refused') {
      await store.mailOutbox.markFailed(row.id, owner, `refused by the SMTP server: ${outcome.reason}`);
      log(`${label} failed: refused by the SMTP server: ${outcome.reason}`, 'warn');
    } else if (at - row.createdAt >= MAIL_GIVE_UP_MS) {
      await store.mailOutbox.markFailed(row.id, owner, `not sent in 24 h after ${row.attempts} attempts: ${outcome.reason}`);
      log(`${label} failed: not sent in 24 h: ${outcome.reason}`, 'warn');
    } else {
      const wait = retryDelay(row.attempts, policy, undefined, o.random);
      await store.mailOutbox.retryLater(row.id, owner, at + wait, outcome.reason);
      log(`${label}: ${outcome.reason}; again in ${Math.round(wait / 100) / 10} s`, row.attempts === 1 ? 'warn' : 'info');
    }
    try {
      o.onChange?.();
    } catch (e) {
      log(`mail relay: ${(e as Error).message}`, 'error');
    }
  }

  if (!settings.smtp) log('no SMTP server set (config "smtp"): offline messages wait in the e-mail outbox', 'warn');
  // one message at a time: offline messages are few, and a server that is down is asked once per turn
  const pump = startOutboxPump<ClaimedMail>({
    name: 'mail relay',
    concurrency: 1,
    pollMs: o.pollMs ?? 1_000,
    unref: true,
    log,
    claim: async () => {
      const at = now();
      if (!settings.smtp || !(await store.mailOutbox.hasDue(at))) return [];
      return store.mailOutbox.claimDue(owner, leaseMs, 1, at);
    },
    deliver,
    failed: (_row, e) => log(`mail relay: ${e.message}`, 'warn'),
  });
  return {
    owner,
    kick: pump.wake,
    wake: pump.wake,
    async stop() {
      if (stopping) return;
      stopping = true;
      // a message on the wire finishes (the timeouts are short) or its lease runs out for the next relay
      await pump.stop();
      transport?.close();
      transport = null;
    },
  };
}

/** Several relays (the POS one and the mail one) as one: woken and stopped together. */
export function relays(...all: Relay[]): Relay {
  return {
    owner: all[0].owner,
    kick: () => { for (const r of all) r.kick(); },
    wake: () => { for (const r of all) r.wake(); },
    async stop() { await Promise.all(all.map((r) => r.stop())); },
  };
}
