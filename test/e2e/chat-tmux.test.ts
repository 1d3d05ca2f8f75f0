/**
 * A chat arriving and being answered, end to end in a real terminal at 80x24: the console in
 * tmux on its own database file, the chat written by another process's connection as the intake
 * writes it (the console hears of it by its commit watch), keys sent with send-keys, and EVERY
 * captured frame checked: the frame rules (src/views/frame-rules.ts: width, height, borders, the
 * bars), no cut warning, no internal code or value on screen.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Tmux, ringdeskCommand } from './tmux.js';
import { tempDir } from '../helpers/temp-store.js';
import { Store } from '../../src/store/index.js';
import { frameProblems } from '../../src/views/frame-rules.js';
import { chatHintText as hints } from '../../src/views/chats/chat-rows.js';

const repo = path.resolve(__dirname, '..', '..');
const COLUMNS = 80;
const ROWS = 24;

let cleanups: (() => void)[] = [];
afterEach(() => { cleanups.reverse().forEach((c) => c()); cleanups = []; });

/** What must never reach a dispatcher's screen: internal ids, JS values, a stack, a work item's ref. */
const INTERNAL = [/undefined/, /\bNaN\b/, /\[object /, /\bnull\b/, /chat:\d+:\d+/, /\bat .*\.(js|ts):\d+/, /Error:/, /\{"/];

/** tmux whose every capture is checked; a problem is kept with the frame it was seen on. */
class CheckedTmux extends Tmux {
  readonly problems = new Map<string, string>();
  captures = 0;
  override screen(): string {
    const s = super.screen();
    // before the console's first frame and after it quit the terminal is blank (tmux's own "Pane is dead" line aside): nothing to check
    if (!s.replace(/^Pane is dead.*$/m, '').trim()) return s;
    this.captures++;
    const found = [
      ...frameProblems(s, { columns: this.columns, rows: this.rows }),
      ...INTERNAL.filter((re) => re.test(s)).map((re) => `internal text on screen: ${re}`),
      ...(/cut|truncated|does not fit/i.test(s) ? ['a cut warning on screen'] : []),
    ];
    for (const p of found) if (!this.problems.has(p)) this.problems.set(p, s);
    return s;
  }
}

describe('the chat console in tmux at 80x24', () => {
  it('a Telegram chat arrives while the dispatcher is on the open orders, is taken, answered and delivered; every frame keeps the rules', async () => {
    const { dir, cleanup } = tempDir('ringdesk-chat-e2e-');
    cleanups.push(cleanup);
    const db = path.join(dir, 'desk.db');
    // the intake's connection: its own process's writes reach the console only through the database
    const intake = Store.open(db, { region: 'CZ', currency: 'CZK' });
    cleanups.push(() => intake.close());
    intake.operators.upsert({ name: 'alice', extension: '101' });
    const t = new CheckedTmux('rd-chat', COLUMNS, ROWS);
    cleanups.push(() => t.kill());
    t.start(`cd ${repo} && exec ${ringdeskCommand(repo)} console --db ${db} --operator alice`, { HOME: dir });
    await t.waitText('Open orders', 30_000);

    const at = Date.now();
    const r = intake.conversations.receive('telegram', '501', { channelMessageId: 'tg-1', kind: 'text', text: 'Hi, can I order?', visitor: { name: 'Ann Smith' } }, at);
    expect(r.ok).toBe(true);
    // every console sees the waiting chat in the queue count, without a key
    await t.waitText('queue 1', 10_000);
    t.keys('E');
    let s = await t.waitFor((s) => s.includes('Ann Smith') && s.includes('waits'), 10_000, 'the chat waiting on the left');
    // the hints at 80x24: whole words on their rows, none cut with "…"
    expect(frameProblems(s, { columns: COLUMNS, rows: ROWS, whole: [hints.search, ...hints.funnels, hints.sync, hints.noneMine, hints.noneOpen, hints.noFront] })).toEqual([]);
    t.keys('Enter');
    s = await t.waitFor((s) => s.includes('1 Ann Smith') && s.includes('‹ Hi, can I order?'), 10_000, 'the chat in front as tab 1');
    expect(frameProblems(s, { columns: COLUMNS, rows: ROWS, whole: [...hints.reply, hints.unknown, hints.sync] })).toEqual([]);
    t.keys('i');
    t.type('Sure, which pizza?');
    await t.waitText('› Sure, which pizza?');
    t.keys('Enter');
    await t.waitFor((s) => /› Sure, which pizza\? …/.test(s), 10_000, 'the reply queued');
    const conv = intake.conversations.byChannelUser('telegram', '501')!;
    const out = intake.conversations.messages(conv.id).filter((m) => m.direction === 'out');
    expect(out.map((m) => [m.text, m.author, m.delivery])).toEqual([['Sure, which pizza?', 'alice', 'queued']]);

    // the channel took it, then the client's phone got it: the marks follow without a key
    intake.conversations.markSent(out[0].id, 'tg-out-1', at + 1000);
    await t.waitFor((s) => /› Sure, which pizza\? ✓/.test(s), 10_000, 'the sent mark');
    intake.conversations.reportDelivery({ messageId: out[0].id }, 'delivered', at + 2000);
    await t.waitFor((s) => /› Sure, which pizza\? ✓✓/.test(s), 10_000, 'the delivered mark');

    // the client answers: it shows in front, read at once
    intake.conversations.receive('telegram', '501', { channelMessageId: 'tg-2', kind: 'text', text: 'Two margheritas please' }, at + 3000);
    await t.waitText('‹ Two margheritas please', 10_000);
    await t.waitFor(() => intake.conversations.get(conv.id)!.unread === 0, 5_000, 'read on the console');

    // Esc leaves the reply (the text stays); q alone after it — Esc and q in one read are Alt+q
    t.keys('Escape');
    await t.waitFor((s) => !s.includes('Esc stop typing'), 10_000, 'the reply left');
    t.keys('q');
    await t.waitText('Quit ringdesk?');
    t.keys('y');
    await t.waitFor(() => t.paneDead(), 10_000, 'the console to exit');
    expect(t.captures).toBeGreaterThan(8);
    expect([...t.problems].map(([p, s]) => `${p}\n${s}`)).toEqual([]);
  }, 90_000);
});
