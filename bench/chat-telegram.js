/**
 * bench/chat-telegram.js — Telegram messages through the intake to a desk (issue 16). Prints JSON.
 *
 * The intake runs as the real service (`ringdesk intake`, its own process, from the bundle) with
 * its Telegram poller on (RINGDESK_TELEGRAM_TOKEN set, `--telegram-api` at a fake Bot API here on
 * loopback, port 0), on a fresh database file. --users (default 200) Telegram users each write
 * --messages (default 10) text messages, one every --interval-ms (default 1000; the first at a
 * random moment within one interval: 200 messages a second in all, arriving at random times).
 * A message "arrives at Telegram" when its moment comes: the fake queues it and, when the
 * intake's getUpdates is held open, answers it at once with everything queued (as the Bot API's
 * long polling does); otherwise the next getUpdates takes it.
 *
 * Figures:
 * - none lost, none duplicated: every update confirmed (a getUpdates' offset moved past it) and
 *   the store holds exactly users × messages inbound messages, each text once;
 * - poll answered → seen by a desk: from the moment the fake wrote the getUpdates answer that
 *   carried the message to the moment a desk's store-changed path (chat-intake.js's: another
 *   connection's commit watch, then desk_changes, then the new messages read) holds it;
 *   p50/p99/max (goal p99 ≤ 100 ms; the screen's share is chat-screen.js's);
 * - arrived → seen: the same from the message's arrival at the fake (also the wait for the
 *   poller's next getUpdates while it stores the previous answer);
 * - the answers: how many getUpdates, updates per answer, and the intake's RSS.
 *
 * The fake Bot API is this file's own (test/helpers/telegram-fake.ts speaks the same protocol but
 * is TypeScript, which Node 22.12 does not run without a flag, and does not say when an answer
 * went out).
 *
 *   npm run build && scripts/with-node node bench/chat-telegram.js [--users 200] [--messages 10] [--interval-ms 1000]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inboundWatch, numberArg, rssSampler, summary } from './lib.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
const { Store } = await import(path.join(root, 'dist', 'bundle', 'bench-kit.js'));
const at = () => performance.now();

const users = numberArg('users', 200);
const perUser = numberArg('messages', 10);
const interval = numberArg('interval-ms', 1000);
const expected = users * perUser;
const TOKEN = '123456:bench-token';

// ---- the fake Bot API: getMe, deleteWebhook, getUpdates (long polling), sendMessage ----
const botUser = { id: 5000, is_bot: true, first_name: 'Pizza Desk', username: 'pizza_desk_bot', can_join_groups: false, can_read_all_group_messages: false, supports_inline_queries: false, can_connect_to_business: false, has_main_web_app: false };
/** Updates not yet confirmed, in update_id order. */
const queue = [];
/** text → when it arrived at the fake / when an answer first carried it. */
const arrivedAt = new Map();
const answeredAt = new Map();
let nextUpdate = 1;
let nextMessageId = 1;
let pending = null; // the held getUpdates: { offset, answer }
let highestOffset = 0;
const answers = { getUpdates: 0, withUpdates: 0, updates: 0, redelivered: 0, maxPerAnswer: 0 };
const sockets = new Set();

const answerPoll = (res, offset) => {
  const give = queue.filter((u) => u.update_id >= offset);
  const t = at();
  answers.getUpdates++;
  if (give.length) {
    answers.withUpdates++;
    answers.updates += give.length;
    answers.maxPerAnswer = Math.max(answers.maxPerAnswer, give.length);
    for (const u of give) {
      if (answeredAt.has(u.message.text)) answers.redelivered++;
      else answeredAt.set(u.message.text, t);
    }
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ ok: true, result: give }));
};

const api = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    const fail = (code, description) => { res.writeHead(code, { 'content-type': 'application/json' }); res.end(JSON.stringify({ ok: false, error_code: code, description })); };
    if (!m) return fail(404, 'Not Found');
    if (m[1] !== TOKEN) return fail(401, 'Unauthorized');
    let body = {};
    try { body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {}; } catch { return fail(400, 'Bad Request: the body is not JSON'); }
    const ok = (result) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(JSON.stringify({ ok: true, result })); };
    switch (m[2]) {
      case 'getMe': return ok(botUser);
      case 'deleteWebhook': return ok(true);
      case 'getUpdates': {
        const offset = Number(body.offset ?? 0);
        highestOffset = Math.max(highestOffset, offset);
        while (queue.length && queue[0].update_id < offset) queue.shift();
        if (queue.length) return answerPoll(res, offset);
        // held until an update arrives or the timeout passes (at most 50 s, as Telegram)
        const timer = setTimeout(() => { if (pending?.res === res) { pending = null; answerPoll(res, offset); } }, Math.min(Number(body.timeout ?? 0), 50) * 1000);
        pending = { res, offset, timer };
        res.once('close', () => { clearTimeout(timer); if (pending?.res === res) pending = null; });
        return;
      }
      case 'sendMessage': return ok({ message_id: nextMessageId++, date: Math.floor(Date.now() / 1000), chat: { id: Number(body.chat_id), type: 'private' }, from: botUser, text: String(body.text) });
      default: return fail(404, `Not Found: method ${m[2]}`);
    }
  });
});
api.on('connection', (s) => { sockets.add(s); s.once('close', () => sockets.delete(s)); });
await new Promise((r) => api.listen(0, '127.0.0.1', r));
const apiRoot = `http://127.0.0.1:${api.address().port}`;

