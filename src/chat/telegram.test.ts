import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../store/index.js';
import { tempStore } from '../../test/helpers/temp-store.js';
import { NOON } from '../../test/helpers/clock.js';
import { botUser, callbackUpdate, messageUpdate, startFakeBotApi, type FakeUser } from '../../test/helpers/telegram-fake.js';
import { startTelegram } from './telegram.js';
import { startChatPump } from './chat-pump.js';

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => { for (const c of cleanups.reverse()) await c(); cleanups = []; });

const TOKEN = '7012345678:AAH-fake-token-for-tests_0123456789';
const petr: FakeUser = { id: 4242, first_name: 'Petr', last_name: 'Svoboda', username: 'petr_s', language_code: 'cs' };

async function setup(o: { token?: string } = {}) {
  const t = tempStore();
  let clock = NOON;
  const now = () => clock;
  const api = await startFakeBotApi(TOKEN, now);
  const logs: string[] = [];
  const telegram = startTelegram({ store: t.store, token: o.token ?? TOKEN, apiRoot: api.url, now, log: (l) => logs.push(l), pollSeconds: 1 });
  const pump = startChatPump({ store: t.store, owner: 'tg-test', senders: { telegram: telegram.sender }, now, pollMs: 30, baseDelayMs: 20, maxDelayMs: 50 });
  const desk = Store.open(t.file, { region: 'CZ', currency: 'CZK' });
  cleanups.push(() => t.cleanup(), () => desk.close(), () => api.close(), () => telegram.stop(), () => pump.stop());
  return { ...t, api, telegram, pump, desk, logs, advance: (ms: number) => { clock += ms; } };
}

