/**
 * bench/chat-screen.js — a chat message in → on the dispatcher's screen (issue 16). Prints JSON.
 *
 * The console's own runner and screen from the bundle, live on a database file (its commit
 * watch, desk_changes, the chat list and the conversation in front read again, Ink drawing into
 * an 80x24 virtual terminal), with the chat console open and a chat taken. A forked process
 * writes --messages (default 200) messages into that chat as the intake writes them
 * (store.conversations.receive), one every --gap ms (default 40), among --chats (default 200)
 * other conversations on the box. For each: the time from just before the intake's write to the
 * first frame that shows the message's text (clocks compared through performance.timeOrigin +
 * now(), one machine). Goal: p99 ≤ 100 ms. The intake's own half (a widget's WebSocket or a
 * Telegram poll → stored) is bench/chat-intake.js.
 *
 * On a loaded machine the wall-clock figure is mostly the run queue, so the console's own cost is
 * given too, insensitive to load: `pathCpu`, the CPU time of the console's process from the commit
 * seen (colleagueCommitted) to the frame that shows the message, and `cpuPerMessageMs`,
 * the process's whole CPU time over the messages (the bench's own frame reading included).
 * `--kit` runs another build's bundle (a baseline: `--kit /path/to/dist/bundle/bench-kit.js`).
 *
 *   npm run build && scripts/with-node node bench/chat-screen.js [--messages 200] [--gap 40] [--chats 200] [--kit FILE]
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { arg, numberArg, summary } from './lib.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const kit = path.resolve(arg('kit', path.join(here, '..', 'dist', 'bundle', 'bench-kit.js')));
const { Store, DeskRunner, ReplayPhone, VirtualStdin, VirtualStdout, stripAnsi, drawDesk } = await import(kit);
const at = () => performance.timeOrigin + performance.now();

if (process.argv[2] === '--intake') intake(process.argv[3]);
else await main();

/** The intake's process: a message into the chat of person 1 when the parent says, reporting when it began to write. */
function intake(file) {
  const store = Store.open(file, { region: 'CZ', currency: 'CZK' });
  process.on('message', (m) => {
    if (m === 'stop') { store.close(); process.exit(0); }
    const began = at();
    const r = store.conversations.receive('telegram', 'person-1', { channelMessageId: `bench-${m.n}`, kind: 'text', text: m.text }, Date.now());
    process.send({ n: m.n, began, ok: r.ok });
  });
  process.send({ ready: true });
}

async function main() {
  const messages = numberArg('messages', 200);
  const gap = numberArg('gap', 40);
  const chats = numberArg('chats', 200);
  const waiting = new Map(); // text -> n
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringdesk-chat-bench-'));
  const file = path.join(dir, 'desk.db');
  const store = Store.open(file, { region: 'CZ', currency: 'CZK' });
  const now = Date.now();
  for (let i = 1; i <= chats; i++) {
    store.conversations.receive(i % 3 === 0 ? 'web' : 'telegram', `person-${i}`, { channelMessageId: `hello-${i}`, kind: 'text', text: `hello from ${i}`, visitor: { name: `Person ${i}` } }, now - (chats - i) * 1000);
  }
  store.checkpointEvery(2000); // as the console does
  const phone = new ReplayPhone({ register: false });
  const runner = new DeskRunner({ store, phone, operator: { id: null, name: 'bench', extension: '100' }, columns: 80, rows: 24 });
  // the console's CPU from the first commit it sees after a message was written to the frame showing it
  let pathFrom = null;
  const pathCpu = [];
  // the commit watch calls the desk's live part (src/desk/desk-live.ts) where there is one, else the runner
  const live = runner.live ?? runner;
  const committed = live.colleagueCommitted.bind(live);
  live.colleagueCommitted = () => {
    if (pathFrom === null && waiting.size) pathFrom = process.cpuUsage();
    committed();
  };
  runner.start();
  const stopLive = runner.runLive();
  const stdout = new VirtualStdout(80, 24);
  const ink = drawDesk(runner, { stdout, stdin: new VirtualStdin(), frames: 'whole' });
  // the chat console open, the chat of person 1 taken and in front
  const conv = store.conversations.byChannelUser('telegram', 'person-1');
  store.workItems.accept(conv.workItemId, { operator: 'bench', console: runner.consoleId }, Date.now());
  runner.dispatch({ type: 'keys', keys: ['E'] });
  runner.dispatch({ type: 'chat-taken', conversationId: conv.id });
  await new Promise((r) => setTimeout(r, 300));
  if (!stripAnsi(stdout.lastFrame()).includes('hello from 1')) throw new Error(`the chat is not in front:\n${stripAnsi(stdout.lastFrame())}`);

  const child = fork(fileURLToPath(import.meta.url), ['--intake', file], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await new Promise((r) => child.once('message', r));
  const began = new Map();
  const latencies = [];
  let frames = 0;
  stdout.on('frame', (f) => {
    frames++;
    if (!waiting.size) return;
    const t = at();
    const cpu = pathFrom && process.cpuUsage(pathFrom);
    const screen = stripAnsi(f);
    for (const [text, n] of waiting) {
      if (!screen.includes(text)) continue;
      waiting.delete(text);
      if (cpu) pathCpu.push((cpu.user + cpu.system) / 1000);
      pathFrom = null;
      const b = began.get(n);
      if (b !== undefined) latencies.push(t - b);
      else began.set(n, -t); // the frame came before the intake's report: kept, resolved below
    }
  });
  let refused = 0;
  child.on('message', (m) => {
    if (!m.ok) refused++;
    const early = began.get(m.n);
    if (early !== undefined && early < 0) latencies.push(-early - m.began);
    else began.set(m.n, m.began);
  });
  const cpuBefore = process.cpuUsage();
  const framesBefore = frames;
  for (let n = 0; n < messages; n++) {
    const text = `msg-${String(n).padStart(4, '0')}`;
    waiting.set(text, n);
    child.send({ n, text });
    await new Promise((r) => setTimeout(r, gap));
  }
  const end = Date.now() + 3000;
  while (waiting.size && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  const cpuAll = process.cpuUsage(cpuBefore);
  const framesAll = frames - framesBefore;
  child.send('stop');
  ink.unmount();
  stopLive();
  runner.dispose();
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
  const s = summary(latencies);
  console.log(JSON.stringify({
    messageInToScreen: { terminal: '80x24', conversations: chats, sent: messages, shown: latencies.length, neverShown: waiting.size, refused, gapMs: gap, ...s, goal_p99_ms: 100 },
    pathCpu: summary(pathCpu),
    cpuPerMessageMs: +((cpuAll.user + cpuAll.system) / 1000 / messages).toFixed(3),
    framesPerMessage: +(framesAll / messages).toFixed(2),
    kit: path.relative(process.cwd(), kit),
    loadavg: os.loadavg().map((l) => +l.toFixed(2)),
  }));
}
