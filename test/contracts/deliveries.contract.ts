/**
 * The contract of DeliveryRepository and the units of work around it (sendToPointOfSale,
 * cancelDelivery), SessionRepository and the change feed, for any engine.
 */
import { describe, expect, it } from 'vitest';
import { freshDatabases, type PortsEngine } from './engine.js';
import type { StorePorts } from '../../src/store/ports.js';
import { NOON } from '../helpers/clock.js';
import { emptyAddress } from '../../src/domain/address.js';

/** A customer with a draft order at a point of sale that has an endpoint (so it can be sent). */
export async function draftAtPos(ports: StorePorts) {
  const pos = await ports.pointsOfSale.add('Pizza Veveří', { endpoint: 'http://127.0.0.1:9/orders', transport: 'http' });
  if (!pos.ok) throw new Error(pos.reason);
  const customerId = await ports.customers.create({ name: 'Jana', phone: { key: '+420777123456', asTyped: '777 123 456' } }, NOON);
  const draft = await ports.deliveries.createDraft({ customerId, phone: '777 123 456', phoneKey: '+420777123456', posId: pos.pos.id, timezone: 'Europe/Prague' }, NOON);
  return { pos: pos.pos, customerId, draft };
}

export function deliveriesContract(engine: PortsEngine): void {
  describe(`deliveries on ${engine.name}`, () => {
    const fresh = freshDatabases(engine);
    const open = fresh.open;

    it('a draft is created at version 1 with the outlet\'s number of the day, listed open and unfinished for the caller', async () => {
      const ports = await open();
      const { draft, customerId, pos } = await draftAtPos(ports);
      expect(draft).toMatchObject({ status: 'draft', customerId, posId: pos.id, phoneKey: '+420777123456', version: 1 });
      expect(draft.number).toMatch(/-\d{3}$/);
      expect((await ports.deliveries.get(draft.id))!.number).toBe(draft.number);
      expect((await ports.deliveries.open()).map((d) => d.id)).toEqual([draft.id]);
      expect((await ports.deliveries.unfinishedFor('+420777123456')).map((d) => d.id)).toEqual([draft.id]);
      expect((await ports.deliveries.recentForCustomer(customerId)).map((d) => d.id)).toEqual([draft.id]);
      expect(await ports.deliveries.count()).toBe(1);
    });

    it('a save moves the version; a save from an old version is merged with a colleague\'s change to another field, refused on the same field', async () => {
      const ports = await open();
      const { draft } = await draftAtPos(ports);
      const colleague = await fresh.colleague();
      const theirs = await colleague.deliveries.save({ ...draft, comment: 'ring twice' }, NOON + 1000);
      expect(theirs.ok && theirs.delivery.version).toBe(2);
      // mine was edited from version 1: another field is merged beside theirs
      const mine = await ports.deliveries.save({ ...draft, address: { ...emptyAddress, city: 'Brno', street: 'Údolní', house: '5' } }, NOON + 2000);
      expect(mine.ok).toBe(true);
      const now = (await ports.deliveries.get(draft.id))!;
      expect(now).toMatchObject({ comment: 'ring twice', version: 3 });
      expect(now.address.street).toBe('Údolní');
      // the same field changed both ways from version 1: refused, their value named
      const clash = await ports.deliveries.save({ ...draft, comment: 'leave at the door' }, NOON + 3000);
      expect(clash.ok).toBe(false);
      if (!clash.ok) expect(clash.conflicts?.map((c) => c.field)).toContain('comment');
      expect((await ports.deliveries.get(draft.id))!.comment).toBe('ring twice');
    });

    it('sendToPointOfSale commits the status and the outbox row together; the same draft sent twice is queued once', async () => {
      const ports = await open();
      const { draft } = await draftAtPos(ports);
      const sent = await ports.sendToPointOfSale(draft, NOON + 1000);
      expect(sent.ok && sent.delivery.status).toBe('sent');
      const rows = await ports.outbox.ofDelivery(draft.id);
      expect(rows.map((r) => [r.version, r.state, r.idempotencyKey])).toEqual([[2, 'queued', `ringdesk-${draft.id}-v2`]]);
      expect(await ports.outbox.handoffOf(draft.id)).toMatchObject({ state: 'queued', attempts: 0 });
      // the same draft sent again (a second console's stale copy): refused in words, never a second row for the point of sale
      const again = await ports.sendToPointOfSale(draft, NOON + 2000);
      expect(again.ok).toBe(false);
      if (!again.ok) {
        expect(again.reason).toBe(`Order ${draft.number} was already sent — now queued for Pizza Veveří; nothing sent again`);
        expect(again.current).toMatchObject({ status: 'sent', version: 2 });
      }
      expect(await ports.outbox.ofDelivery(draft.id)).toHaveLength(1);
      expect((await ports.deliveries.get(draft.id))!.version).toBe(2);
    });

    it('a stale copy of a sent order with nothing new, sent again from another connection, is refused with the order\'s status; the point of sale gets it once', async () => {
      const ports = await open();
      const { draft } = await draftAtPos(ports);
      const colleague = await fresh.colleague();
      const first = await colleague.sendToPointOfSale(draft, NOON + 1000);
      expect(first.ok).toBe(true);
      if (!first.ok) return;
      // a revision copy (already "sent") from before the colleague's send, and the newest copy sent twice
      const stale = await ports.sendToPointOfSale({ ...first.delivery, version: 1 }, NOON + 2000);
      expect(stale.ok === false && stale.reason).toMatch(/^Order .* was already sent — now queued for Pizza Veveří; nothing sent again$/);
      expect(await ports.outbox.ofDelivery(draft.id)).toHaveLength(1);
      // a draft a colleague cancelled before anyone sent it: not "already sent", what it is
      const second = await ports.deliveries.createDraft({ customerId: draft.customerId, phone: draft.phone, phoneKey: draft.phoneKey, posId: draft.posId, timezone: 'Europe/Prague' }, NOON);
      const cancelled = await colleague.cancelDelivery(second.id, second.version, 'customer', '', NOON + 3000);
      expect(cancelled.ok).toBe(true);
      const late = await ports.sendToPointOfSale(second, NOON + 4000);
      expect(late.ok === false && late.reason).toBe(`Order ${second.number} is cancelled (changed on another console) — not sent`);
      expect(await ports.outbox.ofDelivery(second.id)).toHaveLength(0);
    });

    it('cancelDelivery: a sent order gets its cancelled revision in the outbox in the same commit; a draft just ends', async () => {
      const ports = await open();
      const { draft } = await draftAtPos(ports);
      const sent = await ports.sendToPointOfSale(draft, NOON + 1000);
      if (!sent.ok) throw new Error(sent.reason);
      const cancelled = await ports.cancelDelivery(draft.id, sent.delivery.version, 'customer', '', NOON + 2000);
      expect(cancelled.ok && cancelled.delivery.status).toBe('cancelled');
      expect((await ports.outbox.ofDelivery(draft.id)).map((r) => r.version).sort()).toEqual([2, 3]);
      expect(await ports.orderTerms.get(draft.id)).toMatchObject({ cancelReason: 'customer' });

      const other = await ports.deliveries.createDraft({ customerId: null, phone: '602 111 222', phoneKey: '+420602111222' }, NOON);
      const ended = await ports.cancelDelivery(other.id, other.version, 'duplicate', '', NOON + 3000);
      expect(ended.ok && ended.delivery.status).toBe('cancelled');
      expect(await ports.outbox.ofDelivery(other.id)).toEqual([]);
      expect((await ports.cancelDelivery(other.id, other.version, 'duplicate', '', NOON + 4000)).ok).toBe(false);
    });

    it('sessions: an operator\'s open order and half-typed text are kept and read back; another operator has none', async () => {
      const ports = await open();
      expect(await ports.sessions.load('jana')).toBeNull();
      await ports.sessions.save('jana', { deliveryId: null, draft: '{"dialog":"note","text":"ring tw"}' }, NOON);
      await ports.sessions.save('jana', { deliveryId: null, draft: '{"dialog":"note","text":"ring twice"}' }, NOON + 1000);
      expect(await ports.sessions.load('jana')).toEqual({ deliveryId: null, draft: '{"dialog":"note","text":"ring twice"}' });
      expect(await ports.sessions.load('petr')).toBeNull();
    });

    it('the change feed: a colleague\'s order moves what a desk shows; a colleague\'s heartbeat does not', async () => {
      const ports = await open();
      const colleague = await fresh.colleague();
      const before = await ports.changes.deskVersion();
      await colleague.consoles.begin('c-petr', 'petr', NOON);
      await colleague.consoles.alive('c-petr', NOON + 10_000);
      expect(await ports.changes.deskVersion()).toBe(before);
      await colleague.deliveries.createDraft({ customerId: null, phone: '602 111 222', phoneKey: '+420602111222' }, NOON);
      expect(await ports.changes.deskVersion()).not.toBe(before);
    });
  });
}
