/**
 * The web chat widget in a real browser: Debian's chromium, headless, driven by playwright-core
 * (no browser download; scripts/install-test-deps installs chromium), against the intake on
 * loopback (port 0) and a restaurant's page on another loopback server that pastes the one
 * script tag. The console's side is a second connection to the same SQLite file.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Store } from '../../src/store/index.js';
import { tempStore } from '../helpers/temp-store.js';
import { NOON } from '../helpers/clock.js';
import { startIntake, type IntakeServer } from '../../src/chat/intake-server.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));

let browser: Browser;
let intake: IntakeServer;
let site: http.Server;
let siteUrl = '';
let t: ReturnType<typeof tempStore>;
let desk: Store;

beforeAll(async () => {
  if (!CHROMIUM) throw new Error('chromium is not installed: run scripts/install-test-deps (Debian package chromium)');
  t = tempStore();
  t.store.presence.set('jana', { status: 'available', until: null, since: NOON }, 'run-jana');
  intake = await startIntake({
    store: t.store, host: '127.0.0.1', port: 0, owner: 'browser-test', timezone: 'Europe/Prague', offlineMailTo: '', now: () => NOON,
    pump: { pollMs: 50 },
  });
  desk = Store.open(t.file, { region: 'CZ', currency: 'CZK' });
  // the restaurant's own site, on another origin, with the one script tag pasted in
  site = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="cs"><head><title>Pizza Brno</title></head><body><h1>Menu</h1>
      <a id="next" href="/order">order</a>
      <script src="${intake.url}/widget.js" async></script></body></html>`);
  });
  await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await intake?.close();
  await new Promise<void>((r) => (site ? site.close(() => r()) : r()));
  desk?.close();
  t?.cleanup();
});

const w = (name: string) => `[data-ringdesk="${name}"]`;
const texts = (page: Page) => page.locator(`${w('message')} ${w('text')}`).allInnerTexts();

describe('the web chat widget in chromium', () => {
  it('a visitor chats, the desk answers, a reload shows the thread, a dropped WebSocket reconnects without losing a message, "call me back" makes a callback', async () => {
    const context = await browser.newContext({ locale: 'cs-CZ' });
    const page = await context.newPage();
    await page.goto(`${siteUrl}/menu?utm=1`, { referer: 'https://search.example/?q=pizza+brno' });
    await page.click(w('launcher'));
    await expect.poll(() => page.locator(w('status')).innerText()).toBe('online');
    // the pre-chat form: name and phone, both optional
    await page.fill(w('name'), 'Anna Dvořáková');
    await page.fill(w('phone'), '777 123 456');
    await page.click(w('start'));
    await page.fill(w('input'), 'Dobrý den, vozíte do Líšně?');
    await page.press(w('input'), 'Enter');
    await page.locator(`${w('message')}[data-id]`).first().waitFor();

    const conv = desk.conversations.list({ channel: 'web' })[0];
    expect(conv.visitor).toMatchObject({
      name: 'Anna Dvořáková', phone: '777 123 456', language: 'cs-CZ', browser: expect.stringMatching(/^Chrome \d+$/), os: 'Linux',
      referrer: 'https://search.example/?q=pizza+brno', entryPage: `${siteUrl}/menu?utm=1`,
    });
    expect(desk.workItems.get(conv.workItemId!)).toMatchObject({ kind: 'chat', name: 'Anna Dvořáková', phoneKey: '+420777123456' });
    const cookie = (await context.cookies(siteUrl)).find((c) => c.name === 'ringdesk_chat')!;
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{32}$/);

    // the console answers and types
    desk.conversations.typing(conv.id, 'operator', NOON);
    await expect.poll(() => page.locator(w('typing')).innerText()).toBe('typing…');
    const answer = desk.conversations.send(conv.id, 'Ano, do Líšně vozíme. Co si dáte?', 'jana', NOON);
    if (!answer.ok) throw new Error(answer.reason);
    await expect.poll(() => texts(page)).toEqual(['Dobrý den, vozíte do Líšně?', 'Ano, do Líšně vozíme. Co si dáte?']);
    await expect.poll(() => desk.conversations.message(answer.message.id)!.delivery).toBe('delivered');

    // a reload (the cookie keeps the token): the whole thread again, no pre-chat form
    await page.reload();
    await page.click(w('launcher'));
    await expect.poll(() => texts(page)).toEqual(['Dobrý den, vozíte do Líšně?', 'Ano, do Líšně vozíme. Co si dáte?']);
    expect(await page.locator(w('prechat')).isVisible()).toBe(false);

    // the WebSocket drops: what the visitor writes meanwhile and what the desk answers meanwhile both arrive, once
    intake.web.closeAll();
    await expect.poll(() => page.locator(w('status')).innerText()).toBe('reconnecting…');
    await page.fill(w('input'), 'Dvě margherity, prosím');
    await page.press(w('input'), 'Enter');
    const meanwhile = desk.conversations.send(conv.id, 'Přidat colu?', 'jana', NOON);
    if (!meanwhile.ok) throw new Error(meanwhile.reason);
    await expect.poll(() => page.locator(w('status')).innerText(), { timeout: 15_000 }).toBe('online');
    await expect.poll(() => texts(page)).toEqual(['Dobrý den, vozíte do Líšně?', 'Ano, do Líšně vozíme. Co si dáte?', 'Dvě margherity, prosím', 'Přidat colu?']);
    // stored once each (which of the two came first depends on when the widget was back)
    await expect.poll(() => desk.conversations.messages(conv.id).map((m) => `${m.direction} ${m.text}`).sort()).toEqual([
      'in Dobrý den, vozíte do Líšně?', 'in Dvě margherity, prosím', 'out Ano, do Líšně vozíme. Co si dáte?', 'out Přidat colu?',
    ]);
    await expect.poll(() => page.locator(`${w('message')}[data-pending]`).count()).toBe(0);

    // a day later, in a new tab with the same cookie
    const later = await context.newPage();
    await later.goto(`${siteUrl}/order`);
    await later.click(w('launcher'));
    await expect.poll(() => texts(later)).toHaveLength(4);

    // "call me back"
    await later.click(w('callback'));
    await later.fill(w('callback-phone'), '602 111 222');
    await later.fill(w('callback-note'), 'k objednávce');
    await later.click(w('callback-send'));
    await expect.poll(() => later.locator(w('notice')).innerText()).toBe('Thank you: we will call you back.');
    expect(desk.callbacks.waiting().map((c) => [c.item.phoneKey, c.item.name])).toEqual([['+420602111222', 'Anna Dvořáková']]);
    await context.close();
  }, 90_000);

  it('nobody available: the offline form instead of the chat', async () => {
    desk.presence.set('jana', { status: 'offline', until: null, since: NOON }, 'run-jana');
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${siteUrl}/`);
    await page.click(w('launcher'));
    await expect.poll(() => page.locator(w('status')).innerText()).toBe('offline');
    expect(await page.locator(w('compose')).isVisible()).toBe(false);
    await page.fill(w('offline-name'), 'Eva');
    await page.fill(w('offline-phone'), '603 333 444');
    await page.fill(w('offline-text'), 'Zavolejte mi zítra ráno');
    await page.click(w('offline-send'));
    await expect.poll(() => page.locator(w('notice')).innerText()).toBe('Thank you: your message was left for us.');
    const conv = desk.conversations.list({ search: 'Eva' })[0];
    expect(desk.conversations.messages(conv.id).map((m) => m.text)).toEqual(['Zavolejte mi zítra ráno']);
    expect(conv.visitor.phone).toBe('603 333 444');
    await context.close();
  }, 60_000);
});
