/**
 * The contract of OutboxRepository and MailOutboxRepository: rows leased by one relay at a time
 * (two relays on two connections never hold the same row), a lease that runs out puts the row up
 * again with the same idempotency key, an acknowledgement ends it — for any engine.
 */
import { describe, expect, it } from 'vitest';
import { freshDatabases, type PortsEngine } from './engine.js';
import { NOON } from '../helpers/clock.js';
import { draftAtPos } from './deliveries.contract.js';

export function outboxContract(engine: PortsEngine): void {
  describe(`outboxes on ${engine.name}`, () => {
    const fresh = freshDatabases(engine);
    const open = fresh.open;

    it('each due order goes to one relay; a lapsed lease puts it up again with the same key; an acknowledgement ends it', async () => {
      const ports = await open();
      const { draft } = await draftAtPos(ports);
      const sent = await ports.sendToPointOfSale(draft, NOON);
      if (!sent.ok) throw new Error(sent.reason);
      const relay = await fresh.colleague();
      expect(await ports.outbox.hasDue(NOON)).toBe(true);
      const mine = await ports.outbox.claimDue('console-a', 1000, 5, NOON);
      const theirs = await relay.outbox.claimDue('relay-b', 1000, 5, NOON);
      expect(mine.map((r) => r.idempotencyKey)).toEqual([`ringdesk-${draft.id}-v${sent.delivery.version}`]);
      expect(theirs).toEqual([]);
      expect(await ports.outbox.markWritten(mine[0].id, 'console-a', NOON)).toBe(true);
      // console-a vanished before the answer: the lease lapses, the relay takes it with the same key
      const again = await relay.outbox.claimDue('relay-b', 1000, 5, NOON + 1001);
      expect(again.map((r) => [r.id, r.idempotencyKey, r.attempts])).toEqual([[mine[0].id, mine[0].idempotencyKey, 2]]);
      expect(await relay.outbox.acknowledge(again[0], NOON + 1100)).toBeGreaterThanOrEqual(0);
      expect((await ports.outbox.get(mine[0].id))!.state).toBe('acknowledged');
      expect(await ports.outbox.hasDue(NOON + 60_000)).toBe(false);
      expect((await ports.outbox.counts()).acknowledged).toBe(1);
    });

    it('a failed order is listed with why; resend puts it up again with the same key', async () => {
      const ports = await open();
      const { draft } = await draftAtPos(ports);
      await ports.sendToPointOfSale(draft, NOON);
      const [row] = await ports.outbox.claimDue('relay', 1000, 1, NOON);
      await ports.outbox.markFailed(row, 'relay', 'refused: unknown product', NOON + 10);
      expect((await ports.outbox.failureOf(draft.id))!.lastError).toBe('refused: unknown product');
      expect((await ports.outbox.failures()).map((f) => f.deliveryId)).toEqual([draft.id]);
      const resent = await ports.outbox.resend(row.id, NOON + 20);
      expect(resent.ok && resent.row.idempotencyKey).toBe(row.idempotencyKey);
      expect((await ports.outbox.claimDue('relay', 1000, 1, NOON + 20)).map((r) => r.id)).toEqual([row.id]);
      expect((await ports.outbox.resend(row.id + 999, NOON)).ok).toBe(false);
    });

    it('offline e-mails: queued, leased once, retried later, sent; counts by state', async () => {
      const ports = await open();
      const other = await fresh.colleague();
      const id = await ports.mailOutbox.enqueue({ kind: 'callback', to: 'jana@example.com', subject: 'We tried to call you', body: 'Call us back.' }, NOON);
      expect(await ports.mailOutbox.hasDue(NOON)).toBe(true);
      const [row] = await ports.mailOutbox.claimDue('relay-a', 1000, 5, NOON);
      expect(row.id).toBe(id);
      expect(await other.mailOutbox.claimDue('relay-b', 1000, 5, NOON)).toEqual([]);
      await ports.mailOutbox.retryLater(id, 'relay-a', NOON + 30_000, 'SMTP 451');
      expect(await other.mailOutbox.claimDue('relay-b', 1000, 5, NOON + 1000)).toEqual([]);
      const [later] = await other.mailOutbox.claimDue('relay-b', 1000, 5, NOON + 30_000);
      expect(later.id).toBe(id);
      await other.mailOutbox.markSent(id, NOON + 30_100);
      expect((await ports.mailOutbox.get(id))!.state).toBe('sent');
      expect((await ports.mailOutbox.counts()).sent).toBe(1);
    });
  });
}
