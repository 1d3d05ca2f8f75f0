/**
 * The contract of ConversationRepository: an inbound message kept once by the channel's id with
 * its chat work item in the queue, a reply queued in the chat outbox and leased by one pump at a
 * time across two connections, the chat console's list in one read — for any engine.
 */
import { describe, expect, it } from 'vitest';
import { freshDatabases, type PortsEngine } from './engine.js';
import { NOON } from '../helpers/clock.js';

export function conversationsContract(engine: PortsEngine): void {
  describe(`chats on ${engine.name}`, () => {
    const fresh = freshDatabases(engine);

    it('an inbound message is kept once by the channel\'s id, its conversation gets one chat work item in the queue', async () => {
      const ports = await fresh.open();
      const first = await ports.conversations.receive('telegram', 'tg-42', { channelMessageId: 'm-1', kind: 'text', text: 'Hi, is the pizza coming?' }, NOON);
      const again = await ports.conversations.receive('telegram', 'tg-42', { channelMessageId: 'm-1', kind: 'text', text: 'Hi, is the pizza coming?' }, NOON + 500);
      if (!first.ok || !again.ok) throw new Error('not received');
      expect([first.created, again.created, again.message.id]).toEqual([true, false, first.message.id]);
      expect(first.newItem).toBe(true);
      expect((await ports.conversations.messages(first.conversation.id)).map((m) => m.text)).toEqual(['Hi, is the pizza coming?']);
      const colleague = await fresh.colleague();
      const waiting = await colleague.workItems.listWaiting();
      expect(waiting.map((i) => i.kind)).toEqual(['chat']);
      expect((await colleague.conversations.byChannelUser('telegram', 'tg-42'))!.id).toBe(first.conversation.id);
    });

    it('a reply is queued in the chat outbox, leased by one pump across two connections, then sent and delivered', async () => {
      const ports = await fresh.open();
      const inbound = await ports.conversations.receive('web', 'visitor-7', { channelMessageId: 'w-1', kind: 'text', text: 'Hello' }, NOON);
      if (!inbound.ok) throw new Error(inbound.reason);
      const reply = await ports.conversations.send(inbound.conversation.id, 'Your order is on its way', 'jana', NOON + 1000);
      if (!reply.ok) throw new Error(reply.reason);
      const other = await fresh.colleague();
      expect(await ports.conversations.hasDue('web', NOON + 1000)).toBe(true);
      const mine = await ports.conversations.claimDue('web', 'pump-a', 5000, 5, NOON + 1000);
      expect(mine.map((c) => [c.messageId, c.text])).toEqual([[reply.message.id, 'Your order is on its way']]);
      expect(await other.conversations.claimDue('web', 'pump-b', 5000, 5, NOON + 1000)).toEqual([]);
      await ports.conversations.markSent(reply.message.id, 'w-out-1', NOON + 1100);
      expect(await other.conversations.reportDelivery({ channel: 'web', channelMessageId: 'w-out-1' }, 'delivered', NOON + 1200)).toBe(true);
      expect((await other.conversations.message(reply.message.id))!.delivery).toBe('delivered');
      expect((await ports.conversations.outboxCounts()).delivered).toBe(1);
      // the chat console's list: the newest message with its delivery, the item taken by no one yet
      const [listed] = await other.conversations.listed({ limit: 10 });
      expect([listed.conversation.id, listed.last?.id, listed.last?.delivery, listed.item?.state, listed.customerName]).toEqual([
        inbound.conversation.id, reply.message.id, 'delivered', 'waiting', '']);
    });
  });
}
