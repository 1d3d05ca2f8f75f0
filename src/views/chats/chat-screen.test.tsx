import React, { useCallback, useSyncExternalStore } from 'react';
import { useInput } from 'ink';
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { Screen } from '../App.js';
import { keyNames } from '../keys.js';
import { Store } from '../../store/index.js';
import { DeskRunner } from '../../desk/runner.js';
import type { RunnerOptions } from '../../desk/runner-options.js';
import { ReplayPhone } from '../../telephony/replay/replay-phone.js';
import { stripAnsi } from '../../replay/virtual-terminal.js';
import { frameProblems } from '../frame-rules.js';
import { selectionShown, wholeTexts } from '../layout.js';
import { tempStore } from '../../../test/helpers/temp-store.js';
import { NOON } from '../../../test/helpers/clock.js';
import { SERVICE_WINDOW_MS } from '../../domain/conversation.js';
import { untilFrame as until } from '../../../test/helpers/frames.js';

let cleanups: (() => void)[] = [];
afterEach(() => { cleanups.reverse().forEach((c) => c()); cleanups = []; });

const COLUMNS = 80;
const ROWS = 24;

/**
 * The console's frame at the desk's own size (80x24: ink-testing-library's stdout is 100 columns
 * wide and would resize the desk), with the terminal's keys going in as the App sends them.
 */
function Desk({ runner }: { runner: DeskRunner }) {
  const state = useSyncExternalStore(useCallback((changed: () => void) => runner.subscribe(changed), [runner]), () => runner.state);
  useInput((input, key) => {
    const keys = keyNames(input, key);
    if (keys.length) runner.dispatch({ type: 'keys', keys });
  });
  return <Screen state={state} />;
}

/** A desk at 80x24 on a real database, and the intake's connection to the same file. */
async function desk(file?: string, more: Partial<RunnerOptions> = {}) {
  const t = file ? null : tempStore();
  const path = file ?? t!.file;
  const store = t ? t.store : Store.open(path, { region: 'CZ', currency: 'CZK' });
  const intake = Store.open(path, { region: 'CZ', currency: 'CZK' });
  const phone = new ReplayPhone({ register: true, remoteAnswerMs: -1, now: () => NOON });
  let now = NOON + 60_000;
  let bells = 0;
  const runner = new DeskRunner({ store, phone, operator: { id: null, name: 'alice', extension: '101' }, columns: COLUMNS, rows: ROWS, now: () => now, bell: () => { bells++; }, ...more });
  runner.start();
  await phone.start();
  const ui = render(<Desk runner={runner} />);
  const stop = () => { ui.unmount(); runner.dispose(); void phone.stop(); intake.close(); if (!t) store.close(); };
  cleanups.push(() => { stop(); t?.cleanup(); });
  const frames: string[] = [];
  const frame = () => {
    const f = stripAnsi(ui.lastFrame() ?? '');
    frames.push(f);
    return f;
  };
  /** A message in, as the intake writes it, and the commit watch's nudge. */
  const message = (user: string, id: string, text: string, more: Record<string, unknown> = {}) => {
    const r = intake.conversations.receive('telegram', user, { channelMessageId: id, kind: 'text', text, visitor: { name: user === '501' ? 'Ann Smith' : 'Petr Novák' }, ...more }, now);
    expect(r.ok).toBe(true);
    runner.dispatch({ type: 'store-changed' });
  };
  const checked = (f: string) => {
    const problems = frameProblems(f, { columns: COLUMNS, rows: ROWS, whole: wholeTexts(runner.state), marked: selectionShown(runner.state) });
    expect(problems).toEqual([]);
    return f;
  };
  /** E, then Enter on the chat waiting under the cursor: it is this operator's, in front as tab 1. */
  const takeFirst = async (name: string) => {
    ui.stdin.write('E');
    await until(frame, (f) => f.includes(name), 'the chat');
    ui.stdin.write('\r');
    return until(frame, (f) => f.includes(`1 ${name}`), 'the chat taken');
  };
  return { runner, store, intake, ui, frame, message, checked, takeFirst, path, bells: () => bells, advance: (ms: number) => { now += ms; runner.dispatch({ type: 'tick', now }); }, stop };
}

