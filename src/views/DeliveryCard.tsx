import React from 'react';
import { Box } from 'ink';
import { Text } from './Text.js';
import type { Delivery, DeliveryItem, Handoff } from '../domain/delivery.js';
import { statusText } from '../domain/order-status.js';
import { itemsTotal, lineTotal } from '../domain/delivery.js';
import { formatMoney } from '../domain/money.js';
import { formatPhone } from '../domain/phone-number.js';
import { cardFields, fieldLabels, fieldValue, type CardField } from '../desk/card-fields.js';
import type { Pane } from '../desk/state.js';
import type { CardQuote } from '../orders/apply-quote.js';
import { lineLabel } from '../desk/orders.js';
import { ScrollList } from './ScrollList.js';
import { theme } from './theme.js';
import { fit, wrapText } from './format.js';
import { fitRow, keepRows, textRow, wrapRows, type RankedRow, type Row } from './lines.js';
import { Rows } from './Rows.js';
import { orderTermsRows } from './order-terms-rows.js';
import { textWidth } from './text-width.js';

export interface DeliveryCardProps {
  delivery: Delivery;
  pane: Pane;
  addressIndex: number;
  itemIndex: number;
  width: number;
  /** Rows the card takes, exactly: the panes get what the order's header, warnings and terms leave. */
  height: number;
  currency: string;
  /** Where the newest version is in the hand-off to the POS (null: never sent; undefined: not known yet). */
  handoff?: Handoff | null;
  /** The key that resends this delivery's failed order, when it is the one the key would resend. */
  resendKey?: string;
  /** The order's quote and terms (issue 7); without it the card shows the items' total only. */
  card?: CardQuote | null;
  timeZone?: string;
  /** The home region: its numbers are shown in their national form. */
  region?: string;
  /** The desk's clock, for "next try in 12 s". */
  now?: number;
  /** The caller's warning notes ("Allergic to nuts"): shown whole above the panes. */
  warnings?: string[];
}

/** A pane needs its border, its title and one row of content (the items pane its total too). */
const PANE_MIN_ROWS = 5;
/** A pane's border and padding take this much of its width. */
const PANE_FRAME = 4;

const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** What headRows reads, and its answer for them last time. */
type HeadInputs = [Delivery, number, Handoff | null | undefined, number | undefined, string | undefined, CardQuote | null | undefined, string, string | undefined, string];
let lastHead: { inputs: HeadInputs; rows: RankedRow[] } | null = null;

/**
 * The card's rows above the panes, remembered for the last inputs: a frame asks twice (the
 * layout sizes the body with them, then the card draws them), a ringing call's banner frame too.
 */
function headRows(p: DeliveryCardProps): RankedRow[] {
  const inputs: HeadInputs = [p.delivery, p.width, p.handoff, p.now, p.resendKey, p.card, p.currency, p.timeZone, (p.warnings ?? []).join('\u0000')];
  if (lastHead && inputs.every((x, i) => x === lastHead!.inputs[i])) return lastHead.rows;
  const rows = computeHeadRows(p);
  lastHead = { inputs, rows };
  return rows;
}

function computeHeadRows(p: DeliveryCardProps): RankedRow[] {
  const { delivery: d, width, handoff } = p;
  const status = statusText(d.status, handoff, p.now ?? 0, d.posName);
  // the hand-off gets its own line while it is under way or failed: attempt, next try, reason
  const handoffLine = status.alarm ? `Not at the POS${p.resendKey ? ` (${p.resendKey} resends it)` : ''}: ${handoff?.lastError || 'no reason recorded'}`
    : status.pending ? `POS: ${status.long}` : null;
  const rows: RankedRow[] = [{
    rank: 0,
    row: fitRow([
      { text: `Order ${d.number}`, bold: true, color: theme.accent },
      { text: ` · ${status.short}`, color: status.alarm ? theme.danger : status.pending ? 'yellow' : undefined },
      { text: ` · ${d.customerName || 'no customer'} · POS ` }, { text: d.posName || 'none', color: d.posName ? undefined : theme.danger },
      { text: ` · driver ${d.driverName || '-'}` },
    ], width),
  }];
  for (const note of p.warnings ?? []) for (const row of wrapRows(note, width, { color: 'yellow', bold: true }, '⚠ ', '  ')) rows.push({ rank: 0, row });
  if (handoffLine) for (const row of wrapRows(handoffLine, width, { color: status.alarm ? theme.danger : 'yellow' })) rows.push({ rank: status.alarm ? 0 : 1, row });
  if (p.card !== undefined) rows.push(...orderTermsRows({ delivery: d, card: p.card, width, currency: p.currency, timeZone: p.timeZone ?? localZone() }));
  return rows;
}

/** The rows the card cannot do without: its header, warnings, POS failure and refusals. */
export function cardMinRows(p: DeliveryCardProps): number {
  return headRows(p).filter((r) => r.rank === 0).length;
}

const panesFit = (height: number, headRows: number) => height - headRows >= PANE_MIN_ROWS;

