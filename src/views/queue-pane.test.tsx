import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { render as inkRender } from 'ink';
import { App } from './App.js';
import { Store } from '../store/index.js';
import { DeskRunner } from '../desk/runner.js';
import { ReplayPhone } from '../telephony/replay/replay-phone.js';
import { VirtualStdin, VirtualStdout, stripAnsi } from '../replay/virtual-terminal.js';
import { frameProblems } from './frame-rules.js';
import { wholeTexts } from './layout.js';
import { tempStore } from '../../test/helpers/temp-store.js';
import { NOON } from '../../test/helpers/clock.js';
import { untilFrame as until } from '../../test/helpers/frames.js';

let cleanups: (() => void)[] = [];
afterEach(() => { cleanups.reverse().forEach((c) => c()); cleanups = []; });

/** A desk on a real database, and a colleague's connection to the same file (a widget, another console). */
async function desk(columns = 100, rows = 30) {
  const t = tempStore();
  const colleague = Store.open(t.file, { region: 'CZ', currency: 'CZK' });
  const phone = new ReplayPhone({ register: true, remoteAnswerMs: -1, now: () => NOON });
  t.store.operators.upsert({ name: 'bob', extension: '102' });
  t.store.groups.add('Brno', NOON);
  t.store.groups.addMember('Brno', 'alice', NOON);
  const cust = t.store.customers.create({ name: 'Eva Malá', category: 'vip', note: 'Always the back door' }, NOON);
  t.store.customers.attachPhone(cust, '+420602111222', '602 111 222', NOON);
  const runner = new DeskRunner({ store: t.store, phone, operator: { id: null, name: 'alice', extension: '101' }, columns, rows, now: () => NOON + 90_000 });
  runner.start();
  await phone.start();
  cleanups.push(() => { runner.dispose(); void phone.stop(); colleague.close(); t.cleanup(); });
  const arrive = () => {
    // arrivals by another connection, as a web widget or a colleague's console would write them
    colleague.workItems.create({ kind: 'chat', ref: 'conv-9', entry: { via: 'web', value: 'https://pizza.example/menu' }, language: 'en', name: 'Ann Smith',
      web: { page: 'https://pizza.example/menu', referrer: 'https://search.example/', browser: 'Firefox', os: 'Linux' } }, NOON + 30_000);
    colleague.workItems.create({ kind: 'callback', entry: { via: 'ivr', value: '2' }, phone: '602 111 222', language: 'cs', note: { by: 'bob', text: 'asked for 18:30' } }, NOON);
    runner.dispatch({ type: 'store-changed' });
  };
  return { runner, store: t.store, colleague, arrive };
}

describe('the queue pane', () => {
  it('Q lists every waiting client across kinds, the longest waiting first, with a preview; Enter accepts; r redirects with a note that travels', async () => {
    const { runner, store, arrive } = await desk();
    const ui = render(<App runner={runner} />);
    cleanups.push(() => ui.unmount());
    arrive();
    await until(() => stripAnsi(ui.lastFrame() ?? ''), (f) => f.includes('queue 2'), 'the queue count on the status bar');
    ui.stdin.write('Q');
    let f = await until(() => stripAnsi(ui.lastFrame() ?? ''), (f) => f.includes('Queue: 2 waiting') && f.includes('Always the back door'), 'the pane with a preview');
    // the callback arrived first: it leads, with its wait, entry, language, and the caller card's facts under it
    const rows = f.split('\n');
    const back = rows.findIndex((l) => l.includes('↺ callback'));
    const chat = rows.findIndex((l) => l.includes('✉ chat'));
    expect(back).toBeGreaterThan(0);
    expect(chat).toBeGreaterThan(back);
    expect(rows[back]).toMatch(/1:30 .*\[cs\] 602 111 222 +IVR 2 +✎1/);
    expect(rows[chat]).toMatch(/1:00 .*\[en\] Ann Smith +pizza\.example\/menu/);
    expect(f).toContain('Eva Malá');
    expect(f).toContain('Always the back door');
    expect(f).toContain('✎ bob');
    expect(f).toContain('asked for 18:30');
    // down to the chat: its preview shows the visitor's page and browser
    ui.stdin.write('j');
    f = await until(() => stripAnsi(ui.lastFrame() ?? ''), (f) => f.includes('from https://search.example/'), 'the chat preview');
    expect(f).toContain('Firefox / Linux');
    ui.stdin.write('\r');
    f = await until(() => stripAnsi(ui.lastFrame() ?? ''), (f) => f.includes('1 yours'), 'the chat accepted');
    expect(store.workItems.byRef('chat', 'conv-9')).toMatchObject({ state: 'accepted', holder: { operator: 'alice' } });
    expect(runner.state.message?.text).toContain('Accepted chat Ann Smith');
    // redirect the callback to bob with a note
    ui.stdin.write('k');
    await until(() => stripAnsi(ui.lastFrame() ?? ''), (f) => f.includes('Always the back door'), 'back on the callback');
    ui.stdin.write('r');
    await until(() => stripAnsi(ui.lastFrame() ?? ''), (f) => f.includes('Redirect callback'), 'the redirect dialog');
    ui.stdin.write('\x1b[B'); // down: group Brno -> bob
    await until(() => runner.state.modal?.kind === 'redirect' && runner.state.modal.index === 1 ? 'y' : '', (x) => x === 'y', 'bob chosen');
    ui.stdin.write('knows the area');
    await until(() => stripAnsi(ui.lastFrame() ?? ''), (f) => f.includes('Note: knows the area'), 'the note typed');
    ui.stdin.write('\r');
    await until(() => runner.state.message?.text ?? '', (m) => m.includes('Handed callback'), 'handed on');
    const moved = store.workItems.listWaiting()[0];
    expect(moved).toMatchObject({ kind: 'callback', state: 'redirected', owner: { to: 'operator', operator: 'bob' } });
    expect(moved.notes.map((n) => n.text)).toEqual(['asked for 18:30', 'knows the area']);
    f = await until(() => stripAnsi(ui.lastFrame() ?? ''), (f) => f.includes('→ bob'), 'the item marked for bob');
    // it is bob's now: accepting it here is refused with the reason
    ui.stdin.write('a');
    await until(() => runner.state.message?.text ?? '', (m) => m.includes('for bob only'), 'refused');
  });

  it.each([[60, 16], [80, 24], [200, 50]])('the pane keeps the frame rules at %ix%i', async (columns, rows) => {
    const { runner, arrive } = await desk(columns, rows);
    arrive();
    runner.dispatch({ type: 'key', key: 'Q' });
    const out = new VirtualStdout(columns, rows);
    const ink = inkRender(<App runner={runner} />, { stdout: out as never, stdin: new VirtualStdin() as never, debug: true, patchConsole: false });
    cleanups.push(() => ink.unmount());
    const f = await until(() => stripAnsi(out.lastFrame()), (x) => x.includes('Queue: 2 waiting') && (rows < 20 || x.includes('602 111 222')), `the pane at ${columns}x${rows}`);
    expect(frameProblems(f, { columns, rows, whole: wholeTexts(runner.state) })).toEqual([]);
  });
});