describe('the chat console at 80x24', () => {
  it('a Telegram chat arrives, is taken with Enter and answered; the reply goes to the outbox and shows queued', async () => {
    const d = await desk();
    d.message('501', 'tg-1', 'Hi, is the pizza place open?');
    d.ui.stdin.write('E');
    let f = d.checked(await until(d.frame, (f) => f.includes('Ann Smith') && f.includes('waits 0s'), 'the waiting chat on the left'));
    expect(f).toContain('‹all open›');
    d.ui.stdin.write('\r');
    f = d.checked(await until(d.frame, (f) => f.includes('1 Ann Smith') && f.includes('‹ Hi, is the pizza place'), 'the chat in front as tab 1'));
    d.ui.stdin.write('i');
    d.ui.stdin.write('Yes, until 22:00');
    f = d.checked(await until(d.frame, (f) => f.includes('› Yes, until 22:00'), 'the reply being typed'));
    d.ui.stdin.write('\r');
    f = d.checked(await until(d.frame, (f) => /› Yes, until 22:00 …/.test(f), 'the reply in the thread, queued'));
    const conv = d.store.conversations.byChannelUser('telegram', '501')!;
    const out = d.store.conversations.messages(conv.id).filter((m) => m.direction === 'out');
    expect(out.map((m) => [m.text, m.author, m.delivery])).toEqual([['Yes, until 22:00', 'alice', 'queued']]);
    // the channel delivered it: the mark follows
    d.store.conversations.markSent(out[0].id, 'tg-out-1', NOON + 61_000);
    d.runner.dispatch({ type: 'store-changed' });
    d.checked(await until(d.frame, (f) => /› Yes, until 22:00 ✓/.test(f), 'the sent mark'));
  });

  it('a message in a chat not in front rings the bell and shows a badge, without taking the screen; 2 brings it to the front', async () => {
    const d = await desk();
    d.message('501', 'tg-1', 'First chat');
    d.message('502', 'tg-2', 'Second chat');
    d.ui.stdin.write('E');
    await until(d.frame, (f) => f.includes('Petr Novák') && f.includes('Ann Smith'), 'both chats waiting');
    // take both from the waiting funnel: the newest first; once taken it leaves the funnel and the other is under the cursor
    d.ui.stdin.write('\x1b[C');
    await until(d.frame, (f) => f.includes('‹waiting›'), 'the waiting funnel');
    d.ui.stdin.write('\r');
    await until(d.frame, (f) => f.includes('1 Petr Novák'), 'the first taken');
    d.ui.stdin.write('\r');
    await until(d.frame, (f) => f.includes('1 Ann Smith 2 Petr Novák'), 'the second taken');
    const front = d.runner.state.chats.front;
    const other = d.runner.state.chats.rows.find((r) => r.conversation.id !== front)!;
    const bells = d.bells();
    d.advance(5_000);
    d.message(other.conversation.channelUserId, 'tg-3', 'Are you there?');
    const f = d.checked(await until(d.frame, (f) => f.includes('●1'), 'the badge'));
    expect(d.bells()).toBe(bells + 1);
    expect(d.runner.state.chats.front).toBe(front);
    expect(f).not.toContain('Are you there?'.padEnd(20) + 'x');
    const tab = d.runner.state.chats.rows.filter((r) => r.holder === 'alice').sort((a, b) => a.conversation.id - b.conversation.id).findIndex((r) => r.conversation.id === other.conversation.id) + 1;
    d.ui.stdin.write(String(tab));
    d.checked(await until(d.frame, (f) => f.includes('‹ Are you there?'), 'the other chat in front'));
    expect(d.runner.state.chats.badges[String(other.conversation.id)]).toBeUndefined();
  });

  it('l links the chat to the customer its shared contact finds; the card then lists every channel they used', async () => {
    const d = await desk();
    const eva = d.store.customers.create({ name: 'Eva Malá', category: 'vip', note: '' }, NOON);
    d.store.customers.attachPhone(eva, '+420602111222', '602 111 222', NOON);
    d.message('501', 'tg-1', 'Hello');
    d.message('501', 'tg-2', '', { kind: 'contact', contactPhone: '+420 602 111 222' });
    d.ui.stdin.write('E');
    await until(d.frame, (f) => f.includes('Ann Smith'), 'the chat');
    d.ui.stdin.write('\r');
    d.checked(await until(d.frame, (f) => f.includes('l links to Eva Malá'), 'the link hint on the card'));
    d.ui.stdin.write('l');
    const f = d.checked(await until(d.frame, (f) => f.includes('Telegram Ann Smith') && f.includes('602 111 222') && f.includes('VIP'), 'the linked card'));
    expect(f).toContain('Eva Malá');
    expect(d.store.conversations.get(d.runner.state.chats.front!)!.customerId).toBe(eva);
    expect(d.store.conversations.channelsOf(eva).map((c) => c.channel)).toEqual(['telegram']);
  });

  it('every hint and empty-state sentence is readable at 80x24: whole words on as many rows as it needs, never cut with "…"', async () => {
    const d = await desk();
    d.ui.stdin.write('E');
    let f = d.checked(await until(d.frame, (f) => f.includes('No chat in'), 'the empty chat console'));
    // the frame rules hold these sentences whole (wrapped is fine, cut is not): the check is not empty
    expect(wholeTexts(d.runner.state)).toEqual(expect.arrayContaining(['No chat in this funnel (←/→ changes it)', 'No chat of yours yet: Enter takes the one under the cursor', '/ finds name or phone', '^R sync', 'No chat in front']));
    expect(f).not.toContain('…');
    d.message('501', 'tg-1', 'Hi');
    d.message('501', 'tg-2', 'here', { kind: 'location', location: { lat: 49.19522, lon: 16.60796 } });
    f = d.checked(await until(d.frame, (f) => f.includes('Ann Smith'), 'the chat'));
    d.ui.stdin.write('\r');
    f = d.checked(await until(d.frame, (f) => f.includes('1 Ann Smith') && f.includes('16.6080'), 'the chat in front with its location'));
    expect(wholeTexts(d.runner.state)).toEqual(expect.arrayContaining(['i writes', 'r canned', 'o order + time', 'not a known customer', 'N new order']));
    // in the panes the one "…" left is the client's own message cut in the list
    expect(f.split('\n').filter((l) => l.startsWith('│') && l.includes('…'))).toEqual([expect.stringContaining('tg 📍 49.19522')]);
    d.ui.stdin.write('/zzz');
    f = d.checked(await until(d.frame, (f) => f.includes('No chat matches'), 'the search finding nothing'));
    expect(wholeTexts(d.runner.state)).toContain('No chat matches the search');
  });

  it("canned replies from the config, the chat's language first, picked with ^T while typing; the built-in ones when the config names none", async () => {
    const d = await desk(undefined, { cannedReplies: [
      { name: 'hi', text: 'Hello, what would you like?', language: 'en' },
      { name: 'ahoj', text: 'Dobrý den, co si dáte?', language: 'cs' },
      { name: 'wait', text: 'One moment, please.' },
    ] });
    d.message('501', 'tg-1', 'Dobrý den', { visitor: { name: 'Ann Smith', language: 'cs-CZ' } });
    await d.takeFirst('Ann Smith');
    d.ui.stdin.write('iProsím: ');
    await until(d.frame, (f) => f.includes('› Prosím:'), 'typing');
    d.ui.stdin.write('\x14');
    let f = d.checked(await until(d.frame, (f) => f.includes('Canned reply'), 'the canned replies'));
    expect(f).toContain('ahoj: Dobrý den, co si dáte?');
    expect(f).toContain('wait: One moment, please.');
    expect(f).not.toContain('Hello, what would you like?');
    expect(f.indexOf('ahoj:')).toBeLessThan(f.indexOf('wait:'));
    d.ui.stdin.write('\r');
    d.checked(await until(d.frame, (f) => !f.includes('Canned reply') && f.includes('Dobrý den, co si dáte? '), 'the reply with the canned text'));
    expect(d.runner.state.chats.texts[String(d.runner.state.chats.front)]).toBe('Prosím: Dobrý den, co si dáte?');
    expect(d.runner.state.chats.composing).toBe(true);
    d.stop();
    const plain = await desk();
    plain.message('502', 'tg-2', 'Hi');
    await plain.takeFirst('Petr Novák');
    plain.ui.stdin.write('r');
    plain.checked(await until(plain.frame, (f) => f.includes('hello: Hello! How can we help you?'), 'the built-in replies'));
  });

  it('n makes a new customer from what the chat gave (name, shared phone), linked to the chat; refused with the reason before the chat gave a phone', async () => {
    const d = await desk();
    d.message('501', 'tg-1', 'Hello, I want a pizza');
    await d.takeFirst('Ann Smith');
    await until(d.frame, (f) => f.includes('not a known customer'), 'the card');
    d.ui.stdin.write('n');
    d.checked(await until(d.frame, (f) => f.includes('no phone given in this chat yet'), 'the refusal'));
    expect(d.store.customers.withPhone('+420777888999')).toEqual([]);
    d.message('501', 'tg-2', '', { kind: 'contact', contactPhone: '+420 777 888 999' });
    d.checked(await until(d.frame, (f) => f.includes('n new customer'), 'the hint once the phone is known'));
    d.ui.stdin.write('n');
    const f = d.checked(await until(d.frame, (f) => f.includes('New customer Ann Smith with'), 'the new customer'));
    const conv = d.store.conversations.byChannelUser('telegram', '501')!;
    const made = d.store.customers.get(conv.customerId!)!;
    expect(made).toMatchObject({ name: 'Ann Smith', phones: [expect.objectContaining({ e164: '+420777888999' })] });
    expect(d.store.conversations.channelsOf(made.id).map((c) => c.channel)).toEqual(['telegram']);
    expect(f).toContain('777 888 999');
    // once linked, n says so instead of making a second one
    d.ui.stdin.write('n');
    await until(d.frame, (f) => f.includes('already linked to Ann Smith'), 'the second n refused');
  });

  it('a WhatsApp chat past its 24-hour window: free text refused with the reason, t picks an approved template, filled from the chat and queued in the outbox', async () => {
    const d = await desk(undefined, { whatsappTemplates: [
      { name: 'order_update', language: 'cs', parameters: ['{name}', '{order}'], label: 'Order update' },
      { name: 'hello_again', language: 'cs', parameters: ['{name}'] },
    ] });
    const r = d.intake.conversations.receive('whatsapp', '420777123456', { channelMessageId: 'wamid.A', kind: 'text', text: 'Dobrý den', visitor: { name: 'Jana Nováková', phone: '+420777123456' } }, NOON + 60_000);
    expect(r.ok).toBe(true);
    d.runner.dispatch({ type: 'store-changed' });
    await d.takeFirst('Jana Nováková');
    d.advance(SERVICE_WINDOW_MS + 60_000);
    d.ui.stdin.write('i');
    d.checked(await until(d.frame, (f) => f.includes("WhatsApp's 24-hour window closed"), 'free text refused'));
    expect(wholeTexts(d.runner.state)).toEqual(expect.arrayContaining(['window closed', 't sends a template']));
    d.ui.stdin.write('t');
    let f = d.checked(await until(d.frame, (f) => f.includes('WhatsApp template'), 'the templates'));
    expect(f).toContain('Order update (cs)');
    // the first needs an order the client does not have: said, nothing queued
    d.ui.stdin.write('\r');
    d.checked(await until(d.frame, (f) => f.includes('needs an unfinished order'), 'the refusal'));
    d.ui.stdin.write('t');
    await until(d.frame, (f) => f.includes('hello_again (cs)'), 'the templates again');
    d.ui.stdin.write('2');
    f = d.checked(await until(d.frame, (f) => f.includes('[template hello_again') && f.includes('Sent the WhatsApp template'), 'the template queued in the thread'));
    const conv = d.store.conversations.byChannelUser('whatsapp', '420777123456')!;
    const out = d.store.conversations.messages(conv.id).filter((m) => m.direction === 'out');
    expect(out.map((m) => [m.text, m.author, m.delivery])).toEqual([['[template hello_again (cs)] Jana Nováková', 'alice', 'queued']]);
    expect(d.store.conversations.claimDue('whatsapp', 'test', 60_000, 5, NOON + SERVICE_WINDOW_MS + 120_000).map((c) => c.template)).toEqual([{ name: 'hello_again', language: 'cs', parameters: ['Jana Nováková'] }]);
  });

  it('half-typed replies survive the console being killed: the chat comes back in front with the text', async () => {
    const first = await desk();
    first.message('501', 'tg-1', 'Hello');
    await first.takeFirst('Ann Smith');
    first.ui.stdin.write('iWe deliver until ten');
    await until(first.frame, (f) => f.includes('› We deliver until ten'), 'typed');
    first.runner.flushWrites(true);
    // no quit: the process is gone as after kill -9, the database file stays
    first.stop();
    const again = await desk(first.path);
    const f = again.checked(await until(again.frame, (f) => f.includes('› We deliver until ten') && f.includes('‹ Hello'), 'the reply brought back'));
    expect(f).toContain('Brought back what you were typing');
  });
});
