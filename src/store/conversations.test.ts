import { afterEach, describe, expect, it } from 'vitest';
import { Store } from './index.js';
import { tempStore } from '../../test/helpers/temp-store.js';
import { NOON } from '../../test/helpers/clock.js';
import { SERVICE_WINDOW_MS, serviceWindowLeft, type InboundChat } from '../domain/conversation.js';

let cleanups: (() => void)[] = [];
afterEach(() => { cleanups.reverse().forEach((c) => c()); cleanups = []; });
const fresh = () => { const t = tempStore(); cleanups.push(t.cleanup); return t; };
const text = (id: string, t: string, over: Partial<InboundChat> = {}): InboundChat => ({ channelMessageId: id, kind: 'text', text: t, ...over });

function received(store: Store, ...args: Parameters<Store['conversations']['receive']>) {
  const r = store.conversations.receive(...args);
  if (!r.ok) throw new Error(r.reason);
  return r;
}

describe('chats in the store', () => {
  it('stores an inbound message once by its channel id, opens the conversation and one chat work item, and moves desk_changes', () => {
    const { store } = fresh();
    const before = store.deskVersion();
    const first = received(store, 'web', 'visitor-a', text('m1', 'Do you deliver to Brno?', {
      visitor: { name: 'Ann\x1b[2J Smith', phone: '777 123 456', language: 'cs', browser: 'Firefox 133', os: 'Linux', referrer: 'https://search.example/', entryPage: 'https://pizza.example/menu' },
    }), NOON);
    expect(store.deskVersion()).toBeGreaterThan(before);
    expect(first).toMatchObject({ created: true, newItem: true });
    const again = received(store, 'web', 'visitor-a', text('m1', 'Do you deliver to Brno?'), NOON + 5000);
    expect(again).toMatchObject({ created: false, newItem: false, message: { id: first.message.id } });
    expect(store.conversations.messages(first.conversation.id)).toHaveLength(1);

    const conv = store.conversations.get(first.conversation.id)!;
    expect(conv).toMatchObject({ channel: 'web', channelUserId: 'visitor-a', status: 'open', category: 'client', unread: 1, lastMessageAt: NOON, phoneKey: '+420777123456', serviceWindowEndsAt: null });
    expect(conv.visitor).toEqual({ name: 'Ann Smith', phone: '777 123 456', language: 'cs', browser: 'Firefox 133', os: 'Linux', referrer: 'https://search.example/', entryPage: 'https://pizza.example/menu' });
    const item = store.workItems.get(conv.workItemId!)!;
    expect(item).toMatchObject({ kind: 'chat', state: 'waiting', name: 'Ann Smith', language: 'cs', phoneKey: '+420777123456', entry: { via: 'web', value: 'https://pizza.example/menu' } });
    expect(item.web).toEqual({ page: 'https://pizza.example/menu', referrer: 'https://search.example/', browser: 'Firefox 133', os: 'Linux' });

    // a second message while the item waits: the same item, unread counts up
    received(store, 'web', 'visitor-a', text('m2', 'Hello?'), NOON + 60_000);
    expect(store.workItems.listWaiting()).toHaveLength(1);
    expect(store.conversations.get(conv.id)).toMatchObject({ unread: 2, lastMessageAt: NOON + 60_000 });
  });

  it('the same message arriving on two connections to the file at once lands once', () => {
    const { store, file } = fresh();
    const other = Store.open(file, { region: 'CZ', currency: 'CZK' });
    cleanups.push(() => other.close());
    const a = received(store, 'telegram', '4242', text('4242:7', 'hi'), NOON);
    const b = received(other, 'telegram', '4242', text('4242:7', 'hi'), NOON + 1);
    expect([a.created, b.created]).toEqual([true, false]);
    expect(b.message.id).toBe(a.message.id);
    expect(store.conversations.messages(a.conversation.id)).toHaveLength(1);
  });

  it('refuses bad input with the field named and stores nothing (NUL, coordinates out of range, an empty text, no message id)', () => {
    const { store } = fresh();
    const r = (m: InboundChat, user = 'u1') => store.conversations.receive('telegram', user, m, NOON);
    expect(r(text('1', 'a\0b'))).toEqual({ ok: false, reason: expect.stringMatching(/^text: .*NUL/) });
    expect(r({ channelMessageId: '2', kind: 'location', location: { lat: 91, lon: 14 } })).toEqual({ ok: false, reason: expect.stringMatching(/^location: latitude/) });
    expect(r(text('3', '   '))).toEqual({ ok: false, reason: 'text: the message is empty' });
    expect(r(text('', 'hi'))).toEqual({ ok: false, reason: expect.stringMatching(/^message id/) });
    expect(r(text('4', 'x'.repeat(4097)))).toEqual({ ok: false, reason: expect.stringMatching(/4,097 characters/) });
    expect(r(text('5', 'hi'), '')).toEqual({ ok: false, reason: expect.stringMatching(/^user id/) });
    expect(store.conversations.list()).toEqual([]);
    expect(store.workItems.listWaiting()).toEqual([]);
  });

  it('keeps a shared contact and a location with their data', () => {
    const { store } = fresh();
    const c = received(store, 'telegram', '77', { channelMessageId: '77:1', kind: 'contact', contactPhone: '+420 602 111 222', visitor: { name: 'Petr' } }, NOON);
    const l = received(store, 'telegram', '77', { channelMessageId: '77:2', kind: 'location', location: { lat: 49.1951, lon: 16.6068 } }, NOON + 1000);
    const b = received(store, 'telegram', '77', { channelMessageId: '77:3', kind: 'button', buttonData: 'confirm:V-042' }, NOON + 2000);
    expect(store.conversations.messages(c.conversation.id).map((m) => [m.kind, m.contactPhone ?? m.location ?? m.buttonData])).toEqual([
      ['contact', '+420 602 111 222'], ['location', { lat: 49.1951, lon: 16.6068 }], ['button', 'confirm:V-042'],
    ]);
    expect(l.message.direction).toBe('in');
    expect(b.message.delivery).toBeNull();
  });

  it('a closed conversation opens again with a new work item when the person writes again', () => {
    const { store } = fresh();
    const first = received(store, 'web', 'v', text('a', 'hi'), NOON);
    const itemId = first.conversation.workItemId!;
    expect(store.workItems.accept(itemId, { operator: 'jana', console: 'c1' }, NOON + 1000).ok).toBe(true);
    expect(store.conversations.close(first.conversation.id, 'jana', NOON + 2000)).toMatchObject({ ok: true, conversation: { status: 'closed' } });
    expect(store.workItems.get(itemId)!.state).toBe('done');
    const next = received(store, 'web', 'v', text('b', 'me again'), NOON + 3000);
    expect(next.newItem).toBe(true);
    expect(next.conversation.status).toBe('open');
    expect(next.conversation.workItemId).not.toBe(itemId);
    expect(store.workItems.get(next.conversation.workItemId!)!.state).toBe('waiting');
    // closing one that still waits expires its item
    store.conversations.close(next.conversation.id, 'petr', NOON + 4000);
    expect(store.workItems.get(next.conversation.workItemId!)!.state).toBe('expired');
  });

  it('an outbound message goes through the outbox: queued, claimed with a lease, sent, delivered, read; reports only move forward', () => {
    const { store } = fresh();
    const { conversation } = received(store, 'telegram', '99', text('99:1', 'hi'), NOON);
    const sent = store.conversations.send(conversation.id, 'Your pizza is on its way', 'jana', NOON + 1000, { buttons: [{ text: 'Confirm', data: 'confirm:1' }] });
    if (!sent.ok) throw new Error(sent.reason);
    expect(sent.message).toMatchObject({ direction: 'out', delivery: 'queued', author: 'jana', buttons: [{ text: 'Confirm', data: 'confirm:1' }] });
    expect(store.conversations.hasDue('telegram', NOON + 1000)).toBe(true);
    expect(store.conversations.claimDue('web', 'pump', 30_000, 10, NOON + 1000)).toEqual([]);
    const [claimed] = store.conversations.claimDue('telegram', 'pump', 30_000, 10, NOON + 1000);
    expect(claimed).toMatchObject({ messageId: sent.message.id, channelUserId: '99', text: 'Your pizza is on its way', attempts: 1 });
    // leased: nobody else takes it
    expect(store.conversations.claimDue('telegram', 'other', 30_000, 10, NOON + 2000)).toEqual([]);
    store.conversations.markSent(claimed.messageId, '99:555', NOON + 1500);
    expect(store.conversations.message(claimed.messageId)).toMatchObject({ delivery: 'sent', channelMessageId: '99:555' });
    expect(store.conversations.reportDelivery({ channel: 'telegram', channelMessageId: '99:555' }, 'read', NOON + 3000)).toBe(true);
    expect(store.conversations.reportDelivery({ messageId: claimed.messageId }, 'delivered', NOON + 4000)).toBe(true);
    expect(store.conversations.message(claimed.messageId)!.delivery).toBe('read');
    expect(store.conversations.reportDelivery({ channel: 'telegram', channelMessageId: 'nope' }, 'read', NOON)).toBe(false);
    expect(store.conversations.outboxCounts()).toMatchObject({ read: 1, queued: 0 });
  });

  it('retries later, fails with the reason, resends; a lease that ran out is claimed again', () => {
    const { store } = fresh();
    const { conversation } = received(store, 'web', 'v', text('a', 'hi'), NOON);
    const s = store.conversations.send(conversation.id, 'hello', 'jana', NOON);
    if (!s.ok) throw new Error(s.reason);
    const id = s.message.id;
    store.conversations.claimDue('web', 'p1', 10_000, 5, NOON);
    // p1 died: its lease runs out and p2 takes the row
    expect(store.conversations.claimDue('web', 'p2', 10_000, 5, NOON + 10_001).map((c) => [c.messageId, c.attempts])).toEqual([[id, 2]]);
    store.conversations.retryLater(id, 'p1', NOON + 20_000, 'not mine'); // p1 no longer holds it: nothing changes
    expect(store.conversations.hasDue('web', NOON + 15_000)).toBe(false);
    store.conversations.retryLater(id, 'p2', NOON + 20_000, 'connection refused');
    expect(store.conversations.hasDue('web', NOON + 19_999)).toBe(false);
    expect(store.conversations.claimDue('web', 'p2', 10_000, 5, NOON + 20_000)).toHaveLength(1);
    store.conversations.markFailed(id, 'p2', 'chat not found');
    expect(store.conversations.message(id)).toMatchObject({ delivery: 'failed', failReason: 'chat not found' });
    expect(store.conversations.resend(id, NOON + 30_000)).toMatchObject({ ok: true, message: { delivery: 'queued' } });
    expect(store.conversations.resend(id, NOON + 30_000)).toEqual({ ok: false, reason: expect.stringMatching(/is queued, not failed/) });
  });

  it("WhatsApp's 24-hour window: stored from the customer's message, free text refused once it closes, opened again by their next message", () => {
    const { store } = fresh();
    const { conversation } = received(store, 'whatsapp', '420777123456', text('wamid.1', 'hi', { at: NOON }), NOON + 2000);
    expect(conversation.serviceWindowEndsAt).toBe(NOON + SERVICE_WINDOW_MS);
    expect(serviceWindowLeft(conversation, NOON + 60 * 60_000)).toBe('23h 00m');
    expect(store.conversations.send(conversation.id, 'ok', 'jana', NOON + SERVICE_WINDOW_MS - 1).ok).toBe(true);
    expect(store.conversations.send(conversation.id, 'late', 'jana', NOON + SERVICE_WINDOW_MS)).toEqual({ ok: false, reason: expect.stringMatching(/24-hour window closed/) });
    received(store, 'whatsapp', '420777123456', text('wamid.2', 'still there?', { at: NOON + SERVICE_WINDOW_MS + 5000 }), NOON + SERVICE_WINDOW_MS + 6000);
    expect(store.conversations.get(conversation.id)!.serviceWindowEndsAt).toBe(NOON + 2 * SERVICE_WINDOW_MS + 5000);
    expect(store.conversations.send(conversation.id, 'yes', 'jana', NOON + SERVICE_WINDOW_MS + 7000).ok).toBe(true);
    // a late-delivered old message never shortens the window
    received(store, 'whatsapp', '420777123456', text('wamid.0', 'earlier', { at: NOON - 1000 }), NOON + SERVICE_WINDOW_MS + 8000);
    expect(store.conversations.get(conversation.id)!.serviceWindowEndsAt).toBe(NOON + 2 * SERVICE_WINDOW_MS + 5000);
  });

  it('categories, automatic messages stopped for "Not a client", read, typing', () => {
    const { store } = fresh();
    const { conversation } = received(store, 'web', 'v', text('a', 'hi'), NOON);
    expect(store.conversations.setCategory(conversation.id, 'not-client', NOON)).toMatchObject({ ok: true, conversation: { category: 'not-client' } });
    expect(store.conversations.send(conversation.id, 'We are closed now', null, NOON, { automatic: true })).toEqual({ ok: false, reason: expect.stringMatching(/no automatic messages/) });
    expect(store.conversations.send(conversation.id, 'Hello from Jana', 'jana', NOON).ok).toBe(true);
    expect(store.conversations.setCategory(conversation.id, 'vip' as never, NOON)).toEqual({ ok: false, reason: expect.stringMatching(/not one of client, spam/) });
    expect(store.conversations.markRead(conversation.id, NOON)).toMatchObject({ conversation: { unread: 0 } });
    expect(store.conversations.typing(conversation.id, 'visitor', NOON + 5)).toMatchObject({ conversation: { visitorTypingAt: NOON + 5 } });
    expect(store.conversations.send(conversation.id, '', 'jana', NOON)).toEqual({ ok: false, reason: 'the message is empty' });
    expect(store.conversations.send(999, 'x', 'jana', NOON)).toEqual({ ok: false, reason: 'no conversation 999' });
  });

  it('links a chat to a customer: the card lists every channel they used; a linked identity finds them again', () => {
    const { store } = fresh();
    const customer = store.customers.create({ name: 'Ann Smith' }, NOON);
    const tg = received(store, 'telegram', '501', text('501:1', 'hi', { visitor: { name: 'ann_s' } }), NOON);
    const wa = received(store, 'whatsapp', '420777123456', text('wamid.x', 'hi'), NOON + 1000);
    expect(store.conversations.linkCustomer(tg.conversation.id, customer, NOON + 2000)).toMatchObject({ ok: true, conversation: { customerId: customer } });
    store.conversations.linkCustomer(wa.conversation.id, customer, NOON + 3000);
    expect(store.conversations.channelsOf(customer).map((c) => [c.channel, c.channelUserId, c.label])).toEqual([['telegram', '501', 'ann_s'], ['whatsapp', '420777123456', '']]);
    expect(store.conversations.customerFor('telegram', '501')).toBe(customer);
    expect(store.conversations.list({ customerId: customer }).map((c) => c.channel).sort()).toEqual(['telegram', 'whatsapp']);
    expect(store.conversations.linkCustomer(tg.conversation.id, 12345, NOON)).toEqual({ ok: false, reason: 'no customer 12345' });
  });

  it('lists by channel, waiting, held by an operator, category and search (name, phone digits)', () => {
    const { store } = fresh();
    const a = received(store, 'web', 'a', text('a1', 'x', { visitor: { name: 'Ann Smith', phone: '777 123 456' } }), NOON);
    const b = received(store, 'telegram', 'b', text('b1', 'x', { visitor: { name: 'Bob 100%' } }), NOON + 1000);
    store.workItems.accept(b.conversation.workItemId!, { operator: 'jana', console: 'c1' }, NOON + 2000);
    store.conversations.setCategory(a.conversation.id, 'spam', NOON);
    const ids = (f: Parameters<Store['conversations']['list']>[0]) => store.conversations.list(f).map((c) => c.id);
    expect(ids({})).toEqual([b.conversation.id, a.conversation.id]);
    expect(ids({ channel: 'web' })).toEqual([a.conversation.id]);
    expect(ids({ waiting: true })).toEqual([a.conversation.id]);
    expect(ids({ heldBy: 'jana' })).toEqual([b.conversation.id]);
    expect(ids({ category: 'spam' })).toEqual([a.conversation.id]);
    expect(ids({ search: 'smi' })).toEqual([a.conversation.id]);
    expect(ids({ search: '123456' })).toEqual([a.conversation.id]);
    expect(ids({ search: '100%' })).toEqual([b.conversation.id]);
    expect(ids({ search: '%' })).toEqual([b.conversation.id]);
    // what is new across every conversation since a message id (a desk's "new message elsewhere")
    const c = received(store, 'web', 'a', text('a2', 'again'), NOON + 3000);
    expect(store.conversations.recent(a.message.id).map((m) => m.id)).toEqual([b.message.id, c.message.id]);
    expect(store.conversations.recent(c.message.id)).toEqual([]);
  });

  it("lists for the chat console in one read what reading each conversation's newest message, item and customer gives", () => {
    const { store } = fresh();
    const company = store.customers.create({ company: 'Pizza Bar' }, NOON);
    const a = received(store, 'web', 'a', text('a1', 'first', { visitor: { name: 'Ann' } }), NOON);
    received(store, 'web', 'a', { channelMessageId: 'a2', kind: 'location', location: { lat: 50.1, lon: 14.4 } }, NOON + 1000);
    const b = received(store, 'telegram', 'b', text('b1', 'hello'), NOON + 2000);
    store.workItems.accept(b.conversation.workItemId!, { operator: 'jana', console: 'c1' }, NOON + 2500);
    const reply = store.conversations.send(b.conversation.id, 'On its way', 'jana', NOON + 3000);
    if (!reply.ok) throw new Error(reply.reason);
    store.conversations.markFailed(store.conversations.claimDue('telegram', 'pump', 10_000, 5, NOON + 3000)[0].messageId, 'pump', 'chat not found');
    store.conversations.linkCustomer(b.conversation.id, company, NOON + 4000);
    store.conversations.visit('whatsapp', 'c', { name: 'Cyril' }, NOON + 5000); // no message yet, no item
    const oneByOne = store.conversations.list({}).map((conversation) => {
      const item = conversation.workItemId === null ? null : store.workItems.get(conversation.workItemId);
      const customer = conversation.customerId === null ? null : store.customers.get(conversation.customerId);
      return {
        conversation, last: store.conversations.messages(conversation.id, { limit: 1 })[0] ?? null,
        item: item && { id: item.id, state: item.state, holder: item.holder?.operator ?? null }, customerName: customer ? customer.name || customer.company : '',
      };
    });
    expect(store.conversations.listed()).toEqual(oneByOne);
    expect(oneByOne.map((r) => [r.last?.kind ?? null, r.last?.delivery ?? null, r.item?.state ?? null, r.item?.holder ?? null, r.customerName])).toEqual([
      [null, null, null, null, ''], ['text', 'failed', 'accepted', 'jana', 'Pizza Bar'], ['location', null, 'waiting', null, ''],
    ]);
    expect(oneByOne[1].last).toMatchObject({ failReason: 'chat not found' });
    expect(store.conversations.listed({ waiting: true, limit: 5 }).map((r) => r.conversation.id)).toEqual([a.conversation.id]);
    expect(store.conversations.listed({ limit: 1 })).toHaveLength(1);
  });

  it('a visitor seen before writing (the pre-chat form) gets a conversation but no work item; the channel cursor persists', () => {
    const { store, file } = fresh();
    const v = store.conversations.visit('web', 'tok-hash', { name: 'Eva', language: 'en-GB' }, NOON);
    expect(v).toMatchObject({ ok: true, conversation: { workItemId: null, visitor: { name: 'Eva', language: 'en-GB' } } });
    expect(store.workItems.listWaiting()).toEqual([]);
    expect(store.conversations.visit('web', 'tok-hash', { language: 'x!' }, NOON)).toEqual({ ok: false, reason: expect.stringMatching(/language "x!"/) });
    store.conversations.setCursor('telegram', '1001', NOON);
    const again = Store.open(file, { region: 'CZ', currency: 'CZK' });
    cleanups.push(() => again.close());
    expect(again.conversations.cursor('telegram')).toBe('1001');
    expect(again.conversations.cursor('whatsapp')).toBeNull();
  });
});
