import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../store/index.js';
import { tempStore } from '../../test/helpers/temp-store.js';
import { NOON } from '../../test/helpers/clock.js';
import { startIntake } from './intake-server.js';
import { signBody } from './whatsapp.js';
import { SERVICE_WINDOW_MS } from '../domain/conversation.js';

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => { for (const c of cleanups.reverse()) await c(); cleanups = []; });

const APP_SECRET = 'test-app-secret-0123456789';
const VERIFY = 'pizza-verify-42';

/** A Graph API stand-in: POST /{phone id}/messages answers a wamid, or the queued error. */
async function graphApi() {
  const got: { auth: string | undefined; body: Record<string, unknown> }[] = [];
  const errors: { status: number; body: unknown }[] = [];
  let n = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ auth: req.headers.authorization, body: JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown> });
      const e = errors.shift();
      res.writeHead(e ? e.status : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(e ? e.body : { messaging_product: 'whatsapp', contacts: [], messages: [{ id: `wamid.OUT${++n}` }] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); }));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, got, errors };
}

async function setup() {
  const t = tempStore();
  let clock = NOON;
  const graph = await graphApi();
  const logs: string[] = [];
  const intake = await startIntake({
    store: t.store, host: '127.0.0.1', port: 0, owner: 'wa-test', timezone: 'Europe/Prague', offlineMailTo: '', now: () => clock,
    log: (l) => logs.push(l),
    whatsapp: { appSecret: APP_SECRET, verifyToken: VERIFY, accessToken: 'EAAG-access-token', phoneNumberId: '1098765', apiRoot: graph.url },
    pump: { pollMs: 50, baseDelayMs: 20, maxDelayMs: 50 },
  });
  const desk = Store.open(t.file, { region: 'CZ', currency: 'CZK' });
  cleanups.push(() => t.cleanup(), () => desk.close(), () => intake.close());
  return { ...t, intake, desk, graph, logs, advance: (ms: number) => { clock += ms; } };
}