/** A message arrives at Telegram: queued, and a held getUpdates is answered at once. */
function arrive(user, j) {
  const text = `telegram user ${user} message ${j}`;
  const from = { id: 700000 + user, is_bot: false, first_name: `User${user}`, last_name: 'Bench', language_code: 'cs' };
  queue.push({ update_id: nextUpdate++, message: { message_id: nextMessageId++, date: Math.floor(Date.now() / 1000), chat: { id: from.id, type: 'private', first_name: from.first_name }, from, text } });
  arrivedAt.set(text, at());
  if (pending) {
    const p = pending;
    pending = null;
    clearTimeout(p.timer);
    answerPoll(p.res, p.offset);
  }
}

// ---- the intake, as a site runs it, with Telegram on ----
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringdesk-telegram-bench-'));
const file = path.join(dir, 'desk.db');
Store.open(file, { region: 'CZ', currency: 'CZK' }).close();
const intake = spawn(process.execPath, [path.join(root, 'bin', 'ringdesk.js'), 'intake', '--listen', '127.0.0.1:0', '--db', file, '--log-level', 'info', '--telegram-api', apiRoot], {
  stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, RINGDESK_TELEGRAM_TOKEN: TOKEN },
});
process.on('exit', () => intake.kill('SIGKILL'));
let intakeOut = '';
intake.stdout.on('data', (d) => { intakeOut += d; });
await new Promise((resolve, reject) => {
  const t = setInterval(() => {
    if (/polling as @pizza_desk_bot/.test(intakeOut) && pending) { clearInterval(t); resolve(); } else if (intake.exitCode !== null) { clearInterval(t); reject(new Error(`the intake stopped (${intake.exitCode}): ${intakeOut}`)); }
  }, 10);
  setTimeout(() => { clearInterval(t); reject(new Error(`the intake did not poll in 20 s: ${intakeOut}`)); }, 20_000).unref();
});
await new Promise((r) => setTimeout(r, 500));
const rss = rssSampler(intake.pid);

// ---- a desk: its own connection, woken by commits, reading what desk_changes says is new ----
const desk = Store.open(file, { region: 'CZ', currency: 'CZK' });
const { seenAt, look, stop: stopWatch } = inboundWatch(desk, at);

// ---- the users: each a message every --interval-ms, the first at a random moment ----
const loadBefore = os.loadavg()[0];
const started = at();
await Promise.all(Array.from({ length: users }, (_, user) => new Promise((resolve) => {
  let j = 0;
  const next = () => {
    arrive(user, j++);
    if (j < perUser) setTimeout(next, interval);
    else resolve();
  };
  setTimeout(next, Math.random() * interval);
})));
const allArrived = at() - started;
// the poller confirms the last update and the desk sees the last commits (bounded)
const deadline = at() + 10_000;
while ((seenAt.size < expected || highestOffset < nextUpdate) && at() < deadline) { look(); await new Promise((r) => setTimeout(r, 20)); }
rss.stop();
const rssAfter = rss.now();
const loadAfter = os.loadavg()[0];

const stored = desk.conversations.recent(0, expected * 2).filter((m) => m.direction === 'in');
const byText = new Map();
for (const m of stored) byText.set(m.text, (byText.get(m.text) ?? 0) + 1);
const lost = [...arrivedAt.keys()].filter((t) => !byText.has(t)).length;
const duplicated = [...byText.values()].filter((c) => c > 1).length;
const fromAnswer = [...seenAt.entries()].filter(([text]) => answeredAt.has(text)).map(([text, t]) => t - answeredAt.get(text));
const fromArrival = [...seenAt.entries()].filter(([text]) => arrivedAt.has(text)).map(([text, t]) => t - arrivedAt.get(text));

stopWatch();
desk.close();
intake.kill('SIGTERM');
await new Promise((r) => { if (intake.exitCode !== null) r(); else intake.once('exit', r); });
if (pending) { clearTimeout(pending.timer); pending = null; }
for (const s of sockets) s.destroy();
await new Promise((r) => api.close(r));
fs.rmSync(dir, { recursive: true, force: true });

console.log(JSON.stringify({
  bench: 'chat-telegram',
  node: process.version,
  cpus: os.cpus().length,
  loadavg1: { before: +loadBefore.toFixed(2), after: +loadAfter.toFixed(2) },
  users, messagesPerUser: perUser, intervalMs: interval,
  messages: { sent: expected, stored: stored.length, lost, duplicated, conversations: new Set(stored.map((m) => m.conversationId)).size, confirmed: highestOffset >= nextUpdate },
  allArrivedMs: Math.round(allArrived),
  pollAnsweredToDeskMs: summary(fromAnswer),
  arrivedToDeskMs: summary(fromArrival),
  getUpdates: { answers: answers.getUpdates, withUpdates: answers.withUpdates, updatesPerAnswer: answers.withUpdates ? +(answers.updates / answers.withUpdates).toFixed(1) : 0, maxPerAnswer: answers.maxPerAnswer, redelivered: answers.redelivered },
  goalP99Ms: 100,
  intakeRssMb: { idle: +(rss.idle / 1024).toFixed(1), peak: +(rss.peak() / 1024).toFixed(1), after: +(rssAfter / 1024).toFixed(1) },
}, null, 2));
