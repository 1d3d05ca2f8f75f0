/**
 * The chat console's rows as data (src/views/lines.ts): the conversations on the left, the tabs
 * of this operator's chats, the timeline and the reply in the centre, the client's card on the
 * right. Each row is cut or wrapped to its pane, so the panes' heights are what they draw.
 */
import type { DeskState } from '../../desk/state.js';
import {
  categoryWords, chatName, frontChat, newCustomerRefusal, windowRefusal, funnelWords, messageLine, myChats, shownChats, type ChatRow, type ChatThread, type TimelineEntry,
} from '../../desk/chat-desk.js';
import { channelLabel, serviceWindowLeft, type Channel, type ChatMessage } from '../../domain/conversation.js';
import { formatMoney } from '../../domain/money.js';
import { formatPhone } from '../../domain/phone-number.js';
import { statusText } from '../../domain/order-status.js';
import { categoryStyle, theme } from '../theme.js';
import { fitStart, shortTime, timeOrDay } from '../format.js';
import { formatWait } from '../../domain/work-item.js';
import { fitRow, hintRows, rowWidth, textRow, wrapRows, type Row } from '../lines.js';

/** Below this width the client's card leaves the screen (its name stays in the conversation's head). */
export const CLIENT_PANE_MIN_COLUMNS = 76;

/** The three panes' widths: the client's card only from CLIENT_PANE_MIN_COLUMNS. */
export function chatPanes(width: number): { left: number; centre: number; right: number } {
  const left = Math.max(22, Math.floor(width * 0.3));
  const right = width >= CLIENT_PANE_MIN_COLUMNS ? Math.max(22, Math.floor(width * 0.27)) : 0;
  return { left, centre: width - left - right, right };
}

/**
 * The chat console's hints and empty-state sentences, in one place: drawn in whole words on as
 * many rows as they need (`hintRows`, never cut with "…"), and checked whole on every frame of
 * the layout and console tests (`chatHints` → src/views/layout.ts `wholeTexts`).
 */
export const chatHintText = {
  search: '/ finds name or phone',
  funnels: ['v channel', 'G kind'],
  noMatch: 'No chat matches the search',
  noChat: 'No chat in this funnel (←/→ changes it)',
  sync: '^R sync',
  noneMine: 'No chat of yours yet: Enter takes the one under the cursor',
  noneOpen: 'No chat open',
  reply: ['i writes', 'r canned', 'o order + time'],
  afterWindow: ['window closed', 't sends a template'],
  goesOn: '(i goes on)',
  noFront: 'No chat in front',
  unknown: 'not a known customer',
  newCustomer: 'n new customer',
  orderKeys: ['a wait', 'c conf', 'u cancel', 'd came'],
  newOrder: 'N new order',
} as const;
const hint = { color: theme.muted };

const channelMark: Record<Channel, string> = { web: 'web', telegram: 'tg', whatsapp: 'wa' };

/** The left pane's head: the search (with its cursor while typed) and the funnels. */
export function chatListHead(s: DeskState, width: number): Row[] {
  const f = s.chats.filter;
  const search: Row | null = s.chats.searching
    ? [{ text: '/ ', bold: true, color: theme.accent }, { text: fitStart(f.query, Math.max(1, width - 3)) }, { text: ' ', inverse: true }]
    : f.query ? fitRow([{ text: 'Find ', color: theme.muted }, { text: f.query, bold: true }], width) : null;
  // only the funnels that narrow are named, so all of them fit the narrow pane
  const funnels: Row = [
    { text: `‹${funnelWords[f.funnel]}›`, bold: true, color: theme.accent },
    ...(f.channel !== 'all' ? [{ text: ` ${channelLabel(f.channel)}`, color: theme.accent }] : []),
    ...(f.category !== 'all' ? [{ text: ` ${categoryWords[f.category]}`, color: theme.accent }] : []),
  ];
  const head = search ? [search] : hintRows(chatHintText.search, width, hint);
  if (f.channel !== 'all' || f.category !== 'all') return [...head, fitRow(funnels, width)];
  // the keys that narrow beside the funnel when they fit, else on the rows below it
  const keys = chatHintText.funnels.join(' · ');
  if (rowWidth(funnels) + 1 + keys.length <= width) return [...head, [...funnels, { text: ` ${keys}`, ...hint }]];
  return [...head, fitRow(funnels, width), ...hintRows(chatHintText.funnels, width, hint)];
}

