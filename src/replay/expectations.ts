/**
 * A fixture's `expect` step: what the screen shows, the desk's state, and what is committed,
 * read through the store's ports (src/store/ports.ts). One line per thing that differs.
 */
import type { StorePorts } from '../store/ports.js';
import type { Clock } from '../domain/clock.js';
import type { Effect } from '../desk/events.js';
import type { DeskState } from '../desk/state.js';
import { waitingCalls } from '../desk/state.js';
import type { ReplayPhone } from '../telephony/replay/replay-phone.js';
import { normalisePhone, phoneKey } from '../domain/phone-number.js';
import { presenceNow } from '../domain/presence.js';
import { entryLabel, ownerLabel, type WorkItem } from '../domain/work-item.js';
import { stripAnsi, type VirtualStdout } from './virtual-terminal.js';
import { advanceMs, type Expectation } from './format.js';
import { checkChat } from './chats.js';
import type { Colleagues } from './colleagues.js';

/** What the check reads of the running desk: its state, the effects it asked for, the phone's actions. */
export interface Seen { runner: { readonly state: DeskState }; effects: Effect[]; phone: ReplayPhone }

function get(obj: unknown, p: string): unknown {
  return p.split('.').reduce<unknown>((o, k) => (o == null ? undefined : (o as Record<string, unknown>)[k]), obj);
}

/** One line per field of `want` (a dotted path) whose value in `seen` is another. */
function fieldsDiffer(what: string, want: Record<string, unknown>, seen: unknown, found: 'saved' | 'found'): string[] {
  const out: string[] = [];
  for (const [k, w] of Object.entries(want)) {
    const got = get(seen, k);
    if (JSON.stringify(got) !== JSON.stringify(w)) out.push(`${what}.${k}: expected ${JSON.stringify(w)}, ${found} ${JSON.stringify(got)}`);
  }
  return out;
}

