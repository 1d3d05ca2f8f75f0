/**
 * How the console's rows are shared, computed from what each part draws: the status bar is one
 * row, the banner as many rows as bannerRows returns (plus its border), the message line one
 * row, the help bar as many as helpBarRows returns; the body gets the rest. Nothing is guessed,
 * so nothing is drawn over anything else.
 */
import type { DeskState } from '../desk/state.js';
import { activeCall, onFullScreen, ringingCall, waitingCalls } from '../desk/state.js';
import { shownOrders, shownScheduled } from '../desk/list-search.js';
import { refusalSentences } from './order-terms-rows.js';
import { cardMinRows, cardShowsPanes, type DeliveryCardProps } from './DeliveryCard.js';
import { failedOrdersRow } from './FailedOrders.js';
import { failedToResend } from '../desk/key-refusals.js';
import { keyLabel, keymap, resolveKey } from '../desk/keymap.js';
import { bannerRows, BANNER_FRAME_ROWS } from './CallBanner.js';
import { helpBarRows } from './HelpBar.js';
import { statusRow } from './StatusBar.js';
import { textRow, type Row } from './lines.js';
import { queueRows } from '../desk/queue-keys.js';
import { shownChats } from '../desk/chat-desk.js';
import { chatHints, chatPanes } from './chats/chat-rows.js';
import { theme } from './theme.js';

export const MIN_COLUMNS = 60;
export const MIN_ROWS = 16;

/** The ? overlay, the calls-waiting list and the queue (which show the banner's call themselves) keep the banner aside. */
function bannerAside(s: DeskState): boolean {
  return s.modal?.kind === 'help' || s.modal?.kind === 'waiting' || s.modal?.kind === 'queue';
}

export interface ScreenLayout {
  status: Row;
  /** The failed-orders line under the status bar (an order not at its POS); null when none. */
  alert: Row | null;
  /** The banner's rows inside its border; null when no call rings (or the help overlay is open). */
  banner: Row[] | null;
  /** Rows the banner takes with its border. */
  bannerHeight: number;
  /** Rows left for the list, the card, a dialog or a full screen. */
  bodyHeight: number;
  message: Row;
  help: Row[];
}

/** The field editor under the card: the field in a border, or the bare field on a short terminal. */
export function editRows(s: DeskState): number {
  return s.modal?.kind !== 'edit' ? 0 : s.size.rows >= 20 ? 3 : 1;
}
/** The caller card beside the order on a wide terminal. */
export const SIDE_CARD_COLUMNS = 36;

/** The order card's props for this state (null when the card is not on screen). */
export function deliveryCardProps(s: DeskState, height: number, timeZone?: string): DeliveryCardProps | null {
  const d = s.delivery;
  if (s.screen !== 'delivery' || !d || (s.modal && s.modal.kind !== 'edit')) return null;
  const call = activeCall(s);
  return {
    delivery: d, pane: s.pane, addressIndex: s.addressIndex, itemIndex: s.itemIndex, width: bodyWidth(s), height: height - editRows(s),
    currency: s.currency, handoff: s.handoff?.deliveryId === d.id ? s.handoff.handoff : undefined,
    resendKey: failedToResend(s)?.deliveryId === d.id ? resendKeyLabel : undefined, card: s.order.card, timeZone,
    region: s.region, now: s.now, warnings: (call?.lookup?.customers ?? []).map((c) => c.note).filter(Boolean),
  };
}

/** The resend key as the keymap spells it (the one table). */
const resendKeyLabel = keyLabel(keymap.find((c) => c.id === 'global.resend')!.keys[0]);

/** What the failed-orders line says about resending: the key when it works here, else how to get to it. */
function resendHint(s: DeskState): string {
  const f = failedToResend(s);
  const hit = resolveKey(s, keymap.find((c) => c.id === 'global.resend')!.keys[0]);
  if (hit?.command.id === 'global.resend' && !hit.disabled) return `${resendKeyLabel} resends ${f?.number ?? ''}`.trim();
  return `close this, then ${resendKeyLabel} resends`;
}

/** Whether the caller card stands beside the order (a wide terminal, on a call). */
export function sideCard(s: DeskState): boolean {
  return s.screen === 'delivery' && !!activeCall(s) && s.size.columns >= 110;
}
/** The width of the list or the order card. */
export function bodyWidth(s: DeskState): number {
  return sideCard(s) ? s.size.columns - SIDE_CARD_COLUMNS : s.size.columns;
}

/** The body rows a screen needs to stay readable under a banner: a dialog more than the list, the card its critical rows. */
function bodyWants(s: DeskState, timeZone?: string): number {
  if (s.modal && s.modal.kind !== 'edit') return 6;
  if (onFullScreen(s) || s.screen === 'chats') return 6;
  const card = deliveryCardProps(s, 0, timeZone);
  return card ? Math.max(5, cardMinRows(card) + editRows(s)) : 3;
}

/**
 * The message line: one row; "✗" before an error and "»" before information, so they differ
 * without colour; cut with "…" (M shows it whole).
 */