/** The left pane when no conversation is shown: why, and what changes it. */
export function chatListEmpty(s: DeskState, width: number): Row[] {
  return hintRows(s.chats.filter.query ? chatHintText.noMatch : chatHintText.noChat, width, hint);
}

/** What one conversation's rows of the left pane show besides the conversation itself. */
export interface ChatItemFacts {
  /** Its place among this operator's chats (its number key), -1 when not theirs. */
  tab: number;
  /** New messages counted while it was not in front. */
  badge: number;
  /** The desk's clock (how long a waiting chat waits). */
  now: number;
  /** This operator's name: a colleague holding the chat is named. */
  me: string;
}

/** The facts of one conversation's rows, from the desk's state. */
export function chatItemFacts(s: DeskState, r: ChatRow, mine: ChatRow[] = myChats(s)): ChatItemFacts {
  return {
    tab: mine.findIndex((m) => m.conversation.id === r.conversation.id), badge: s.chats.badges[String(r.conversation.id)] ?? 0,
    // only a waiting chat counts the time: the others' rows do not change with the clock
    now: r.waiting ? s.now : 0, me: s.operator.name,
  };
}

/** One conversation of the left pane: who, its tab number when it is this operator's, new messages. */
export function chatItemRows(r: ChatRow, f: ChatItemFacts, selected: boolean, width: number): Row[] {
  const unread = Math.max(f.badge, r.conversation.unread);
  const flag = r.waiting ? `waits ${formatWait(f.now - r.conversation.lastMessageAt)}` : r.holder && r.holder !== f.me ? r.holder : '';
  const head = fitRow([
    { text: f.tab >= 0 ? `${f.tab + 1} ` : '', bold: true, color: theme.accent },
    { text: chatName(r), bold: true, inverse: selected },
    ...(unread ? [{ text: ` ●${unread}`, bold: true, color: theme.ringing }] : []),
  ], width);
  const more = fitRow([
    { text: `${channelMark[r.conversation.channel]} `, color: theme.muted },
    ...(flag ? [{ text: `${flag} `, color: r.waiting ? theme.ringing : theme.muted }] : []),
    { text: r.last || '(no message yet)', color: theme.muted },
  ], width);
  return [head, more];
}

/** The tabs: this operator's chats by number, the one in front marked, a badge on those with news. */
export function tabsRows(s: DeskState, width: number): Row[] {
  const mine = myChats(s);
  if (!mine.length) return hintRows(chatHintText.noneMine, width, hint);
  return [fitRow(mine.flatMap((r, n) => {
    const badge = s.chats.badges[String(r.conversation.id)];
    const front = r.conversation.id === s.chats.front;
    return [
      { text: `${n ? ' ' : ''}${n + 1}`, bold: true, color: theme.accent },
      { text: ` ${chatName(r)}`, bold: front, inverse: front },
      ...(badge ? [{ text: ` ●${badge}`, bold: true, color: theme.ringing }] : []),
    ];
  }), width)];
}

/** The conversation's head: channel, who, its category, WhatsApp's window countdown. */
export function threadHead(s: DeskState, width: number): Row {
  const r = frontChat(s);
  if (!r) return textRow(chatHintText.noneOpen, width, hint);
  const c = r.conversation;
  const window = serviceWindowLeft(c, s.now);
  // the category and the window before the name: the name is cut first (the tabs and the card say it too)
  return fitRow([
    { text: `${channelMark[c.channel]} `, color: theme.muted },
    { text: categoryWords[c.category], color: c.category === 'client' ? theme.muted : theme.danger },
    ...(c.status === 'closed' ? [{ text: ' · closed', color: theme.muted }] : []),
    ...(window ? [{ text: ` · window ${window}`, color: window === 'closed' ? theme.danger : theme.ringing }] : []),
    { text: ` · ${chatName(r)}`, bold: true },
  ], width);
}

