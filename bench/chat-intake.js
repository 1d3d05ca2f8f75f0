/**
 * bench/chat-intake.js — the chat intake under load (issue 16). Prints JSON.
 *
 * The intake runs as the real service (`ringdesk intake --listen 127.0.0.1:0`, its own process,
 * from the bundle) on a fresh database file. --chats (default 200) web chats open at once over
 * real WebSockets, each sends --messages (default 10) messages, one every --interval-ms (default
 * 1000: 200 messages a second in all; 0 = every message of every chat at once); every
 * --drop-every'th chat (default 4) loses its connection half-way, before the acks, reconnects
 * with its token and sends again what was not acknowledged (as the widget does).
 *
 * Figures:
 * - none lost, none duplicated: every message acknowledged, and the store holds exactly
 *   chats × messages inbound messages, each text once;
 * - message in → seen by a desk: the time from the widget's send to the moment a desk's
 *   store-changed path (another connection's commit watch, then desk_changes, then the new
 *   messages read) holds it; p50/p99/max (goal p99 ≤ 100 ms; the screen's share is chatui's);
 * - the intake's RSS idle, at peak and after (from /proc).
 *
 *   npm run build && scripts/with-node node bench/chat-intake.js [--chats 200] [--messages 10] [--interval-ms 1000] [--drop-every 4]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { inboundWatch, numberArg, rssSampler, summary } from './lib.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
const { Store } = await import(path.join(root, 'dist', 'bundle', 'bench-kit.js'));
const at = () => performance.now();

const chats = numberArg('chats', 200);
const perChat = numberArg('messages', 10);
const dropEvery = numberArg('drop-every', 4);
const interval = numberArg('interval-ms', 1000);
/** Messages sent while their chat was disconnected (their time includes the reconnect): kept out of the latency figure. */
const resent = new Set();

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringdesk-chat-bench-'));
const file = path.join(dir, 'desk.db');
Store.open(file, { region: 'CZ', currency: 'CZK' }).close();

// the intake, as a site runs it
const intake = spawn(process.execPath, [path.join(root, 'bin', 'ringdesk.js'), 'intake', '--listen', '127.0.0.1:0', '--db', file, '--log-level', 'info'], {
  // 200 visitors from one loopback address, each faster than a person types: the widget's limits off (docs/operations.md "Chats")
  stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, RINGDESK_TELEGRAM_TOKEN: '', RINGDESK_CHAT_MESSAGES_PER_MINUTE: '0', RINGDESK_CHAT_ADDRESS_MESSAGES_PER_MINUTE: '0', RINGDESK_CHAT_CONNECTS_PER_MINUTE: '0' },
});
process.on('exit', () => intake.kill('SIGKILL'));
const url = await new Promise((resolve, reject) => {
  let out = '';
  intake.stdout.on('data', (d) => {
    out += d;
    const m = /widget at (http:\/\/[\d.]+:\d+)\/widget\.js/.exec(out);
    if (m) resolve(m[1]);
  });
  intake.once('exit', (code) => reject(new Error(`the intake stopped (${code}): ${out}`)));
  setTimeout(() => reject(new Error(`the intake did not start in 20 s: ${out}`)), 20_000).unref();
});
const wsUrl = url.replace('http:', 'ws:') + '/chat';
await new Promise((r) => setTimeout(r, 500));
const rss = rssSampler(intake.pid);

// a desk: its own connection, woken by commits, reading what desk_changes says is new
const desk = Store.open(file, { region: 'CZ', currency: 'CZK' });
const sentAt = new Map();
const { seenAt, look, stop: stopWatch } = inboundWatch(desk, at);

/**
 * One widget: hello, then a message every --interval-ms (the first at a random moment within
 * one interval, so 200 chats make a steady stream); after a drop it reconnects with its token
 * and sends again what was not acknowledged (as the widget does). --interval-ms 0: all at once.
 */
