/**
 * A work item: one client waiting for a dispatcher, whatever the channel — a ringing call, a
 * callback request, a chat (issue 15). Every console on the box sees the same queue, ordered by
 * when each client FIRST arrived (a redirected or returned item keeps its place).
 *
 *                      ┌────────── returnToQueue (at its original place) ──────────┐
 *                      ▼                                                           │
 *   (create) ──> waiting ──offer──> offered ──accept──> accepted ──finish──> done  │
 *                 │  │ ▲              │  │                 │  └──────────────────────┘
 *                 │  │ └─returnToQueue┘  │                 │
 *                 │  └──────accept───────┼─────────────────┤
 *                 │                      ▼                 ▼
 *                 └──redirect──────> redirected <──redirect─┘   (to an operator or a group, with a note;
 *                                        │                       it waits for them at its original place)
 *   waiting / offered / redirected ──> abandoned (the client gave up) | expired (too old to serve)
 *
 * `redirected` waits like `waiting` (listed, offered, accepted) but says the item was handed on.
 * done, abandoned and expired are final. Pure: no store, no clock (times are given).
 */
import { checkText, type TextField } from './outside-text.js';
import { normalisePhone, phoneKey } from './phone-number.js';

export const workItemKinds = ['call', 'callback', 'chat'] as const;
export type WorkItemKind = (typeof workItemKinds)[number];

export const workItemStates = ['waiting', 'offered', 'accepted', 'done', 'redirected', 'abandoned', 'expired'] as const;
export type WorkItemState = (typeof workItemStates)[number];

/** The legal moves, checked by `canMoveItem`; the store refuses anything else. */
export const workItemMoves: Record<WorkItemState, readonly WorkItemState[]> = {
  waiting: ['offered', 'accepted', 'redirected', 'abandoned', 'expired'],
  offered: ['accepted', 'waiting', 'redirected', 'abandoned', 'expired'],
  accepted: ['done', 'redirected', 'waiting'],
  redirected: ['offered', 'accepted', 'redirected', 'waiting', 'abandoned', 'expired'],
  done: [],
  abandoned: [],
  expired: [],
};

/** States in which an item waits in the queue (listed, may be offered or accepted). */
export const waitingStates: readonly WorkItemState[] = ['waiting', 'offered', 'redirected'];
/** States from which nothing moves. */
export const finalStates: readonly WorkItemState[] = ['done', 'abandoned', 'expired'];

export function canMoveItem(from: WorkItemState, to: WorkItemState): boolean {
  return workItemMoves[from].includes(to);
}

/** Returns `to`, or throws: an illegal move is a bug in the caller (the store checks before writing). */
export function moveItem(from: WorkItemState, to: WorkItemState): WorkItemState {
  if (!canMoveItem(from, to)) throw new Error(`work item cannot go from ${from} to ${to}`);
  return to;
}

/**
 * How the client came in: the number they called or the IVR group the PBX passed (calls,
 * callbacks from a call), the web page (widget chats and callback requests), or an invitation
 * code given to them by one operator.
 */
export type EntryVia = 'number' | 'ivr' | 'web' | 'code';
export interface WorkItemEntry { via: EntryVia; value: string }

/** What a web widget reports about the visitor (all optional; text from outside). */
export interface WebVisitor { page: string; referrer: string; browser: string; os: string }

/** Who may take it: anyone on the box, anyone in a group, or one operator (by name). */
export type WorkItemOwner =
  | { to: 'anyone' }
  | { to: 'group'; groupId: number; group: string }
  | { to: 'operator'; operator: string };

/** Who has it now (offered to or accepted by): an operator and the console run that holds it. */
export interface WorkItemHolder { operator: string; console: string }

/** A note that travels with the item (a redirect's note, an operator's remark). */
export interface WorkItemNote { at: number; by: string; text: string }

export interface WorkItem {
  id: number;
  kind: WorkItemKind;
  /** The channel's own reference: a call's call_ref, a chat's conversation id, a callback's id ('' none). */
  ref: string;
  entry: WorkItemEntry;
  /** The client's language as given ('' unknown), e.g. "cs", "en-GB". */
  language: string;
  /** The client's name if given ('' none). */
  name: string;
  /** The phone as given ('' none) and its key from the one normaliser (null when none). */
  phone: string;
  phoneKey: string | null;
  /** Web entries only: what the widget reported. */
  web: WebVisitor | null;
  /** When the client first arrived (ms) and their position in the queue then (1 = first). */
  arrivedAt: number;
  position: number;
  state: WorkItemState;
  /** When it last changed state. */
  stateAt: number;
  owner: WorkItemOwner;
  holder: WorkItemHolder | null;
  notes: WorkItemNote[];
  /** Bumped by every write: a stale copy is refused. */
  version: number;
}

