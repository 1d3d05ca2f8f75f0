import React from 'react';
import { Box } from 'ink';
import type { DeskState } from '../desk/state.js';
import { ringingCall, waitingCalls } from '../desk/state.js';
import { displayPhone } from '../domain/phone-number.js';
import { callerCardRows } from './CallerCard.js';
import { fitRow, keepRows, textRow, type RankedRow, type Row } from './lines.js';
import { Rows } from './Rows.js';
import { theme } from './theme.js';

/** The banner's border and padding take this much of the width. */
const FRAME_COLUMNS = 4;
/** Columns of padding inside the border, each side. */
export const BANNER_PADDING = 1;
/** The banner's border (Ink's "double" style), for the banner drawn alone (src/views/quick-banner.tsx). */
export const BANNER_BORDER = { topLeft: '╔', top: '═', topRight: '╗', left: '║', right: '║', bottomLeft: '╚', bottom: '═', bottomRight: '╝' } as const;
/** The border's colour: a spam call's in danger red. */
export const bannerColor = (spam: boolean): string => (spam ? theme.danger : theme.ringing);
/** Its border takes these rows. */
export const BANNER_FRAME_ROWS = 2;

/**
 * The banner's rows inside its border, at most `max` (the number and the caller's note are
 * never dropped): the number in its own field, the caller card, who else waits. Null when no
 * call rings.
 */
export function bannerRows(state: DeskState, max: number, timeZone?: string): Row[] | null {
  const call = ringingCall(state);
  if (!call) return null;
  const w = Math.max(1, state.size.columns - FRAME_COLUMNS);
  const rows: RankedRow[] = [{
    rank: 0,
    row: fitRow([
      { text: '☎ INCOMING CALL', bold: true, color: theme.ringing }, { text: '  ' },
      { text: ` ${displayPhone(call.number, state.region)} `, bold: true, inverse: true },
      ...(call.number.kind === 'invalid' ? [{ text: ' not a valid number', color: theme.danger }] : []),
      ...(call.group ? [{ text: `  for ${call.group}`, bold: true }] : []),
    ], w),
  }];
  rows.push(...callerCardRows({ call, operator: state.operator, currency: state.currency, region: state.region, width: w, timeZone, now: state.now, numberShown: true }));
  const others = waitingCalls(state).filter((c) => c.id !== call.id);
  if (others.length) {
    const list = others.map((c) => displayPhone(c.number, state.region) + (c.hidden ? ' (ignored)' : '')).join(', ');
    rows.push({ rank: 1, row: textRow(`also waiting (${others.length}): ${list}`, w, { color: theme.ringing }) });
  }
  return keepRows(rows, max);
}

/** The incoming-call banner around rows made by bannerRows (its height is theirs plus the border). */
export function CallBanner({ rows, spam, width }: { rows: Row[]; spam: boolean; width: number }) {
  return (
    <Box flexDirection="column" borderStyle="double" borderColor={bannerColor(spam)} width={width} paddingX={BANNER_PADDING} flexShrink={0}>
      <Rows rows={rows} width={width - FRAME_COLUMNS} />
    </Box>
  );
}
