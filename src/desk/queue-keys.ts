/**
 * The queue on the desk (issue 15): Q opens the one list of every waiting client — ringing calls,
 * callback requests, chats — the longest waiting first (by first arrival), with a preview of the
 * one under the cursor (who it is, past calls and orders, tags, operators' notes) before taking
 * it. Enter accepts: a call item is answered through the call keys' path; any other kind is
 * taken in the store (of two consoles exactly one wins) and stays under "yours". r hands it to
 * an operator or a group with a note that travels with it; f finishes one of yours.
 * Pure: the runner reads and writes the store (src/desk/queue-effects.ts) and answers with events.
 */
import type { CallerLookup } from '../domain/caller.js';
import type { DeliverySummary } from '../domain/delivery.js';
import type { CallOutcome } from '../domain/call-record.js';
import { mayTake, ownerLabel, type WorkItem, type WorkItemKind, type WorkItemState } from '../domain/work-item.js';
import { typeKey } from '../domain/outside-text.js';
import { answerWith } from './call-keys.js';
import { notRegistered } from './key-refusals.js';
import { reservedElsewhere, takeRefusal, waitingCalls, type DeskState } from './state.js';
import { clamp, moveInDialog, ok, say, type Keys, type Step } from './step.js';
import type { Effect } from './events.js';

/** Whom an item can be handed to. */
export type RedirectTarget = { to: 'operator'; operator: string } | { to: 'group'; group: string };

/** What the dispatcher sees of a client before taking them. */
export interface ItemPreview {
  itemId: number;
  /** The caller card's facts for the item's phone (customers with tags and notes, unfinished orders); null: no phone. */
  lookup: CallerLookup | null;
  /** Their last calls, newest first. */
  calls: { at: number; direction: 'incoming' | 'outgoing'; outcome: CallOutcome }[];
  /** Their last orders, newest first. */
  orders: DeliverySummary[];
  /** Their earlier items (chats, callbacks, calls) in the queue, newest first. */
  items: { at: number; kind: WorkItemKind; state: WorkItemState }[];
}

/** The queue as the desk holds it (the store's, loaded by the runner). */
export interface QueueView {
  /** Waiting (waiting, offered, redirected), in first-arrival order. */
  items: WorkItem[];
  /** Accepted by this operator, not finished yet. */
  mine: WorkItem[];
  /** The groups this operator is in (ids). */
  myGroups: number[];
  /** Everyone the items can be handed to: groups first, then operators (this one left out). */
  targets: RedirectTarget[];
  preview: ItemPreview | null;
  /** The e-mail outbox of offline messages, as the POS outbox is shown: still to send (queued, sending), sent, failed. */
  mail: MailStatus;
}

export interface MailStatus { toSend: number; sent: number; failed: number }

export type QueueEvent =
  | { type: 'queue-loaded'; items: WorkItem[]; mine: WorkItem[]; myGroups: number[]; targets: RedirectTarget[]; mail?: MailStatus }
  | { type: 'item-previewed'; preview: ItemPreview }
  /** What the store said to accept / redirect / finish; `reason` when refused (a colleague was first). */
  | { type: 'item-answer'; action: 'accept' | 'redirect' | 'finish'; item: WorkItem | null; reason: string | null };

export type QueueEffect =
  | { type: 'load-queue' }
  | { type: 'preview-item'; itemId: number; phone: string }
  | { type: 'accept-item'; itemId: number }
  | { type: 'redirect-item'; itemId: number; to: RedirectTarget; note: string }
  | { type: 'finish-item'; itemId: number };

/** The pane's rows: the waiting items, then the ones this operator took. */
export function queueRows(s: DeskState): WorkItem[] {
  return [...s.queue.items, ...s.queue.mine];
}

/** The item under the cursor of the queue pane. */
export function pickedItem(s: DeskState): WorkItem | undefined {
  return s.modal?.kind === 'queue' ? queueRows(s)[s.modal.index] : undefined;
}

const isMine = (s: DeskState, item: WorkItem) => s.queue.mine.some((m) => m.id === item.id);

/** The ringing call a call item stands for, when it rings on this console. */
export function itemCall(s: DeskState, item: WorkItem) {
  return item.kind === 'call' ? waitingCalls(s).find((c) => c.id === item.ref) : undefined;
}

export function targetLabel(t: RedirectTarget): string {
  return t.to === 'group' ? `group ${t.group}` : t.operator;
}

export function acceptRefusal(s: DeskState): string | null {
  const item = pickedItem(s);
  if (!item) return 'no client waiting';
  if (isMine(s, item)) return 'already yours';
  if (item.state === 'offered' && item.holder && item.holder.operator !== s.operator.name) return `offered to ${item.holder.operator}`;
  // a call is answered where it rings: the PBX routed it to this extension, whatever group it is for
  if (item.kind === 'call' && !itemCall(s, item)) return 'this call rings on another line, not here';
  if (item.kind === 'call' && reservedElsewhere(s, itemCall(s, item)!)) return reservedElsewhere(s, itemCall(s, item)!);
  if (item.kind !== 'call' && !mayTake(item, s.operator.name, s.queue.myGroups)) return `for ${ownerLabel(item.owner)} only`;
  // a callback is dialled at once (agent first): the PBX must be there
  if (item.kind === 'callback' && notRegistered(s)) return notRegistered(s);
  // the one capacity matrix: presence, one voice conversation, the chats beside it
  return takeRefusal(s, item.kind);
}

export function redirectRefusal(s: DeskState): string | null {
  const item = pickedItem(s);
  if (!item) return 'no client waiting';
  if (!s.queue.targets.length) return 'no colleague or group to hand it to (ringdesk group add, operator add)';
  return null;
}