const deliveryMark: Record<NonNullable<ChatMessage['delivery']>, string> = { queued: '…', sent: '✓', delivered: '✓✓', read: '✓✓ read', failed: '✗' };

/** One timeline entry as rows: a message wrapped under its time, a call, an order. */
export function timelineRows(t: TimelineEntry, width: number, currency: string, now: number, timeZone?: string): Row[] {
  // a time today, the day for an earlier session
  const at = timeOrDay(t.at, timeZone, now);
  if (t.kind === 'call') return [textRow(`${at} ☎ ${t.direction === 'incoming' ? 'call in' : 'call out'} · ${t.outcome}`, width, { color: theme.muted })];
  if (t.kind === 'order') return [textRow(`${at} ▤ order ${t.number} · ${statusText(t.status, null, 0).brief} · ${formatMoney(t.total, currency)}`, width, { color: theme.accent })];
  const m = t.message;
  const from = t.here ? '' : `[${channelMark[t.channel]}] `;
  const text = messageLine(m);
  if (m.direction === 'in') return wrapRows(`${from}${text}`, width, { bold: t.here }, `${at} ‹ `, '  ');
  const mark = m.delivery ? ` ${deliveryMark[m.delivery]}` : '';
  const rows = wrapRows(`${from}${text}`, width, { color: t.here ? theme.ok : theme.muted }, `${at} › `, '  ');
  const tail = m.delivery === 'failed' ? textRow(`  ✗ not delivered${m.failReason ? `: ${m.failReason}` : ''}`, width, { color: theme.danger }) : null;
  if (mark && !tail) rows[rows.length - 1] = fitRow([...rows[rows.length - 1], { text: mark, color: theme.muted }], width);
  return tail ? [...rows, tail] : rows;
}

/** The reply being typed (its end and the cursor in view), or how to start one. */
export function replyRows(s: DeskState, width: number): Row[] {
  const id = s.chats.front;
  const text = id !== null ? s.chats.texts[String(id)] ?? '' : '';
  if (s.chats.composing && id !== null) return [[{ text: '› ', bold: true, color: theme.accent }, { text: fitStart(text, Math.max(1, width - 3)) }, { text: ' ', inverse: true }]];
  // the text is cut, the hint after it never
  const goesOn = ` ${chatHintText.goesOn}`;
  if (text) return [[{ text: '› ', color: theme.muted }, ...fitRow([{ text }], Math.max(1, width - 2 - goesOn.length)), { text: goesOn, ...hint }]];
  return frontChat(s) ? hintRows(replyHint(s), width, hint) : [[]];
}

/** How to answer the chat in front: write, or — WhatsApp past its window — an approved template. */
function replyHint(s: DeskState): readonly string[] {
  return windowRefusal(s) ? chatHintText.afterWindow : chatHintText.reply;
}