/** Whether the card has room for its address and items panes (else the items go in one row). */
export function cardShowsPanes(p: DeliveryCardProps): boolean {
  return panesFit(p.height, keepRows(headRows(p), Math.max(0, p.height - PANE_MIN_ROWS)).length);
}

/** One row for the items when the panes do not fit (a call rings over the card on a short terminal). */
function itemsSummary(d: Delivery, total: number, currency: string, width: number): Row {
  const items = d.items.length ? d.items.map((i) => `${i.quantity}× ${lineLabel(i)}`).join(', ') : 'no items yet';
  return textRow(`Total ${formatMoney(total, currency)} · ${items}`, width, { bold: true });
}

/** The delivery card: editable address and phone, items with the running total, point of sale and driver. */
function DeliveryCardView(p: DeliveryCardProps) {
  const { delivery: d, pane, addressIndex, itemIndex, width, height, currency, card } = p;
  const quoted = card && card.deliveryId === d.id ? card : null;
  // a draft shows today's fee; a sent order the fee it was taken with
  const fee = !quoted || d.kind !== 'delivery' ? 0 : d.status === 'draft' || d.status === 'failed' ? quoted.quote.fee : quoted.terms?.fee ?? 0;
  const total = itemsTotal(d.items) + fee;
  const head = headRows(p);
  let top = keepRows(head, Math.max(0, height - PANE_MIN_ROWS));
  const panes = panesFit(height, top.length);
  if (!panes) {
    // no room for the panes: the items in one row, if the rows that cannot go leave one
    const kept = keepRows(head, Math.max(0, height - 1));
    top = kept.length < height ? [...kept, itemsSummary(d, total, currency, width)] : kept.slice(0, height);
  }
  const paneRows = height - top.length;
  const left = Math.max(26, Math.floor(width * 0.45));
  const right = width - left;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Rows rows={top} width={width} />
      {panes && (
        <Box height={paneRows} flexShrink={0}>
          <Box flexDirection="column" width={left} height={paneRows} borderStyle="round" borderColor={pane === 'address' ? theme.selected : theme.muted} paddingX={1}>
            <Text bold wrap="truncate-end">Address & contact</Text>
            <ScrollList
              items={[...cardFields]}
              selected={addressIndex}
              focused={pane === 'address'}
              height={paneRows - 3}
              width={left - PANE_FRAME}
              keyOf={(f) => f}
              render={(f, sel, w) => (
                <Text inverse={sel && pane === 'address'} wrap="truncate-end">{fit(`${fieldLabels[f].padEnd(11)} ${shownValue(d, f, p.region) || '·'}`, w)}</Text>
              )}
            />
          </Box>
          <Box flexDirection="column" width={right} height={paneRows} borderStyle="round" borderColor={pane === 'items' ? theme.selected : theme.muted} paddingX={1}>
            <Text bold wrap="truncate-end">Items</Text>
            <ScrollList
              items={d.items.map((item, n) => ({ item, n }))}
              selected={itemIndex}
              focused={pane === 'items'}
              height={paneRows - 4}
              width={right - PANE_FRAME}
              keyOf={(x) => x.n}
              empty="No items yet: m opens the menu"
              rowsOf={({ item, n }, w) => itemRows(item, quoted?.stoppedLines.includes(n) ?? false, currency, w).length}
              render={({ item, n }, sel, w) => {
                const sold = quoted?.stoppedLines.includes(n) ?? false;
                const rows = itemRows(item, sold, currency, w);
                return rows.map((r, i) => (
                  <Box key={i} width={w} justifyContent="space-between" flexShrink={0}>
                    <Text inverse={sel && pane === 'items'} color={sold ? theme.danger : undefined} wrap="truncate-end">{r.label}</Text>
                    {r.price ? <Text color={sold ? theme.danger : undefined}>{r.price}</Text> : null}
                  </Box>
                ));
              }}
            />
            <Text bold wrap="truncate-end">Total {formatMoney(total, currency)}{fee ? <Text color={theme.muted}> incl. fee</Text> : null}</Text>
          </Box>
        </Box>
      )}
    </Box>
  );
}

/** The address pane's value of a field; the phone the one way numbers are shown. */
function shownValue(d: Delivery, f: CardField, region?: string): string {
  const v = fieldValue(d, f);
  return f === 'phone' && v && region ? formatPhone(v, region) : v;
}

/**
 * An item's rows: quantity, name, size, modifiers and the kitchen comment, wrapped whole (the
 * kitchen reads every word); the price on the first row.
 */
export function itemRows(item: DeliveryItem, soldOut: boolean, currency: string, width: number): { label: string; price: string }[] {
  const price = soldOut ? 'SOLD OUT' : formatMoney(lineTotal(item), currency).replace(` ${currency}`, '');
  const room = Math.max(8, width - textWidth(price) - 1);
  // continuation rows are indented under the name
  const lines = wrapText(`${item.quantity}× ${lineLabel(item)}`, room - 4);
  return lines.map((label, n) => ({ label: n ? `    ${label}` : label, price: n ? '' : price }));
}

/** Re-renders only when its own data changes (a ringing call must not redraw the whole desk). */
export const DeliveryCard = React.memo(DeliveryCardView);