export function finishRefusal(s: DeskState): string | null {
  const item = pickedItem(s);
  if (!item || !isMine(s, item)) return 'only an item you accepted';
  if (item.kind === 'call') return 'a call is done when it ends';
  return item.kind === 'callback' ? 'a callback is done when its call ends (reached, or no answer: tried again)' : null;
}

export function redirectSendRefusal(s: DeskState): string | null {
  return s.modal?.kind === 'redirect' && s.modal.targets[s.modal.index] ? null : 'choose whom to hand it to';
}

/** The preview follows the cursor: asked for whenever the item under it is not the one previewed. */
function withPreview(step: Step): Step {
  const s = step.state;
  const item = pickedItem(s);
  if (!item || s.queue.preview?.itemId === item.id) return step;
  return { ...step, effects: [...step.effects, { type: 'preview-item', itemId: item.id, phone: item.phone }] };
}

const clientsUp = moveInDialog('queue', (_m, s) => queueRows(s).length);
const redirectUp = moveInDialog('redirect', (m) => m.targets.length);

/** Who the item is, in a few words: "chat Ann Smith", "call 777 123 456". */
export function itemWords(item: WorkItem): string {
  return `${item.kind} ${item.name || item.phone || item.entry.value || `#${item.id}`}`;
}

export const queueKeys = {
  'global.queue': (s) => withPreview(ok({ ...s, modal: { kind: 'queue', index: 0 } }, { type: 'load-queue' })),
  'clients.up': (s, k, id) => withPreview(clientsUp(s, k, id)),
  'clients.down': (s, k, id) => withPreview(clientsUp(s, k, id)),
  'clients.close': (s) => ok({ ...s, modal: null }),
  'clients.accept': (s) => {
    const item = pickedItem(s)!;
    const call = itemCall(s, item);
    // a call is answered as the banner's a would answer it: the call log's "answered" takes the item
    if (call) return answerWith({ ...s, modal: null }, 'route', call);
    // a callback is accepted and dialled (agent first), as D would
    if (item.kind === 'callback') return ok(say(s, 'info', `Taking callback #${item.id}…`), { type: 'callback-take', itemId: item.id });
    return ok(s, { type: 'accept-item', itemId: item.id });
  },
  'clients.finish': (s) => ok(s, { type: 'finish-item', itemId: pickedItem(s)!.id }),
  'clients.redirect': (s) => {
    const item = pickedItem(s)!;
    return ok({ ...s, modal: { kind: 'redirect', itemId: item.id, label: itemWords(item), targets: s.queue.targets, index: 0, note: '' } });
  },
  'redirect.up': redirectUp,
  'redirect.down': redirectUp,
  'redirect.cancel': (s) => backToQueue(s, s.modal?.kind === 'redirect' ? s.modal.itemId : null),
  'redirect.send': (s) => {
    const m = s.modal;
    if (m?.kind !== 'redirect') return ok(s);
    return ok(s, { type: 'redirect-item', itemId: m.itemId, to: m.targets[m.index], note: m.note.trim() });
  },
} satisfies Keys;

/** Back to the queue pane, the cursor on `itemId` when it is still listed. */
function backToQueue(s: DeskState, itemId: number | null): Step {
  const at = queueRows(s).findIndex((i) => i.id === itemId);
  return withPreview(ok({ ...s, modal: { kind: 'queue', index: Math.max(0, at) } }));
}

/** A key typed into the redirect note (the one length limit for notes). */
export function typeIntoRedirect(s: DeskState, key: string): Step | null {
  const m = s.modal;
  if (m?.kind !== 'redirect') return null;
  if (key === 'delete') return ok({ ...s, modal: { ...m, note: [...m.note].slice(0, -1).join('') } });
  const t = typeKey(m.note, key, 'note');
  if (!t.ok) return ok(say(s, 'error', t.reason));
  return ok({ ...s, modal: { ...m, note: t.text } });
}

/** The queue's events: what the store holds now, a preview, the answer to accept / redirect / finish. */
export function onQueueEvent(s: DeskState, e: QueueEvent): Step {
  switch (e.type) {
    case 'queue-loaded': {
      const picked = pickedItem(s);
      const queue = { ...s.queue, items: e.items, mine: e.mine, myGroups: e.myGroups, targets: e.targets, mail: e.mail ?? s.queue.mail };
      const next: DeskState = { ...s, queue };
      if (next.modal?.kind !== 'queue') return ok(next);
      // the cursor stays on the same client when others arrive or leave
      const rows = queueRows(next);
      const at = picked ? rows.findIndex((i) => i.id === picked.id) : -1;
      return withPreview(ok({ ...next, modal: { ...next.modal, index: at >= 0 ? at : clamp(next.modal.index, rows.length) } }));
    }
    case 'item-previewed':
      return ok({ ...s, queue: { ...s.queue, preview: e.preview } });
    case 'item-answer': {
      const reload: Effect = { type: 'load-queue' };
      if (e.reason !== null) return ok(say(s.modal?.kind === 'redirect' ? { ...s, modal: { kind: 'queue', index: 0 } } : s, 'error', `${e.action}: ${e.reason}`), reload);
      const item = e.item!;
      if (e.action === 'accept') return ok(say(s, 'info', `Accepted ${itemWords(item)}: yours now (f when done, r to hand it on)`), reload);
      if (e.action === 'finish') return ok(say(s, 'info', `Done with ${itemWords(item)}`), reload);
      const next = say(s, 'info', `Handed ${itemWords(item)} to ${ownerLabel(item.owner)}${item.notes.length ? ' with the note' : ''}`);
      return ok({ ...next, modal: { kind: 'queue', index: 0 } }, reload);
    }
  }
}