/** The right pane: the client's card as the chat knows it (editable with e), every channel they used, their order. */
export function clientRows(s: DeskState, t: ChatThread | null, width: number, timeZone?: string): Row[] {
  const r = frontChat(s);
  if (!r) return hintRows(chatHintText.noFront, width, hint);
  const out: Row[] = [];
  const c = t?.customer;
  const v = r.conversation.visitor;
  if (c) {
    out.push(textRow(c.name || c.company || '(no name)', width, { bold: true }));
    out.push(textRow(categoryStyle[c.category].word, width, { color: categoryStyle[c.category].color }));
    if (c.note) out.push(...wrapRows(c.note, width, { color: 'yellow' }, '⚠ ', '  '));
  } else {
    out.push(textRow(v.name || '(no name given)', width, { bold: true }));
    out.push(...hintRows(linkHint(t) ?? unknownHint(s), width, { color: theme.ringing }));
  }
  if (v.phone && !c) out.push(textRow(`☎ ${formatPhone(v.phone, s.region)}`, width));
  for (const line of t?.reachedBy ?? []) out.push(textRow(line, width, { color: theme.muted }));
  if (v.language || v.browser || v.os) out.push(textRow([v.language, v.browser, v.os].filter(Boolean).join(' · '), width, { color: theme.muted }));
  if (v.entryPage) out.push(textRow(`page ${v.entryPage}`, width, { color: theme.muted }));
  const d = t?.order;
  if (d) {
    out.push(textRow(`Order ${d.number}`, width, { bold: true }));
    out.push(textRow(`${statusText(d.status, null, 0).brief} · ${formatMoney(d.total, s.currency)}${d.promisedAt !== null ? ` · ${shortTime(d.promisedAt, timeZone)}` : ''}`, width));
    out.push(...hintRows(chatHintText.orderKeys, width, hint));
  }
  if (t?.location) out.push(...hintRows([`📍 ${t.location.lat.toFixed(4)}, ${t.location.lon.toFixed(4)}`, chatHintText.newOrder], width, hint));
  return out;
}

/** Not a customer yet: and n makes one when the chat gave a name and a phone. */
function unknownHint(s: DeskState): string[] {
  return newCustomerRefusal(s) ? [chatHintText.unknown] : [chatHintText.unknown, chatHintText.newCustomer];
}

/** The card's hint when the chat's phone finds customers to link with l. */
function linkHint(t: ChatThread | null): string | null {
  if (!t?.candidates.length) return null;
  return `l links to ${t.candidates.length === 1 ? t.candidates[0].name || 'the customer' : `one of ${t.candidates.length}`}`;
}

/**
 * The hints and empty-state sentences this state puts on the chat console, each a text the
 * frame must show whole (src/views/layout.ts `wholeTexts`): the same texts the rows above draw.
 */
export function chatHints(s: DeskState, clientShown: boolean): string[] {
  const out: string[] = [];
  const f = s.chats.filter;
  if (!s.chats.searching && !f.query) out.push(chatHintText.search);
  if (f.channel === 'all' && f.category === 'all') out.push(...chatHintText.funnels);
  if (!shownChats(s).length) out.push(f.query ? chatHintText.noMatch : chatHintText.noChat);
  out.push(chatHintText.sync);
  if (!myChats(s).length) out.push(chatHintText.noneMine);
  const r = frontChat(s);
  if (!r) out.push(chatHintText.noneOpen);
  else if (!s.chats.composing) out.push(...(s.chats.texts[String(s.chats.front)] ? [chatHintText.goesOn] : replyHint(s)));
  if (!clientShown) return out;
  if (!r) return [...out, chatHintText.noFront];
  const t = s.chats.thread?.conversationId === s.chats.front ? s.chats.thread : null;
  if (!t?.customer) out.push(...(linkHint(t) === null ? unknownHint(s) : [linkHint(t)!]));
  if (t?.order) out.push(...chatHintText.orderKeys);
  if (t?.location) out.push(chatHintText.newOrder);
  return out;
}

/**
 * How old the chats on screen are, by the minute: an idle desk's clock moves by the minute, so a
 * read made after its last tick is "just now", never a negative or frozen count of seconds.
 */
export function syncAge(now: number, syncedAt: number | null): string {
  if (syncedAt === null) return 'not read yet';
  const ms = Math.max(0, now - syncedAt);
  const min = Math.floor(ms / 60_000);
  if (min < 1) return 'synced just now';
  return min < 60 ? `synced ${min} min ago` : `synced ${formatWait(ms)} ago`;
}

/** The left pane's foot: how old the chats on screen are (S5's "sync now"). */
export function syncRows(s: DeskState, width: number): Row[] {
  const at = s.chats.syncedAt;
  const n = shownChats(s).length;
  return hintRows([syncAge(s.now, at), chatHintText.sync, `${n} ${n === 1 ? 'chat' : 'chats'}`], width, { color: at !== null && s.now - at > 5 * 60_000 ? theme.danger : theme.muted });
}