/** A sample payload as the Cloud API sends it (entry[].changes[].value). */
function payload(value: Record<string, unknown>) {
  return { object: 'whatsapp_business_account', entry: [{ id: 'WABA-1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '420800100200', phone_number_id: '1098765' }, ...value } }] }] };
}
const textMessage = (id: string, text: string, at = NOON) => payload({
  contacts: [{ profile: { name: 'Jana Nováková' }, wa_id: '420777123456' }],
  messages: [{ from: '420777123456', id, timestamp: String(at / 1000), type: 'text', text: { body: text } }],
});

async function post(url: string, body: unknown, signature?: string | null) {
  const raw = JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (signature !== null) headers['x-hub-signature-256'] = signature ?? signBody(raw, APP_SECRET);
  const res = await fetch(`${url}/whatsapp`, { method: 'POST', headers, body: raw });
  return { status: res.status, body: await res.json() as Record<string, unknown> };
}

describe('the WhatsApp Cloud API webhook (signed sample payloads on a real intake)', () => {
  it('answers the verify handshake only with the right verify token', async () => {
    const { intake } = await setup();
    const ok = await fetch(`${intake.url}/whatsapp?hub.mode=subscribe&hub.verify_token=${VERIFY}&hub.challenge=1158201444`);
    expect([ok.status, await ok.text()]).toEqual([200, '1158201444']);
    expect((await fetch(`${intake.url}/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1`)).status).toBe(403);
    expect((await fetch(`${intake.url}/whatsapp?hub.mode=unsubscribe&hub.verify_token=${VERIFY}&hub.challenge=1`)).status).toBe(403);
  });

  it('a bad or missing X-Hub-Signature-256 is 401 and nothing is stored', async () => {
    const { intake, store, logs } = await setup();
    expect((await post(intake.url, textMessage('wamid.A', 'hi'), 'sha256=' + '0'.repeat(64))).status).toBe(401);
    expect((await post(intake.url, textMessage('wamid.A', 'hi'), null)).status).toBe(401);
    // signed with another secret
    expect((await post(intake.url, textMessage('wamid.A', 'hi'), signBody(JSON.stringify(textMessage('wamid.A', 'hi')), 'other'))).status).toBe(401);
    expect(store.conversations.list()).toEqual([]);
    expect(logs.filter((l) => l.includes('refused'))).toHaveLength(3);
    expect(logs.join('\n')).not.toContain(APP_SECRET);
  });

  it('stores each message once by its id before the 200 (a retried delivery is a duplicate), with the profile name and the 24-hour window', async () => {
    const { intake, store } = await setup();
    expect(await post(intake.url, textMessage('wamid.A', 'Dvě pizzy margherita, prosím'))).toEqual({ status: 200, body: { stored: 1, duplicates: 0, statuses: 0 } });
    expect(await post(intake.url, textMessage('wamid.A', 'Dvě pizzy margherita, prosím'))).toEqual({ status: 200, body: { stored: 0, duplicates: 1, statuses: 0 } });
    const conv = store.conversations.byChannelUser('whatsapp', '420777123456')!;
    expect(conv).toMatchObject({ serviceWindowEndsAt: NOON + SERVICE_WINDOW_MS, phoneKey: '+420777123456', visitor: { name: 'Jana Nováková', phone: '+420777123456' } });
    expect(store.conversations.messages(conv.id).map((m) => m.text)).toEqual(['Dvě pizzy margherita, prosím']);
    expect(store.workItems.listWaiting()).toEqual([expect.objectContaining({ kind: 'chat', entry: { via: 'web', value: 'WhatsApp' } })]);
  });

  it('reads location, button replies and contacts; a message it cannot read is one line, not a lost message', async () => {
    const { intake, store } = await setup();
    const r = await post(intake.url, payload({
      contacts: [{ profile: { name: 'Petr' }, wa_id: '420602111222' }],
      messages: [
        { from: '420602111222', id: 'wamid.L', timestamp: String(NOON / 1000), type: 'location', location: { latitude: 49.1951, longitude: 16.6068, name: 'Home', address: 'Masarykova 1, Brno' } },
        { from: '420602111222', id: 'wamid.B', timestamp: String(NOON / 1000 + 1), type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'confirm:V-042', title: 'Confirm' } } },
        { from: '420602111222', id: 'wamid.C', timestamp: String(NOON / 1000 + 2), type: 'contacts', contacts: [{ name: { formatted_name: 'Eva' }, phones: [{ phone: '+420 603 333 444' }] }] },
        { from: '420602111222', id: 'wamid.I', timestamp: String(NOON / 1000 + 3), type: 'image', image: { id: 'media-1' } },
        { from: '420602111222', id: 'wamid.BAD', timestamp: String(NOON / 1000 + 4), type: 'location', location: { latitude: 500, longitude: 16 } },
      ],
    }));
    expect(r.body).toEqual({ stored: 4, duplicates: 0, statuses: 0 });
    const conv = store.conversations.byChannelUser('whatsapp', '420602111222')!;
    expect(store.conversations.messages(conv.id).map((m) => [m.kind, m.location ?? m.buttonData ?? m.contactPhone ?? m.text])).toEqual([
      ['location', { lat: 49.1951, lon: 16.6068 }], ['button', 'confirm:V-042'], ['contact', '+420 603 333 444'], ['text', '(image message: open WhatsApp to see it)'],
    ]);
  });

  it('answers go out through the Cloud API with the access token; statuses move their delivery; free text is refused after the window closes', async () => {
    const { intake, desk, store, graph, advance } = await setup();
    await post(intake.url, textMessage('wamid.A', 'hi'));
    const conv = desk.conversations.byChannelUser('whatsapp', '420777123456')!;
    const sent = desk.conversations.send(conv.id, 'Ahoj, co si dáte?', 'jana', NOON);
    if (!sent.ok) throw new Error(sent.reason);
    await expect.poll(() => store.conversations.message(sent.message.id)!.delivery).toBe('sent');
    expect(graph.got).toEqual([{ auth: 'Bearer EAAG-access-token', body: { messaging_product: 'whatsapp', recipient_type: 'individual', to: '420777123456', type: 'text', text: { body: 'Ahoj, co si dáte?' } } }]);
    const wamid = store.conversations.message(sent.message.id)!.channelMessageId!;
    expect(wamid).toBe('wamid.OUT1');
    const status = (s: string) => payload({ statuses: [{ id: wamid, status: s, timestamp: String(NOON / 1000 + 70), recipient_id: '420777123456' }] });
    expect((await post(intake.url, status('delivered'))).body).toMatchObject({ statuses: 1 });
    expect(store.conversations.message(sent.message.id)!.delivery).toBe('delivered');
    await post(intake.url, status('read'));
    await post(intake.url, status('sent')); // late and out of order: changes nothing
    expect(store.conversations.message(sent.message.id)!.delivery).toBe('read');
    advance(SERVICE_WINDOW_MS);
    expect(desk.conversations.send(conv.id, 'Are you there?', 'jana', NOON + SERVICE_WINDOW_MS)).toEqual({ ok: false, reason: expect.stringMatching(/24-hour window closed/) });
  });

  it('a send the API refuses for good (re-engagement, 131047) fails with the reason; a 5xx is tried again', async () => {
    const { intake, desk, store, graph, advance } = await setup();
    await post(intake.url, textMessage('wamid.A', 'hi'));
    const conv = desk.conversations.byChannelUser('whatsapp', '420777123456')!;
    graph.errors.push({ status: 503, body: { error: { message: 'Service temporarily unavailable', code: 2 } } });
    const a = desk.conversations.send(conv.id, 'first', 'jana', NOON);
    if (!a.ok) throw new Error(a.reason);
    await expect.poll(() => graph.got.length).toBe(1);
    expect(store.conversations.message(a.message.id)!.delivery).toBe('queued');
    advance(60_000); // the retry comes due on the intake's clock
    await expect.poll(() => store.conversations.message(a.message.id)!.delivery).toBe('sent');
    expect(graph.got).toHaveLength(2);
    graph.errors.push({ status: 400, body: { error: { message: 'Re-engagement message', code: 131047 } } });
    const b = desk.conversations.send(conv.id, 'second', 'jana', NOON);
    if (!b.ok) throw new Error(b.reason);
    await expect.poll(() => store.conversations.message(b.message.id)!.delivery).toBe('failed');
    expect(store.conversations.message(b.message.id)!.failReason).toBe('WhatsApp 400 (131047): Re-engagement message');
  });

  it('after the window an approved template goes through the same outbox as a template message payload, and its delivery status follows', async () => {
    const { intake, desk, store, graph, advance } = await setup();
    await post(intake.url, textMessage('wamid.A', 'hi'));
    const conv = desk.conversations.byChannelUser('whatsapp', '420777123456')!;
    advance(SERVICE_WINDOW_MS + 60_000);
    const later = NOON + SERVICE_WINDOW_MS + 60_000;
    expect(desk.conversations.send(conv.id, 'Your pizza is on the way', 'jana', later)).toMatchObject({ ok: false });
    const template = { name: 'order_update', language: 'cs', parameters: ['Jana Nováková', '1042', '19:30'] };
    const sent = desk.conversations.send(conv.id, '[template order_update (cs)] Jana Nováková · 1042 · 19:30', 'jana', later, { template });
    if (!sent.ok) throw new Error(sent.reason);
    expect(sent.message.delivery).toBe('queued');
    await expect.poll(() => store.conversations.message(sent.message.id)!.delivery).toBe('sent');
    expect(graph.got).toEqual([{
      auth: 'Bearer EAAG-access-token',
      body: {
        messaging_product: 'whatsapp', recipient_type: 'individual', to: '420777123456', type: 'template',
        template: { name: 'order_update', language: { code: 'cs' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Jana Nováková' }, { type: 'text', text: '1042' }, { type: 'text', text: '19:30' }] }] },
      },
    }]);
    const wamid = store.conversations.message(sent.message.id)!.channelMessageId!;
    expect((await post(intake.url, payload({ statuses: [{ id: wamid, status: 'delivered', timestamp: String(later / 1000 + 5), recipient_id: '420777123456' }] }))).body).toMatchObject({ statuses: 1 });
    expect(store.conversations.message(sent.message.id)!.delivery).toBe('delivered');
    // a template is WhatsApp's: another channel's chat refuses it
    const tg = desk.conversations.receive('telegram', '501', { channelMessageId: 'tg-1', kind: 'text', text: 'hi' }, later);
    if (!tg.ok) throw new Error(tg.reason);
    expect(desk.conversations.send(tg.conversation.id, 'x', 'jana', later, { template })).toEqual({ ok: false, reason: 'templates are WhatsApp\'s; this chat is on telegram' });
  });
});
