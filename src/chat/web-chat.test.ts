import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Store } from '../store/index.js';
import { tempStore } from '../../test/helpers/temp-store.js';
import { NOON } from '../../test/helpers/clock.js';
import { startIntake, type IntakeOptions, type IntakeServer } from './intake-server.js';
import { visitorKey } from './web-chat.js';

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => { for (const c of cleanups.reverse()) await c(); cleanups = []; });

async function setup(o: { online?: boolean; offlineMailTo?: string; more?: Partial<IntakeOptions> } = {}) {
  const t = tempStore();
  let clock = NOON;
  const now = () => clock;
  const logged: string[] = [];
  if (o.online !== false) t.store.presence.set('jana', { status: 'available', until: null, since: NOON }, 'run-jana');
  const intake = await startIntake({
    store: t.store, host: '127.0.0.1', port: 0, owner: 'test-intake', timezone: 'Europe/Prague', offlineMailTo: o.offlineMailTo ?? '', now,
    pump: { pollMs: 50, baseDelayMs: 20, maxDelayMs: 50 }, log: (line, level) => logged.push(`${level ?? 'info'} ${line}`), ...o.more,
  });
  // the console's side: its own connection to the same file
  const desk = Store.open(t.file, { region: 'CZ', currency: 'CZK' });
  cleanups.push(() => t.cleanup(), () => desk.close(), () => intake.close());
  return { ...t, intake, desk, now, logged, advance: (ms: number) => { clock += ms; } };
}

/** A widget's connection: frames in arrival order, waits for the next of a type. */
async function visitor(intake: IntakeServer, headers: Record<string, string> = {}) {
  const ws = new WebSocket(`ws://127.0.0.1:${intake.port}/chat`, { headers });
  const closed = new Promise<{ code: number; reason: string }>((r) => ws.once('close', (code, reason) => r({ code, reason: String(reason) })));
  const frames: Record<string, unknown>[] = [];
  const waiters: { t: string; pred: (f: Record<string, unknown>) => boolean; resolve: (f: Record<string, unknown>) => void }[] = [];
  ws.on('message', (d) => {
    const f = JSON.parse(String(d)) as Record<string, unknown>;
    frames.push(f);
    for (const w of [...waiters]) if (w.t === f.t && w.pred(f)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(f); }
  });
  await new Promise((r, j) => { ws.once('open', r); ws.once('error', j); });
  cleanups.push(() => ws.terminate());
  const next = (t: string, pred: (f: Record<string, unknown>) => boolean = () => true) => {
    const had = frames.find((f) => f.t === t && pred(f));
    if (had) { frames.splice(frames.indexOf(had), 1); return Promise.resolve(had); }
    return new Promise<Record<string, unknown>>((resolve) => waiters.push({ t, pred, resolve: (f) => { frames.splice(frames.indexOf(f), 1); resolve(f); } }));
  };
  return { ws, frames, next, closed, send: (f: unknown) => ws.send(JSON.stringify(f)) };
}

const browser = { name: 'Ann Smith', phone: '777 123 456', language: 'cs-CZ', browser: 'Firefox 133', os: 'Linux', referrer: 'https://search.example/', entryPage: 'https://pizza.example/menu' };

