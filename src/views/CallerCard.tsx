import React from 'react';
import type { DeskCall } from '../desk/state.js';
import { displayPhone } from '../domain/phone-number.js';
import { formatMoney } from '../domain/money.js';
import { categoryStyle, theme } from './theme.js';
import { statusText } from '../domain/order-status.js';
import { countryName, dateTime, initials, timeOrDay } from './format.js';
import { fitRow, keepRows, textRow, wrapRows, type RankedRow } from './lines.js';
import { Rows } from './Rows.js';
import { callerWho } from './caller-words.js';
import { callbackLine } from '../domain/callback.js';
import { DEFAULT_TIMEZONE } from '../domain/local-time.js';

export interface CallerCardProps {
  call: DeskCall;
  operator: { name: string; extension: string };
  currency: string;
  /** The home region: its numbers are shown in their national form. */
  region: string;
  width: number;
  /** Rows the card may take; the least important go first, the caller's note never. */
  height?: number;
  timeZone?: string;
  /** The desk's clock (dates of this year are shown without the year). */
  now?: number;
  /** The banner shows the number in its own field: the card then leaves it out. */
  numberShown?: boolean;
}

/** Who the console is, as the card says it: "ext 101 alice", or "operator root (no extension)". */
export function operatorWords(operator: { name: string; extension: string }): string {
  return operator.extension ? `ext ${operator.extension} ${operator.name}` : `operator ${operator.name || '?'} (no extension)`;
}

/**
 * S4's caller card as rows, most important first by rank: the note (never dropped, wrapped
 * whole), who is calling and what they owe, then when and to whom, where they are, and their
 * open orders.
 */
export function callerCardRows(p: Omit<CallerCardProps, 'height'>): RankedRow[] {
  const { call, operator, currency, region, width: w, timeZone, now } = p;
  const customers = call.lookup?.customers ?? [];
  const c = customers.length === 1 ? customers[0] : null;
  const open = call.lookup?.unfinished ?? [];
  const rows: RankedRow[] = [];
  const who = callerWho(call.lookup);
  rows.push({ rank: 1, row: fitRow([{ text: ` ${c ? initials(c.name || c.company) : '?'} `, inverse: true }, { text: ' ' }, { text: who, bold: true }], w) });
  if (c?.company && c.name) rows.push({ rank: 3, row: textRow(c.name, w) });
  rows.push({
    rank: 2,
    row: fitRow([
      { text: call.direction.toUpperCase(), bold: true },
      { text: ` ${dateTime(call.startedAt, timeZone, now)} → ${operatorWords(operator)}` },
      ...(call.spam ? [{ text: ' SPAM', color: theme.danger, bold: true }] : []),
    ], w),
  });
  if (!p.numberShown) {
    rows.push({
      rank: 1,
      row: fitRow([
        { text: call.direction === 'incoming' ? 'From ' : 'To ' }, { text: displayPhone(call.number, region), bold: true },
        ...(call.number.kind === 'invalid' ? [{ text: ' (not a valid number)', color: theme.danger }] : []),
      ], w),
    });
  }
  if (c) {
    const where = place(c.city, c.country, call);
    rows.push({ rank: 2, row: fitRow([{ text: categoryStyle[c.category].word, color: categoryStyle[c.category].color, bold: true }, { text: where ? ` · ${where}` : '' }], w) });
    if (c.debt > 0) rows.push({ rank: 1, row: textRow(`owes ${formatMoney(c.debt, currency)}`, w, { color: theme.danger, bold: true }) });
  }
  // the caller's warning is read in full, however many rows it takes
  for (const x of customers.length === 1 ? customers : customers.filter((x) => x.note)) {
    if (!x.note) continue;
    const label = customers.length > 1 ? `${x.name || x.company}: ` : '';
    for (const row of wrapRows(label + x.note, w, { color: 'yellow', bold: true }, '⚠ ', '  ')) rows.push({ rank: 0, row });
  }
  if (customers.length > 1) {
    for (const x of customers.slice(0, 4)) rows.push({ rank: 2, row: textRow(`· ${x.name}${x.company ? ` (${x.company})` : ''}`, w) });
  }
  open.slice(0, 3).forEach((d, n) => rows.push({
    rank: n === 0 ? 1 : 2,
    row: textRow(`${d.number} ${statusText(d.status, d.handoff, 0).brief} ${timeOrDay(d.promisedAt, timeZone, now ?? call.startedAt)} · ${d.driverName || 'no driver'} · ${unpaidWord(d.unpaid ?? d.total, currency)}`, w, { color: theme.accent }),
  }));
  const cb = call.lookup?.callback;
  if (cb) rows.push({ rank: 1, row: textRow(`↺ ${callbackLine(cb, now ?? call.startedAt, timeZone ?? DEFAULT_TIMEZONE)}`, w, { color: theme.selected, bold: true }) });
  if (open.length > 3) rows.push({ rank: 3, row: textRow(`+${open.length - 3} more open orders`, w, { color: theme.muted }) });
  return rows;
}

/** S4's caller card: who is calling, what they have open, and where they are. */
function CallerCardView(p: CallerCardProps) {
  const rows = callerCardRows(p);
  return <Rows rows={p.height === undefined ? rows.map((r) => r.row) : keepRows(rows, p.height)} width={p.width} />;
}

/** "unpaid 476.00 CZK" or "paid": what the courier still collects. */
function unpaidWord(unpaid: number, currency: string): string {
  return unpaid > 0 ? `unpaid ${formatMoney(unpaid, currency)}` : 'paid';
}

/** City and country: the card's city, its country or else the country of the number's region, by name. */
function place(city: string, country: string, call: DeskCall): string {
  const region = country || (call.number.kind === 'valid' ? call.number.region ?? '' : '');
  return [city, countryName(region)].filter(Boolean).join(', ');
}

/** Re-renders only when its own data changes (a ringing call must not redraw the whole desk). */
export const CallerCard = React.memo(CallerCardView);