/** What a channel hands over to create an item; text from outside, checked by `checkNewItem`. */
export interface NewWorkItem {
  kind: WorkItemKind;
  ref?: string;
  entry: WorkItemEntry;
  language?: string;
  name?: string;
  phone?: string;
  web?: Partial<WebVisitor> | null;
  /** First arrival (default: now). A callback made from an abandoned call passes the call's arrival to keep its place. */
  arrivedAt?: number;
  owner?: WorkItemOwner;
  note?: { by: string; text: string };
}

/** A new item with every text checked and the phone normalised, ready to store. */
export type CheckedWorkItem = Pick<WorkItem, 'kind' | 'ref' | 'entry' | 'language' | 'name' | 'phone' | 'phoneKey' | 'web' | 'owner'> & {
  arrivedAt: number | null;
  note: { by: string; text: string } | null;
};

const LANGUAGE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/**
 * Check a new item from outside: every text through the one gate (src/domain/outside-text.ts),
 * the phone through the one normaliser. Returns the first problem in words, naming the field.
 */
export function checkNewItem(n: NewWorkItem, region: string): { ok: true; item: CheckedWorkItem } | { ok: false; reason: string } {
  if (!workItemKinds.includes(n.kind)) return { ok: false, reason: `kind "${String(n.kind)}" is not one of ${workItemKinds.join(', ')}` };
  if (!n.entry || !['number', 'ivr', 'web', 'code'].includes(n.entry.via)) return { ok: false, reason: 'entry must say how the client came in: number, ivr, web or code' };
  const problems: string[] = [];
  const text = (raw: string | undefined, field: TextField, what: string): string => {
    const r = checkText(raw ?? '', field);
    if (!r.ok) { problems.push(`${what}: ${r.reason}`); return ''; }
    return r.text.trim();
  };
  const ref = text(n.ref, 'id', 'ref');
  const entryValue = text(n.entry.value, n.entry.via === 'web' ? 'url' : 'label', `entry (${n.entry.via})`);
  const language = text(n.language, 'label', 'language');
  if (language && !LANGUAGE.test(language)) problems.push(`language "${language}" is not a language tag like cs or en-GB`);
  const name = text(n.name, 'name', 'name');
  const phone = text(n.phone, 'phone', 'phone');
  const web = n.web
    ? { page: text(n.web.page, 'url', 'page'), referrer: text(n.web.referrer, 'url', 'referrer'), browser: text(n.web.browser, 'label', 'browser'), os: text(n.web.os, 'label', 'OS') }
    : null;
  const note = n.note ? { by: text(n.note.by, 'name', 'note author'), text: checkNote(n.note.text, problems) } : null;
  const owner = n.owner ?? { to: 'anyone' as const };
  if (owner.to === 'operator' && !owner.operator.trim()) problems.push('owner: an operator needs a name');
  if (problems.length) return { ok: false, reason: problems[0] };
  return {
    ok: true,
    item: {
      kind: n.kind, ref, entry: { via: n.entry.via, value: entryValue }, language, name, phone,
      phoneKey: phone ? phoneKey(normalisePhone(phone, region)) : null,
      web, arrivedAt: n.arrivedAt ?? null, owner, note: note && note.text ? note : null,
    },
  };
}

function checkNote(raw: string, problems: string[]): string {
  const r = checkText(raw, 'note');
  if (!r.ok) { problems.push(`note: ${r.reason}`); return ''; }
  return r.text.trim();
}

/** A note typed by an operator (a redirect's, a remark): checked like any text from outside. */
export function checkItemNote(raw: string): { ok: true; text: string } | { ok: false; reason: string } {
  const problems: string[] = [];
  const text = checkNote(raw, problems);
  return problems.length ? { ok: false, reason: problems[0] } : { ok: true, text };
}

/** True when `operator` (a member of `groups`) may take the item: its owner allows them. */
export function mayTake(item: Pick<WorkItem, 'owner'>, operator: string, groups: readonly number[]): boolean {
  const o = item.owner;
  return o.to === 'anyone' || (o.to === 'operator' && o.operator === operator) || (o.to === 'group' && groups.includes(o.groupId));
}

/** How long the client has waited at `now`, from their first arrival (never negative). */
export function waitedMs(item: Pick<WorkItem, 'arrivedAt'>, now: number): number {
  return Math.max(0, now - item.arrivedAt);
}

/** Waiting time as a queue shows it: "42s", "3m 05s", "1h 02m". */
export function formatWait(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** The owner in words: "anyone", "group Brno", "Jana". */
export function ownerLabel(o: WorkItemOwner): string {
  return o.to === 'anyone' ? 'anyone' : o.to === 'group' ? `group ${o.group}` : o.operator;
}

/** The entry in words: "to 800 100 200", "IVR 2", "web example.cz/menu", "code #3"; '' when nothing is known of it. */
export function entryLabel(e: WorkItemEntry): string {
  if (!e.value) return e.via === 'web' ? 'web' : '';
  return e.via === 'number' ? `to ${e.value}` : e.via === 'ivr' ? `IVR ${e.value}` : e.via === 'web' ? e.value.replace(/^https?:\/\//, '') : `code ${e.value}`;
}