function list(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

export async function check(e: Expectation, s: Seen, store: StorePorts, stdout: VirtualStdout, show: boolean | undefined, clock: Clock, colleagues: Colleagues): Promise<string[]> {
  const out: string[] = [];
  const st = s.runner.state;
  if (!show) {
    const screen = stripAnsi(stdout.lastFrame());
    for (const t of list(e.screen)) if (!screen.includes(t)) out.push(`expected "${t}" on screen; screen was:\n${screen}`);
    for (const t of list(e.notScreen)) if (screen.includes(t)) out.push(`expected no "${t}" on screen; screen was:\n${screen}`);
  }
  if (e.screenName !== undefined && st.screen !== e.screenName) out.push(`expected screen ${e.screenName}, was ${st.screen}`);
  if (e.modal !== undefined && (st.modal?.kind ?? null) !== e.modal) out.push(`expected modal ${e.modal}, was ${st.modal?.kind ?? null}`);
  if (e.message !== undefined && !(st.message?.text ?? '').includes(e.message)) out.push(`expected message containing "${e.message}", was "${st.message?.text ?? ''}"`);
  if (e.registration !== undefined && st.registration.state !== e.registration) out.push(`expected registration ${e.registration}, was ${st.registration.state}`);
  if (e.openOrders !== undefined && st.openOrders.length !== e.openOrders) out.push(`expected ${e.openOrders} open orders, saw ${st.openOrders.length}`);
  if (e.waiting !== undefined) {
    const n = waitingCalls(st).length;
    if (n !== e.waiting) out.push(`expected ${e.waiting} calls waiting, saw ${n}`);
  }
  if (e.delivery === null && st.delivery) out.push(`expected no open delivery, ${st.delivery.number} is open`);
  if (e.delivery) {
    if (!st.delivery) out.push('expected an open delivery, none is open');
    else {
      // compare against what is committed, not only what the screen holds
      const saved = await store.deliveries.get(st.delivery.id);
      out.push(...fieldsDiffer('delivery', e.delivery, saved, 'saved'));
    }
  }
  if (e.deliveryCount !== undefined) {
    const n = await store.deliveries.count();
    if (n !== e.deliveryCount) out.push(`expected ${e.deliveryCount} deliveries in the database, found ${n}`);
  }
  if (e.outbox) {
    const rows = await store.outbox.list();
    if (e.outbox.count !== undefined && rows.length !== e.outbox.count) out.push(`expected ${e.outbox.count} outbox rows, found ${rows.length}`);
    if (e.outbox.last) {
      const last = rows[0] ? { ...rows[0], payload: JSON.parse(rows[0].payload) } : undefined;
      out.push(...fieldsDiffer('outbox last', e.outbox.last, last, 'found'));
    }
  }
  if (e.callbacks) {
    const { count, newest } = await store.callbacks.made();
    if (e.callbacks.count !== undefined && count !== e.callbacks.count) out.push(`expected ${e.callbacks.count} callbacks, found ${count}`);
    const last = newest ? {
      source: newest.callback.source, state: newest.item.state, phone: newest.item.phone, name: newest.item.name, owner: ownerLabel(newest.item.owner),
      attemptsLeft: newest.callback.attemptsLeft, attemptsMade: newest.callback.attemptsMade, outcome: newest.callback.outcome,
      dueInMinutes: Math.round((newest.callback.dueAt - clock()) / 60_000), offline: newest.callback.offlineAt !== null, entry: newest.item.entry.via,
    } : undefined;
    out.push(...fieldsDiffer('callbacks last', e.callbacks.last ?? {}, last, 'found'));
  }
  if (e.mail) {
    const rows = await store.mailOutbox.list();
    if (e.mail.count !== undefined && rows.length !== e.mail.count) out.push(`expected ${e.mail.count} e-mails, found ${rows.length}`);
    out.push(...fieldsDiffer('mail last', e.mail.last ?? {}, rows[0], 'found'));
  }
  if (e.transfers) {
    const rows = await store.transfers.recent();
    if (e.transfers.count !== undefined && rows.length !== e.transfers.count) out.push(`expected ${e.transfers.count} transfers, found ${rows.length}`);
    out.push(...fieldsDiffer('transfers last', e.transfers.last ?? {}, rows[0], 'found'));
  }
  if (e.calls) {
    const calls = (await store.callReport.calls({ since: 0, until: Number.MAX_SAFE_INTEGER })).reverse();
    if (calls.length !== e.calls.length) out.push(`expected ${e.calls.length} calls logged, found ${calls.length}: ${JSON.stringify(calls.map((c) => [c.remote, c.outcome]))}`);
    e.calls.forEach((want, n) => {
      const got = calls[n];
      if (!got) return;
      if (want.direction && got.direction !== want.direction) out.push(`call ${n + 1}: expected direction ${want.direction}, found ${got.direction}`);
      if (want.remote && got.remote !== want.remote) out.push(`call ${n + 1}: expected remote ${want.remote}, found ${got.remote}`);
      if (want.outcome && got.outcome !== want.outcome) out.push(`call ${n + 1}: expected outcome ${want.outcome}, found ${got.outcome}`);
      if (want.group !== undefined && (got.group ?? '') !== want.group) out.push(`call ${n + 1}: expected group "${want.group}", found "${got.group ?? ''}"`);
      if (want.linked !== undefined && (got.deliveryId !== null) !== want.linked) out.push(`call ${n + 1}: expected ${want.linked ? 'a' : 'no'} linked delivery, found ${got.deliveryId}`);
      if (want.endedAfter !== undefined) {
        const after = got.endedAt === null ? null : got.endedAt - got.startedAt;
        if (after !== advanceMs(want.endedAfter)) out.push(`call ${n + 1}: expected it to end ${want.endedAfter} after it started, found ${after === null ? 'no end' : `${after} ms`}`);
      }
    });
  }
  if (e.terms) {
    if (!st.delivery) out.push('expected an open delivery for its terms, none is open');
    else {
      const terms = await store.orderTerms.get(st.delivery.id);
      out.push(...fieldsDiffer('terms', e.terms, terms, 'saved'));
    }
  }
  if (e.scheduled) {
    const list = await store.orderTerms.scheduled(clock());
    if (e.scheduled.count !== undefined && list.length !== e.scheduled.count) out.push(`expected ${e.scheduled.count} scheduled orders, found ${list.length}`);
    const due = list.filter((x) => x.due).length;
    if (e.scheduled.due !== undefined && due !== e.scheduled.due) out.push(`expected ${e.scheduled.due} scheduled orders due for a confirmation call, found ${due}`);
  }
  if (e.customer) {
    const { phone, count, ...fields } = e.customer;
    const key = phoneKey(normalisePhone(phone, store.region));
    const cards = key ? await store.customers.withPhone(key) : [];
    if (count !== undefined && cards.length !== count) out.push(`expected ${count} customer cards with ${phone}, found ${cards.length}: ${JSON.stringify(cards.map((c) => c.name))}`);
    if (Object.keys(fields).length && !cards[0]) out.push(`expected a customer card with ${phone}, found none`);
    else out.push(...fieldsDiffer('customer', fields, cards[0], 'saved'));
  }
  if (e.presence) {
    for (const [who, want] of Object.entries(e.presence)) {
      const p = await store.presence.of(who);
      const got = p ? presenceNow(p, clock()) : 'none';
      if (got !== want) out.push(`presence of ${who}: expected ${want}, saved ${got}`);
    }
  }
  if (e.queue) {
    const waiting = await store.workItems.listWaiting();
    if (e.queue.waiting !== undefined && waiting.length !== e.queue.waiting) out.push(`expected ${e.queue.waiting} waiting in the queue, found ${waiting.length}: ${JSON.stringify(waiting.map((i) => colleagues.nameOf(i)))}`);
    const order = waiting.map((i) => colleagues.nameOf(i));
    if (e.queue.order && JSON.stringify(order) !== JSON.stringify(e.queue.order)) out.push(`expected the queue in the order ${JSON.stringify(e.queue.order)}, found ${JSON.stringify(order)}`);
    for (const [name, want] of Object.entries(e.queue.items ?? {})) {
      let item: WorkItem | null = null;
      try {
        item = await store.workItems.get(await colleagues.id(name));
      } catch (err) {
        out.push(`queue item ${name}: ${(err as Error).message}`);
        continue;
      }
      const seen = item && {
        kind: item.kind, state: item.state, owner: ownerLabel(item.owner), holder: item.holder?.operator ?? null, notes: item.notes.length,
        lastNote: item.notes.at(-1)?.text ?? null, position: item.position, entry: entryLabel(item.entry),
      };
      out.push(...fieldsDiffer(`queue item ${name}`, want, seen, 'found'));
    }
  }
  if (e.chat) out.push(...(await checkChat(store, e.chat)));
  if (e.bells !== undefined) {
    const n = s.effects.filter((x) => x.type === 'bell').length;
    if (n !== e.bells) out.push(`expected the bell ${e.bells} time(s), it rang ${n} time(s)`);
  }
  for (const a of e.phoneActions ?? []) {
    if (!s.phone.actions.some((x) => x === a || x.startsWith(a + ' '))) out.push(`expected the phone to have been asked "${a}"; it was asked: ${JSON.stringify(s.phone.actions)}`);
  }
  return out;
}
