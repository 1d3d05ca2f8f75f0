/**
 * The queue's effects against the store (issue 15), for the runner: load what every console
 * shares, preview a client, accept / redirect / finish — each answered with an event. And the
 * call items: a call ringing here is an item in the queue (made once per call, whichever
 * console logs it first), taken when answered, done when it ends, abandoned when the caller
 * gave up; written with the call log's own rows (after the frame, kept through a lock).
 */
import type { Store } from '../store/index.js';
import type { StorePorts } from '../store/ports.js';
import { clipText } from '../domain/outside-text.js';
import type { WorkItemOwner } from '../domain/work-item.js';
import type { CallLog, DeskEvent } from './events.js';
import type { QueueEffect, RedirectTarget } from './queue-keys.js';
import { conversationOfItem } from './chat-effects.js';

export interface QueueContext {
  ports: StorePorts;
  operator: string;
  /** This console run (src/store/consoles.ts): the holder of what it accepts. */
  console: string;
  now: () => number;
  dispatch: (e: DeskEvent) => void;
}

export async function runQueueEffect(c: QueueContext, e: QueueEffect): Promise<void> {
  const { ports: store } = c;
  const me = { operator: c.operator, console: c.console };
  switch (e.type) {
    case 'load-queue': return c.dispatch(await loadQueue(c));
    case 'preview-item': {
      const lookup = e.phone ? await store.lookupCaller(e.phone) : null;
      const customer = lookup?.customers[0];
      const [calls, orders, items] = await Promise.all([
        customer ? store.callReport.forCustomer(customer.id, 5) : [],
        customer ? store.deliveries.recentForCustomer(customer.id, 3) : [],
        lookup?.key ? store.workItems.pastFor(lookup.key, e.itemId, 3) : [],
      ]);
      return c.dispatch({
        type: 'item-previewed',
        preview: { itemId: e.itemId, lookup, calls: calls.map((k) => ({ at: k.startedAt, direction: k.direction, outcome: k.outcome })), orders, items },
      });
    }
    case 'accept-item': {
      const r = await store.workItems.accept(e.itemId, me, c.now());
      c.dispatch({ type: 'item-answer', action: 'accept', item: r.item, reason: r.ok ? null : r.reason });
      // a chat taken in the queue opens in the chat console (issue 16)
      const conversationId = r.ok && r.item ? conversationOfItem(r.item) : null;
      if (conversationId !== null) c.dispatch({ type: 'chat-taken', conversationId });
      return;
    }
    case 'redirect-item': {
      const r = await store.workItems.redirect(e.itemId, e.to.to === 'group' ? { group: e.to.group } : { operator: e.to.operator }, { by: c.operator, text: e.note }, c.now());
      return c.dispatch({ type: 'item-answer', action: 'redirect', item: r.item, reason: r.ok ? null : r.reason });
    }
    case 'finish-item': {
      const r = await store.workItems.finish(e.itemId, c.operator, c.now());
      return c.dispatch({ type: 'item-answer', action: 'finish', item: r.item, reason: r.ok ? null : r.reason });
    }
  }
}

/** Everything the queue pane shows, as the store holds it now. */
export async function loadQueue(c: Pick<QueueContext, 'ports' | 'operator'>): Promise<DeskEvent> {
  const { ports: store } = c;
  const [groups, operators, m, items, mine, myGroups] = await Promise.all([
    store.groups.list(), store.operators.list(), store.mailOutbox.counts(), store.workItems.listWaiting(), store.workItems.heldBy(c.operator), store.groups.groupsOf(c.operator),
  ]);
  const targets: RedirectTarget[] = [
    ...groups.map((g): RedirectTarget => ({ to: 'group', group: g.name })),
    ...operators.filter((o) => o.name !== c.operator).map((o): RedirectTarget => ({ to: 'operator', operator: o.name })),
  ];
  return { type: 'queue-loaded', items, mine, myGroups, targets, mail: { toSend: m.queued + m.sending, sent: m.sent, failed: m.failed } };
}

/**
 * A call-log row, mirrored on the call's work item (incoming calls only). `name`: who the caller
 * card says it is. True when the queue changed. Written with the call-log row it follows, inside
 * the same brief wait for another connection's lock (src/desk/kept-writes.ts): on the SQLite store.
 */
export function followCall(store: Store, c: Pick<QueueContext, 'operator' | 'console'>, entry: CallLog, name: string): boolean {
  const items = store.workItems;
  if (entry.op === 'start') {
    if (entry.direction !== 'incoming') return false;
    // the group it was routed to owns it (colleagues' queues show "for group …"); the entry says how it came in
    // an invitation code's dispatcher or group owns it before the group the PBX routed it to
    const group = entry.group ? store.groups.byName(entry.group) : null;
    const r = entry.reservedFor;
    const owner: WorkItemOwner | undefined = r ? ('operator' in r ? { to: 'operator', operator: r.operator } : { to: 'group', groupId: r.groupId, group: r.group })
      : group ? { to: 'group', groupId: group.id, group: group.name } : undefined;
    return items.create({
      kind: 'call', ref: entry.callRef, entry: entry.entry ?? { via: 'number', value: '' }, phone: clipText(entry.remote, 'phone'), name, ...(owner ? { owner } : {}),
    }, entry.at).ok;
  }
  if (entry.op === 'link' || entry.op === 'figures' || entry.op === 'recorded') return false;
  const item = items.byRef('call', entry.callRef);
  if (!item) return false;
  if (entry.op === 'answered') return items.accept(item.id, { operator: c.operator, console: c.console }, entry.at).ok;
  // ended: ours is done; one still waiting was given up on (a colleague's answer is theirs to close)
  if (item.state === 'accepted') return item.holder?.console === c.console && items.finish(item.id, c.operator, entry.at).ok;
  if (entry.outcome === 'answered-elsewhere') return false;
  return items.abandon(item.id, entry.at, entry.outcome).ok;
}
