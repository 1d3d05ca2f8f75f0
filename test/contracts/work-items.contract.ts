/**
 * The contract of WorkItemRepository, GroupRepository, OperatorRepository and PresenceRepository:
 * one queue shared by every console, each move one transaction; the callbacks made — for any engine.
 */
import { describe, expect, it } from 'vitest';
import { freshDatabases, type PortsEngine } from './engine.js';
import type { NewWorkItem } from '../../src/domain/work-item.js';
import { NOON } from '../helpers/clock.js';
import { callbackTerms } from '../../src/domain/callback.js';

const jana = { operator: 'jana', console: 'c-jana' };
const petr = { operator: 'petr', console: 'c-petr' };
const call = (ref: string): NewWorkItem => ({ kind: 'call', ref, entry: { via: 'number', value: '800 100 200' }, phone: '777 123 456' });

export function workItemsContract(engine: PortsEngine): void {
  describe(`the queue on ${engine.name}`, () => {
    const fresh = freshDatabases(engine);
    const open = fresh.open;

    it('one item per channel reference; waiting in arrival order; accepted once across two connections; finished; each move recorded', async () => {
      const ports = await open();
      const colleague = await fresh.colleague();
      const a = await ports.workItems.create(call('call-1'), NOON);
      const again = await colleague.workItems.create(call('call-1'), NOON + 300);
      const b = await ports.workItems.create({ kind: 'callback', entry: { via: 'ivr', value: '2' }, phone: '602 111 222', arrivedAt: NOON - 1000 }, NOON + 500);
      if (!a.ok || !again.ok || !b.ok) throw new Error('not created');
      expect([a.created, again.created, again.item.id]).toEqual([true, false, a.item.id]);
      expect((await colleague.workItems.listWaiting()).map((i) => i.id)).toEqual([b.item.id, a.item.id]);
      expect(a.item.phoneKey).toBe('+420777123456');
      const [first, second] = await Promise.all([ports.workItems.accept(a.item.id, jana, NOON + 1000), colleague.workItems.accept(a.item.id, petr, NOON + 1000)]);
      expect([first.ok, second.ok].filter(Boolean)).toHaveLength(1);
      expect((await ports.workItems.heldBy('jana')).map((i) => i.id)).toEqual(first.ok ? [a.item.id] : []);
      const winner = first.ok ? 'jana' : 'petr';
      expect((await ports.workItems.finish(a.item.id, winner, NOON + 2000)).ok).toBe(true);
      expect((await ports.workItems.get(a.item.id))!.state).toBe('done');
      expect((await ports.workItems.history(a.item.id)).map((m) => m.to)).toEqual(['waiting', 'accepted', 'done']);
      expect((await ports.workItems.byRef('call', 'call-1'))!.id).toBe(a.item.id);
    });

    it("a live call's invitation code: every console finds it without using it; the answer uses it once (a one-off one is then spent)", async () => {
      const ports = await open();
      const colleague = await fresh.colleague();
      const made = await ports.invitationCodes.create({ operator: 'jana' }, NOON);
      if (!made.ok) throw new Error(made.reason);
      const [here, there] = await Promise.all([ports.invitationCodes.find(made.code, NOON + 1000), colleague.invitationCodes.find(made.code, NOON + 1000)]);
      expect([here.ok && here.code.id, there.ok && there.code.id]).toEqual([made.record.id, made.record.id]);
      expect((await ports.invitationCodes.get(made.record.id))!.uses).toBe(0);
      await colleague.invitationCodes.markUsed(made.record.id, NOON + 2000);
      expect((await ports.invitationCodes.get(made.record.id))!.uses).toBe(1);
      expect((await ports.invitationCodes.find(made.code, NOON + 3000)).ok).toBe(false);
      expect(await ports.invitationCodes.find('12', NOON)).toEqual({ ok: false, reason: 'an invitation code is 6 digits' });
    });

    it('a console found gone gives back what it held, at the item\'s place', async () => {
      const ports = await open();
      const a = await ports.workItems.create(call('call-2'), NOON);
      if (!a.ok) throw new Error(a.reason);
      await ports.workItems.accept(a.item.id, jana, NOON + 100);
      expect(await ports.workItems.returnHeldBy('c-jana', NOON + 200, 'console gone')).toEqual([a.item.id]);
      expect((await ports.workItems.get(a.item.id))!).toMatchObject({ state: 'waiting', holder: null });
    });

    it('callbacks made: how many, and the newest with its work item', async () => {
      const ports = await open();
      expect(await ports.callbacks.made()).toEqual({ count: 0, newest: null });
      const terms = callbackTerms({ dueAt: NOON + 600_000 }, NOON);
      if (!terms.ok) throw new Error(terms.reason);
      for (const phone of ['602 111 222', '777 123 456']) {
        const made = await ports.callbacks.create({ item: { ref: `web:${phone}`, entry: { via: 'web', value: '' }, phone }, source: 'web', terms: terms.terms }, NOON);
        if (!made.ok) throw new Error(made.reason);
      }
      const seen = await (await fresh.colleague()).callbacks.made();
      expect(seen.count).toBe(2);
      expect(seen.newest?.item).toMatchObject({ kind: 'callback', phone: '777 123 456' });
      expect(seen.newest?.callback.dueAt).toBe(NOON + 600_000);
    });

    it('groups and their members; operators\' limits; presence seen by a colleague, its version moving', async () => {
      const ports = await open();
      const colleague = await fresh.colleague();
      const g = await ports.groups.add('Brno', NOON);
      expect(g.ok).toBe(true);
      expect((await ports.groups.add('Brno', NOON)).ok).toBe(false);
      const m = await ports.groups.addMember('Brno', 'jana', NOON);
      expect(m.ok && m.group.members).toEqual(['jana']);
      expect((await colleague.groups.byName('Brno'))!.members).toEqual(['jana']);
      expect(await ports.groups.groupsOf('jana')).toEqual([(await ports.groups.byName('Brno'))!.id]);

      const op = await ports.operators.upsert({ name: 'jana', extension: '101' });
      expect((await ports.operators.byName('jana'))!.id).toBe(op.id);
      await ports.operators.setLimits('jana', { maxChats: 2 });
      expect((await ports.operators.ownLimits('jana'))!.maxChats).toBe(2);

      const v = await colleague.presence.version();
      await ports.presence.set('jana', { status: 'break', until: null, since: NOON }, 'c-jana');
      expect(await colleague.presence.of('jana')).toEqual({ status: 'break', until: null, since: NOON });
      expect((await colleague.presence.all()).map((p) => p.operator)).toEqual(['jana']);
      // on a break: there for a callback (it can wait), not for a caller on the line
      const present = await colleague.presence.present(NOON + 1000);
      expect([[...present.online], [...present.available]]).toEqual([['jana'], []]);
      expect(await colleague.presence.version()).not.toBe(v);

      // wrapping up counts as available (POST /callbacks' offline message); offline is neither
      await ports.presence.set('petr', { status: 'wrap-up', until: NOON + 5_000, since: NOON }, 'c-petr');
      await ports.presence.set('eva', { status: 'offline', until: null, since: NOON }, 'c-eva');
      const atNoon = await colleague.presence.present(NOON);
      expect({ online: [...atNoon.online].sort(), available: [...atNoon.available].sort() }).toEqual({ online: ['jana', 'petr'], available: ['petr'] });
      expect([...(await colleague.presence.present(NOON + 5_000)).available]).toEqual(['petr']);
    });
  });
}