describe('Telegram by getUpdates long polling (grammY against a fake Bot API server on loopback)', () => {
  it('stores text, a shared contact (the phone becomes the visitor\'s) and a location; each update is confirmed only after it was stored', async () => {
    const { api, store } = await setup();
    const u1 = api.push(messageUpdate(petr, NOON, { text: 'Máte dnes otevřeno?' }));
    const u2 = api.push(messageUpdate(petr, NOON + 1000, { contact: { phone_number: '+420777123456', first_name: 'Petr', user_id: petr.id } }));
    const u3 = api.push(messageUpdate(petr, NOON + 2000, { location: { latitude: 49.1951, longitude: 16.6068 } }));
    await api.confirmed(u3);
    const conv = store.conversations.byChannelUser('telegram', '4242')!;
    expect(conv.visitor).toEqual({ name: 'Petr Svoboda', language: 'cs', phone: '+420777123456' });
    expect(conv.phoneKey).toBe('+420777123456');
    expect(store.conversations.messages(conv.id).map((m) => [m.kind, m.text, m.contactPhone ?? m.location ?? null, m.at])).toEqual([
      ['text', 'Máte dnes otevřeno?', null, NOON],
      ['contact', 'Petr', '+420777123456', NOON + 1000],
      ['location', '', { lat: 49.1951, lon: 16.6068 }, NOON + 2000],
    ]);
    expect(store.conversations.cursor('telegram')).toBe(String(u3 + 1));
    expect(api.calls.filter((c) => c.method === 'getUpdates').map((c) => c.offset).slice(0, 2)).toEqual([0, u3 + 1]);
    expect(api.calls.slice(0, 2).map((c) => c.method)).toEqual(['getMe', 'deleteWebhook']);
    expect([u1, u2]).toEqual([1, 2]);
  });

  it('an update delivered twice (not confirmed before a restart) is stored once', async () => {
    const { api, store } = await setup();
    const u = api.push(messageUpdate(petr, NOON, { text: 'jedna' }));
    api.pushAgain(u);
    const again = api.push(messageUpdate(petr, NOON, { text: 'dvě' }));
    await api.confirmed(again);
    const conv = store.conversations.byChannelUser('telegram', '4242')!;
    expect(store.conversations.messages(conv.id).map((m) => m.text)).toEqual(['jedna', 'dvě']);
  });

  it('/start is answered with the greeting and the "Share my phone" (request_contact) button, through the outbox', async () => {
    const { api, store } = await setup();
    api.push(messageUpdate(petr, NOON, { text: '/start', entities: [{ type: 'bot_command', offset: 0, length: 6 }] }));
    await expect.poll(() => api.sent.length).toBe(1);
    expect(api.sent[0]).toMatchObject({ chat_id: '4242', text: expect.stringMatching(/^Hello!/), reply_markup: { keyboard: [[{ text: 'Share my phone', request_contact: true }]], one_time_keyboard: true, resize_keyboard: true } });
    const conv = store.conversations.byChannelUser('telegram', '4242')!;
    await expect.poll(() => store.conversations.messages(conv.id).map((m) => [m.direction, m.delivery])).toEqual([['in', null], ['out', 'sent']]);
  });

  it('the desk sends an order confirmation with inline buttons; the pressed button is stored and answered (answerCallbackQuery)', async () => {
    const { api, store, desk } = await setup();
    const first = api.push(messageUpdate(petr, NOON, { text: 'Objednávka?' }));
    await api.confirmed(first);
    const conv = desk.conversations.byChannelUser('telegram', '4242')!;
    const sent = desk.conversations.send(conv.id, 'V-042: 2× Margherita, 398 Kč, at 12:45. Confirm?', 'jana', NOON, {
      buttons: [{ text: 'Confirm', data: 'confirm:V-042' }, { text: 'Cancel', data: 'cancel:V-042' }],
    });
    if (!sent.ok) throw new Error(sent.reason);
    await expect.poll(() => api.sent.length).toBe(1);
    expect(api.sent[0].reply_markup).toEqual({ inline_keyboard: [[{ text: 'Confirm', callback_data: 'confirm:V-042' }, { text: 'Cancel', callback_data: 'cancel:V-042' }]] });
    await expect.poll(() => store.conversations.message(sent.message.id)).toMatchObject({ delivery: 'sent', channelMessageId: `4242:${api.sent[0].message_id}` });
    const press = api.push(callbackUpdate(petr, 'confirm:V-042', 'cbq-1'));
    await api.confirmed(press);
    expect(api.answered).toEqual([{ callback_query_id: 'cbq-1', text: 'Thank you, noted.' }]);
    expect(store.conversations.messages(conv.id).at(-1)).toMatchObject({ direction: 'in', kind: 'button', buttonData: 'confirm:V-042' });
  });

  it('a blocked bot (403) fails the message with the reason; 429 waits as Telegram asks', async () => {
    const { api, store, desk, advance } = await setup();
    await api.confirmed(api.push(messageUpdate(petr, NOON, { text: 'hi' })));
    const conv = desk.conversations.byChannelUser('telegram', '4242')!;
    api.failNext('sendMessage', 429, 'Too Many Requests: retry after 7', 7);
    const a = desk.conversations.send(conv.id, 'one', 'jana', NOON);
    if (!a.ok) throw new Error(a.reason);
    await expect.poll(() => api.calls.filter((c) => c.method === 'sendMessage').length).toBe(1);
    expect(store.conversations.hasDue('telegram', NOON + 6_000)).toBe(false);
    advance(7_000);
    await expect.poll(() => store.conversations.message(a.message.id)!.delivery).toBe('sent');
    api.failNext('sendMessage', 403, 'Forbidden: bot was blocked by the user');
    const b = desk.conversations.send(conv.id, 'two', 'jana', NOON + 7_000);
    if (!b.ok) throw new Error(b.reason);
    await expect.poll(() => store.conversations.message(b.message.id)!.delivery).toBe('failed');
    expect(store.conversations.message(b.message.id)!.failReason).toBe('Telegram: 403 Forbidden: bot was blocked by the user');
  });

  it('a wrong token: one clear line, retried, and the token is never in the log', async () => {
    const { logs } = await setup({ token: '7012345678:AAH-wrong-token-xyz' });
    await expect.poll(() => logs.length).toBeGreaterThan(0);
    expect(logs[0]).toMatch(/^Telegram: 401 Unauthorized; again in [\d.]+ s$/);
    expect(logs.join('\n')).not.toContain('AAH-wrong-token');
    expect(botUser.username).toBe('pizza_desk_bot');
  });
});