describe('the web chat intake (real HTTP and WebSocket on loopback, a real SQLite file)', () => {
  it('a visitor gets a token, a message is stored once before its ack, with the widget\'s details, and waits in the queue', async () => {
    const { intake, store } = await setup();
    const v = await visitor(intake);
    v.send({ t: 'hello', visitor: browser });
    const welcome = await v.next('welcome');
    expect(welcome).toMatchObject({ conversation: null, history: [], available: true });
    const token = welcome.token as string;
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    v.send({ t: 'msg', id: 'c1', text: 'Do you deliver to Brno?' });
    const ack = await v.next('ack');
    const conv = store.conversations.byChannelUser('web', visitorKey(token))!;
    // the token itself is nowhere in the database: only its hash is the visitor's id
    expect(conv.channelUserId).not.toContain(token);
    expect(store.conversations.messages(conv.id)).toEqual([expect.objectContaining({ id: ack.messageId, text: 'Do you deliver to Brno?', direction: 'in' })]);
    expect(conv.visitor).toEqual(browser);
    expect(store.workItems.listWaiting()).toEqual([expect.objectContaining({ kind: 'chat', name: 'Ann Smith', language: 'cs-CZ', web: { page: browser.entryPage, referrer: browser.referrer, browser: 'Firefox 133', os: 'Linux' } })]);
    // the same message again (the widget resends after a drop): acknowledged, stored once
    v.send({ t: 'msg', id: 'c1', text: 'Do you deliver to Brno?' });
    expect((await v.next('ack')).messageId).toBe(ack.messageId);
    expect(store.conversations.messages(conv.id)).toHaveLength(1);
  });

  it('the desk answers from its own connection: pushed to every open tab, delivered when the widget shows it; a reload gets the history', async () => {
    const { intake, desk, store } = await setup();
    const a = await visitor(intake);
    a.send({ t: 'hello', visitor: browser });
    const token = (await a.next('welcome')).token as string;
    const b = await visitor(intake);
    b.send({ t: 'hello', token, visitor: browser });
    await b.next('welcome');
    a.send({ t: 'msg', id: 'q1', text: 'Hello?' });
    await a.next('ack');
    expect((await b.next('msg')).m).toMatchObject({ direction: 'in', text: 'Hello?', clientId: 'q1' });
    const conv = desk.conversations.byChannelUser('web', visitorKey(token))!;
    const sent = desk.conversations.send(conv.id, 'Yes, we do. What would you like?', 'jana', NOON);
    if (!sent.ok) throw new Error(sent.reason);
    const got = await a.next('msg', (f) => (f.m as { direction: string }).direction === 'out');
    expect(got.m).toMatchObject({ id: sent.message.id, text: 'Yes, we do. What would you like?', author: 'jana' });
    await b.next('msg', (f) => (f.m as { direction: string }).direction === 'out');
    a.send({ t: 'seen', ids: [sent.message.id] });
    await expect.poll(() => store.conversations.message(sent.message.id)!.delivery).toBe('delivered');
    // reload: a new socket with the cookie's token gets the whole thread
    const c = await visitor(intake);
    c.send({ t: 'hello', token, visitor: browser });
    expect(((await c.next('welcome')).history as { text: string }[]).map((m) => m.text)).toEqual(['Hello?', 'Yes, we do. What would you like?']);
    // after a drop, only what came since the last id it had
    const d = await visitor(intake);
    d.send({ t: 'hello', token, after: sent.message.id - 1, visitor: browser });
    expect(((await d.next('welcome')).history as { id: number }[]).map((m) => m.id)).toEqual([sent.message.id]);
  });

  it('an answer written while the visitor is away is kept as sent and comes with the next visit', async () => {
    const { intake, desk, store } = await setup();
    const a = await visitor(intake);
    a.send({ t: 'hello', visitor: browser });
    const token = (await a.next('welcome')).token as string;
    a.send({ t: 'msg', id: 'x1', text: 'Table for two?' });
    await a.next('ack');
    a.ws.close();
    const conv = desk.conversations.byChannelUser('web', visitorKey(token))!;
    const sent = desk.conversations.send(conv.id, 'We only deliver, sorry', 'jana', NOON);
    if (!sent.ok) throw new Error(sent.reason);
    await expect.poll(() => store.conversations.message(sent.message.id)!.delivery).toBe('sent');
    const b = await visitor(intake);
    b.send({ t: 'hello', token, visitor: browser });
    expect(((await b.next('welcome')).history as { text: string; delivery: string }[]).at(-1)).toMatchObject({ text: 'We only deliver, sorry', delivery: 'sent' });
  });

  it("shows the operator's typing and stores the visitor's (at most every 2 s)", async () => {
    const { intake, desk, store, advance } = await setup();
    const a = await visitor(intake);
    a.send({ t: 'hello', visitor: browser });
    const token = (await a.next('welcome')).token as string;
    a.send({ t: 'msg', id: 'm1', text: 'hi' });
    await a.next('ack');
    const conv = store.conversations.byChannelUser('web', visitorKey(token))!;
    desk.conversations.typing(conv.id, 'operator', NOON);
    expect(await a.next('typing')).toEqual({ t: 'typing', on: true });
    a.send({ t: 'typing' });
    await expect.poll(() => store.conversations.get(conv.id)!.visitorTypingAt).toBe(NOON);
    advance(500);
    a.send({ t: 'typing' });
    a.send({ t: 'ping' });
    await a.next('pong');
    expect(store.conversations.get(conv.id)!.visitorTypingAt).toBe(NOON);
  });

  it('"Call me back" makes a callback item through the callbacks intake, once per request id', async () => {
    const { intake, store } = await setup();
    const a = await visitor(intake);
    a.send({ t: 'hello', visitor: browser });
    await a.next('welcome');
    a.send({ t: 'callback', id: 'cb1', phone: '602 111 222', note: 'about my order' });
    expect(await a.next('callback')).toMatchObject({ ok: true, offline: false });
    a.send({ t: 'callback', id: 'cb1', phone: '602 111 222', note: 'about my order' });
    expect(await a.next('callback')).toMatchObject({ ok: true });
    const waiting = store.callbacks.waiting();
    expect(waiting).toHaveLength(1);
    expect(waiting[0].item).toMatchObject({ kind: 'callback', name: 'Ann Smith', phoneKey: '+420602111222', language: 'cs-CZ', entry: { via: 'web', value: browser.entryPage } });
    a.send({ t: 'callback', id: 'cb2', phone: '' });
    expect(await a.next('callback')).toEqual({ t: 'callback', ok: false, error: expect.stringMatching(/phone is required/) });
  });

  it('nobody available: the widget is told so, and the offline form becomes a message in the thread and an e-mail', async () => {
    const { intake, store } = await setup({ online: false, offlineMailTo: 'boss@pizza.example' });
    const a = await visitor(intake);
    a.send({ t: 'hello', visitor: { language: 'en' } });
    expect(await a.next('welcome')).toMatchObject({ available: false });
    a.send({ t: 'offline', id: 'off1', name: 'Eva', contact: 'eva@example.com', text: 'Please call me\x1b[2J tomorrow' });
    expect(await a.next('offline')).toEqual({ t: 'offline', ok: true });
    const [conv] = store.conversations.list();
    expect(store.conversations.messages(conv.id).map((m) => m.text)).toEqual(['Please call me tomorrow\n(e-mail: eva@example.com)']);
    const mails = store.mailOutbox.list();
    expect(mails).toEqual([expect.objectContaining({ to: 'boss@pizza.example', kind: 'offline-message', itemId: conv.workItemId })]);
    expect(mails[0].body).toContain('Please call me tomorrow');
    expect(mails[0].subject).toMatch(/Offline chat #\d+: Eva/);
  });

  it('bad frames get one clear line and the connection stays', async () => {
    const { intake } = await setup();
    const a = await visitor(intake);
    a.ws.send('not json');
    expect(await a.next('error')).toEqual({ t: 'error', error: 'each frame is a JSON object with a type "t"' });
    a.send({ t: 'msg', id: 'x', text: 'hi' });
    expect(await a.next('error')).toEqual({ t: 'error', error: 'say hello first' });
    a.send({ t: 'hello', visitor: { language: 'no such language!' } });
    await a.next('welcome');
    a.send({ t: 'msg', id: 'x', text: 'hi' });
    expect(await a.next('error')).toMatchObject({ error: expect.stringMatching(/language "no such language!"/) });
    a.send({ t: 'msg', id: 'bad id!', text: 'hi' });
    expect(await a.next('error')).toMatchObject({ error: expect.stringMatching(/needs its id/) });
    a.send({ t: 'ping' });
    expect(await a.next('pong')).toEqual({ t: 'pong' });
  });

  it('serves the widget script and the health counts over HTTP', async () => {
    const { intake } = await setup();
    const js = await fetch(`${intake.url}/widget.js`);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    const text = await js.text();
    expect(text).toContain('"title":"Chat with us"');
    expect(() => new Function(text)).not.toThrow();
    expect(await (await fetch(`${intake.url}/health`)).json()).toMatchObject({ ok: true, visitorsConnected: 0 });
    expect((await fetch(`${intake.url}/nothing`)).status).toBe(404);
  });

  it("a page of another site is refused with the reason in the close frame, logged once; the restaurant's own site chats; /widget.js likewise", async () => {
    const { intake, store, logged } = await setup({ more: { origins: ['https://pizza.example'] } });
    for (let n = 0; n < 2; n++) {
      const evil = await visitor(intake, { origin: 'https://evil.example' });
      expect(await evil.closed).toEqual({ code: 4003, reason: 'https://evil.example may not use this chat' });
    }
    expect(logged.filter((l) => l.includes('evil.example'))).toEqual(["warn web chat from 127.0.0.1 refused: origin https://evil.example is not one of this restaurant's sites (config widgetOrigins); said once per origin"]);
    // a socket without any page behind it is refused too once sites are named
    expect((await (await visitor(intake)).closed).code).toBe(4003);
    const ok = await visitor(intake, { origin: 'https://pizza.example' });
    ok.send({ t: 'hello', visitor: browser });
    await ok.next('welcome');
    ok.send({ t: 'msg', id: 'm1', text: 'Hello' });
    await ok.next('ack');
    expect(store.conversations.list({ limit: 10 })).toHaveLength(1);
    const script = (referer: string) => fetch(`${intake.url}/widget.js`, { headers: { referer } });
    expect((await script('https://evil.example/menu')).status).toBe(403);
    expect((await script('https://pizza.example/menu')).status).toBe(200);
  });

  it('a visitor writing faster than the limit is asked to slow down: nothing stored twice, the message goes once the minute allows, the intake stays up', async () => {
    const { intake, store, logged, advance } = await setup({ more: { limits: { messagesPerMinute: 3 } } });
    const a = await visitor(intake);
    a.send({ t: 'hello', visitor: browser });
    const token = (await a.next('welcome')).token as string;
    for (const id of ['m1', 'm2', 'm3']) { a.send({ t: 'msg', id, text: `message ${id}` }); await a.next('ack', (f) => f.id === id); }
    a.send({ t: 'msg', id: 'm4', text: 'message m4' });
    a.send({ t: 'msg', id: 'm5', text: 'message m5' });
    expect(await a.next('slow', (f) => f.id === 'm4')).toMatchObject({ retryInMs: 60_000, error: expect.stringContaining('please slow down') });
    await a.next('slow', (f) => f.id === 'm5');
    const conv = store.conversations.byChannelUser('web', visitorKey(token))!;
    expect(store.conversations.messages(conv.id).map((m) => m.text)).toEqual(['message m1', 'message m2', 'message m3']);
    expect(a.frames.filter((f) => f.t === 'ack')).toEqual([]);
    expect(logged.filter((l) => l.includes('slow down'))).toHaveLength(1);
    // a minute later the widget sends what waits (and m3 again after a drop): each stored once
    advance(60_000);
    for (const id of ['m4', 'm3']) { a.send({ t: 'msg', id, text: `message ${id}` }); await a.next('ack', (f) => f.id === id); }
    expect(store.conversations.messages(conv.id).map((m) => m.text)).toEqual(['message m1', 'message m2', 'message m3', 'message m4']);
    expect((await fetch(`${intake.url}/health`)).status).toBe(200);
  });

  it('one address: its visitors together have a limit, and so have its connections (behind the site proxy: the forwarded address)', async () => {
    const { intake, store } = await setup({ more: { limits: { addressMessagesPerMinute: 2, connectsPerMinute: 3 } } });
    const a = await visitor(intake);
    const b = await visitor(intake);
    for (const [v, id] of [[a, 'a1'], [b, 'b1']] as const) {
      v.send({ t: 'hello', visitor: browser });
      await v.next('welcome');
      v.send({ t: 'msg', id, text: id });
      await v.next('ack');
    }
    b.send({ t: 'msg', id: 'b2', text: 'b2' });
    await b.next('slow', (f) => f.id === 'b2');
    expect(store.conversations.list({ limit: 10 }).flatMap((c) => store.conversations.messages(c.id).map((m) => m.text)).sort()).toEqual(['a1', 'b1']);
    // the third connection from this address this minute is let in, the fourth is told to slow down
    const c = await visitor(intake);
    c.send({ t: 'hello', visitor: browser });
    await c.next('welcome');
    expect(await (await visitor(intake)).closed).toEqual({ code: 4029, reason: 'slow down: too many connections, again in 60 s' });
    // the site's proxy on this box forwards each visitor's own address: counted apart
    const proxied = await visitor(intake, { 'x-forwarded-for': '203.0.113.7' });
    proxied.send({ t: 'hello', visitor: browser });
    await proxied.next('welcome');
    expect((await fetch(`${intake.url}/widget.js`)).status).toBe(429);
  });
});