function chat(n) {
  return new Promise((resolve, reject) => {
    const texts = Array.from({ length: perChat }, (_, j) => `chat ${n} message ${j}`);
    const acked = new Set();
    let sent = 0;
    let token = null;
    let dropped = false;
    let ws = null;
    let timer = null;
    const sendNext = () => {
      timer = null;
      if (sent >= perChat) return;
      const j = sent++;
      sentAt.set(texts[j], at());
      if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ t: 'msg', id: `m${j}`, text: texts[j] }));
      else resent.add(texts[j]);
      // every --drop-every'th chat loses its connection half-way, before this message's ack
      if (!dropped && dropEvery > 0 && n % dropEvery === 0 && j === Math.floor(perChat / 2)) { dropped = true; ws.terminate(); }
      if (interval === 0) sendNext();
      else timer = setTimeout(sendNext, interval);
    };
    const open = () => {
      ws = new WebSocket(wsUrl);
      const me = ws;
      me.on('open', () => me.send(JSON.stringify({ t: 'hello', token, visitor: { name: `Visitor ${n}`, language: 'cs', browser: 'bench', os: 'Linux' } })));
      me.on('message', (d) => {
        const f = JSON.parse(String(d));
        if (f.t === 'welcome') {
          token = f.token;
          for (let j = 0; j < sent; j++) {
            if (acked.has(j)) continue;
            resent.add(texts[j]);
            me.send(JSON.stringify({ t: 'msg', id: `m${j}`, text: texts[j] }));
          }
          if (sent === 0 && !timer) timer = setTimeout(sendNext, interval === 0 ? 0 : Math.random() * interval);
        } else if (f.t === 'ack') {
          acked.add(Number(f.id.slice(1)));
          if (acked.size === perChat) { me.close(); resolve(); }
        } else if (f.t === 'error') reject(new Error(`chat ${n}: ${f.error}`));
      });
      me.on('close', () => { if (acked.size < perChat) setTimeout(open, 50); });
      me.on('error', () => {});
    };
    open();
  });
}

const started = at();
await Promise.all(Array.from({ length: chats }, (_, n) => chat(n)));
const allAcked = at() - started;
// the desk sees the last commits
const deadline = at() + 5000;
while (seenAt.size < chats * perChat && at() < deadline) { look(); await new Promise((r) => setTimeout(r, 20)); }
rss.stop();
const rssAfter = rss.now();

const stored = desk.conversations.recent(0, chats * perChat * 2).filter((m) => m.direction === 'in');
const byText = new Map();
for (const m of stored) byText.set(m.text, (byText.get(m.text) ?? 0) + 1);
const expected = chats * perChat;
const lost = [...sentAt.keys()].filter((t) => !byText.has(t)).length;
const duplicated = [...byText.values()].filter((c) => c > 1).length;
const latencies = [...seenAt.entries()].filter(([text]) => !resent.has(text)).map(([text, t]) => t - sentAt.get(text)).filter((x) => Number.isFinite(x));
const resentLatencies = [...seenAt.entries()].filter(([text]) => resent.has(text)).map(([text, t]) => t - sentAt.get(text));

stopWatch();
desk.close();
intake.kill('SIGTERM');
await new Promise((r) => intake.once('exit', r));
fs.rmSync(dir, { recursive: true, force: true });

console.log(JSON.stringify({
  bench: 'chat-intake',
  node: process.version,
  cpus: os.cpus().length,
  loadavg1: +os.loadavg()[0].toFixed(2),
  chats, messagesPerChat: perChat, intervalMs: interval, droppedAndReconnected: dropEvery > 0 ? Math.ceil(chats / dropEvery) : 0,
  messages: { sent: expected, stored: stored.length, lost, duplicated, conversations: new Set(stored.map((m) => m.conversationId)).size },
  allAcknowledgedMs: Math.round(allAcked),
  messageInToDeskMs: summary(latencies),
  afterReconnectToDeskMs: summary(resentLatencies),
  goalP99Ms: 100,
  intakeRssMb: { idle: +(rss.idle / 1024).toFixed(1), peak: +(rss.peak() / 1024).toFixed(1), after: +(rssAfter / 1024).toFixed(1) },
}, null, 2));