export function messageRow(s: DeskState): Row {
  const m = s.message;
  if (!m || !m.text) return [];
  return textRow(`${m.kind === 'error' ? '✗' : '»'} ${m.text}`, s.size.columns, { color: m.kind === 'error' ? theme.danger : theme.ok });
}

/** The last layouts by state: a ringing call's banner drawn alone (src/views/quick-banner.tsx) and then the whole frame share one. */
const laidOut = new WeakMap<DeskState, { timeZone?: string; layout: ScreenLayout }>();

/** The frame is one row shorter than the terminal, so Ink never scrolls or clears it. */
export function screenLayout(s: DeskState, timeZone?: string): ScreenLayout {
  const known = laidOut.get(s);
  if (known && known.timeZone === timeZone) return known.layout;
  const layout = layOut(s, timeZone);
  laidOut.set(s, { timeZone, layout });
  return layout;
}

function layOut(s: DeskState, timeZone?: string): ScreenLayout {
  const height = s.size.rows - 1;
  const help = helpBarRows(s);
  const alert = failedOrdersRow(s.failedOrders, s.size.columns, resendHint(s));
  const room = height - 2 - help.length - (alert ? 1 : 0);
  // the ? overlay and the calls-waiting list take the whole body: the banner is not drawn over them (its keys wait until they close)
  const banner = bannerAside(s) ? null : bannerRows(s, Math.max(1, room - bodyWants(s, timeZone) - BANNER_FRAME_ROWS), timeZone);
  // a note longer than the screen is cut at the bottom rather than pushing the frame past the terminal
  const shown = banner ? banner.slice(0, Math.max(1, room - 1 - BANNER_FRAME_ROWS)) : null;
  const bannerHeight = shown ? shown.length + BANNER_FRAME_ROWS : 0;
  return { status: statusRow(s, timeZone), alert, banner: shown, bannerHeight, bodyHeight: Math.max(1, room - bannerHeight), message: messageRow(s), help };
}

/**
 * The texts this state must show whole on its frame (checked by src/views/frame-rules.ts): the
 * ringing caller's warning on the banner; on the order card, the caller's warning and every
 * reason the order is refused; on the chat console from 80x24, every hint and empty-state sentence.
 */
export function wholeTexts(s: DeskState): string[] {
  if (s.size.columns < MIN_COLUMNS || s.size.rows < MIN_ROWS) return [];
  const out: string[] = [];
  const ringing = bannerAside(s) ? undefined : ringingCall(s);
  for (const c of ringing?.lookup?.customers ?? []) if (c.note) out.push(c.note);
  const cardShown = s.screen === 'delivery' && s.delivery && (!s.modal || s.modal.kind === 'edit');
  if (cardShown) {
    for (const c of activeCall(s)?.lookup?.customers ?? []) if (c.note) out.push(c.note);
    const card = s.order.card;
    if (card && card.deliveryId === s.delivery!.id) out.push(...refusalSentences(s.delivery!, card));
  }
  // the chat console's hints and empty-state sentences, in whole words from the desk's own 80x24
  if (s.screen === 'chats' && !s.modal && s.size.columns >= 80 && s.size.rows >= 24 && screenLayout(s).bannerHeight === 0) {
    out.push(...chatHints(s, chatPanes(s.size.columns).right > 0));
  }
  return [...new Set(out)];
}

/**
 * Whether this state's frame shows a list with a row selected, which must then carry the "›"
 * marker (checked by src/views/frame-rules.ts `marked`): with NO_COLOR neither colour nor
 * inverse video shows the cursor. The customers and calls screens keep their own lists' state
 * (src/views/customers, src/views/calls) and are tested there.
 */
export function selectionShown(s: DeskState, timeZone?: string): boolean {
  if (s.size.columns < MIN_COLUMNS || s.size.rows < MIN_ROWS) return false;
  const m = s.modal;
  if (m && m.kind !== 'edit') {
    switch (m.kind) {
      case 'chooser': return m.customers.length > 0;
      case 'menu': return m.results.length > 0;
      case 'pos': case 'pick': return m.options.length > 0;
      case 'cancel': return m.reasons.length > 0;
      case 'waiting': return waitingCalls(s).length > 0;
      case 'queue': return queueRows(s).length > 0;
      case 'redirect': return m.targets.length > 0;
      case 'help': case 'category': case 'customer-form': case 'item': case 'client-edit': return true;
      case 'chat-pick': return m.options.length > 0;
      default: return false;
    }
  }
  if (onFullScreen(s)) return false;
  // the chat console's conversations: the one under the cursor carries the marker
  if (s.screen === 'chats') return shownChats(s).length > 0 && s.size.columns >= MIN_COLUMNS;
  const card = deliveryCardProps(s, screenLayout(s, timeZone).bodyHeight, timeZone);
  if (card) return cardShowsPanes(card) && (s.pane === 'address' || card.delivery.items.length > 0);
  return s.listView === 'scheduled' ? shownScheduled(s).length > 0 : shownOrders(s).length > 0;
}
