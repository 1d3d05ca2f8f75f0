import React from 'react';
import { Box } from 'ink';
import { Text } from '../Text.js';
import { historyOrder, type CustomerProfile } from '../../customers/customer-desk.js';
import { formatMoney } from '../../domain/money.js';
import { verdictOf } from '../../domain/shift-summary.js';
import { callFiguresBrief, outliers } from '../../domain/call-figures.js';
import { ScrollList } from '../ScrollList.js';
import { theme } from '../theme.js';
import { statusText } from '../../domain/order-status.js';
import { dateTime, duration, fit } from '../format.js';

/** One line of the centre pane: a delivery or a call, by time. */
export type HistoryLine =
  | { kind: 'delivery'; at: number; id: number; text: string; color?: string }
  | { kind: 'call'; at: number; id: number; text: string; color?: string };

/** The customer's deliveries and calls merged, newest first (what the centre pane lists). */
export function historyLines(p: CustomerProfile, currency: string, now = Date.now()): HistoryLine[] {
  return historyOrder(p).map((h): HistoryLine => {
    if (h.kind === 'delivery') {
      const d = h.delivery;
      return {
        kind: 'delivery', at: h.at, id: d.id, color: d.status === 'failed' ? theme.danger : undefined,
        text: `${d.number} ${statusText(d.status, d.handoff, 0).brief} ${formatMoney(d.total, currency)}${d.address ? ` · ${d.address}` : ''}`,
      };
    }
    const c = h.call;
    const v = verdictOf(c, now);
    const talk = c.answeredAt !== null && c.endedAt !== null ? ` ${duration(c.endedAt - c.answeredAt)}` : '';
    return {
      kind: 'call', at: h.at, id: c.id, color: v === 'missed' || v === 'abandoned' || (c.figures && outliers(c.figures).length) ? theme.danger : undefined,
      text: `☎ ${c.direction === 'incoming' ? 'in' : 'out'} ${v}${talk}${c.operator ? ` · ${c.operator}` : ''}${callFiguresBrief(c) ? ` · ${callFiguresBrief(c)}` : ''}`,
    };
  });
}

export interface CustomerHistoryProps {
  lines: HistoryLine[];
  cursor: number;
  focused: boolean;
  width: number;
  height: number;
  timeZone?: string;
  now?: number;
}

/** S5's centre pane: the customer's deliveries and calls, newest first. */
export function CustomerHistory({ lines, cursor, focused, width, height, timeZone, now }: CustomerHistoryProps) {
  const w = Math.max(1, width - 2);
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={focused ? theme.accent : theme.muted}>
      <Text bold wrap="truncate-end">Deliveries and calls</Text>
      <ScrollList
        items={lines}
        selected={cursor}
        focused={focused}
        height={height - 3}
        width={w}
        rowsOf={() => 2}
        keyOf={(l) => `${l.kind}-${l.id}`}
        empty="Nothing yet"
        render={(l, sel, iw) => (
          <Box flexDirection="column">
            <Text color={theme.muted} wrap="truncate-end">{dateTime(l.at, timeZone, now)}</Text>
            <Text inverse={sel && focused} color={l.color} wrap="truncate-end">{fit(l.text, iw)}</Text>
          </Box>
        )}
      />
    </Box>
  );
}
