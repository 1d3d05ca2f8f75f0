import React from 'react';
import { Box } from 'ink';
import { Text } from '../Text.js';
import { verdictOf, type LoggedCall, type MissedCaller, type ShiftSummary, type Tally } from '../../calls/shift-summary.js';
import { callsKeys, callsTabs, type CallsUi } from './calls-state.js';
import { HourChart } from './HourChart.js';
import { ScrollList } from '../ScrollList.js';
import { theme } from '../theme.js';
import { dateTime, duration, fit, shortTime } from '../format.js';

export interface CallsScreenProps {
  ui: CallsUi;
  calls: LoggedCall[];
  summary: ShiftSummary;
  missed: MissedCaller[];
  width: number;
  height: number;
  timeZone?: string;
  message?: { kind: 'info' | 'error'; text: string } | null;
  now?: number;
}

const tabWord = { log: 'Call log', summary: 'Shift summary', missed: 'Missed calls' } as const;
const avg = (ms: number | null) => (ms === null ? '-' : duration(ms));

function TallyLine({ t }: { t: Tally }) {
  return (
    <Text wrap="truncate-end">
      {t.calls} calls · <Text color={theme.ok}>{t.answered} answered</Text> · <Text color={theme.danger}>{t.missed} missed · {t.abandoned} abandoned</Text>
      {t.answeredElsewhere ? ` · ${t.answeredElsewhere} elsewhere` : ''} · answer {avg(t.avgAnswerMs)} · handle {avg(t.avgHandleMs)}
    </Text>
  );
}

/** The calls screen: the log, the shift summary with calls per hour, and the numbers to call back. */
export function CallsScreen({ ui, calls, summary, missed, width, height, timeZone, message, now }: CallsScreenProps) {
  const body = Math.max(4, height - 4);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text>
        {callsTabs.map((t, i) => (
          <Text key={t} inverse={ui.tab === t} bold={ui.tab === t} color={ui.tab === t ? theme.accent : theme.muted}> {i + 1} {tabWord[t]}{t === 'missed' && missed.length ? ` (${missed.length})` : ''} </Text>
        ))}
      </Text>
      <Box flexDirection="column" height={body}>
        {ui.tab === 'summary' && (
          <>
            <TallyLine t={summary.totals} />
            <HourChart hours={summary.perHour} width={width} height={Math.max(1, body - 3 - Math.min(summary.perOperator.length, 4))} />
            {summary.perOperator.slice(0, 4).map((o) => (
              <Text key={o.operator} wrap="truncate-end"><Text bold>{fit(o.operator, 14).padEnd(14)}</Text> {o.calls} calls · {o.answered} ans · {o.missed} missed · {o.abandoned} aband · answer {avg(o.avgAnswerMs)} · handle {avg(o.avgHandleMs)}</Text>
            ))}
          </>
        )}
        {ui.tab === 'log' && (
          <ScrollList items={calls} selected={ui.cursor} height={body - 1} keyOf={(c) => c.id} empty="No calls in this shift yet"
            render={(c, sel) => {
              const v = verdictOf(c, now);
              return (
                <Text inverse={sel} color={v === 'missed' || v === 'abandoned' ? theme.danger : undefined} wrap="truncate-end">
                  {fit(`${shortTime(c.startedAt, timeZone)} ${c.direction === 'incoming' ? 'IN ' : 'OUT'} ${(c.remote || 'withheld').padEnd(16)} ${v.padEnd(11)} ${c.operator.padEnd(8)} ${c.customerName}`, width)}
                </Text>
              );
            }} />
        )}
        {ui.tab === 'missed' && (
          <ScrollList items={missed} selected={ui.cursor} height={body - 1} keyOf={(m) => m.callId} empty="Nobody to call back"
            render={(m, sel) => (
              <Text inverse={sel} wrap="truncate-end">
                {fit(`${dateTime(m.lastAt, timeZone)} ${(m.remote || 'withheld').padEnd(16)} ${m.verdict.padEnd(9)} ×${m.attempts} ${m.customerName}`, width)}
              </Text>
            )} />
        )}
      </Box>
      <Text color={message?.kind === 'error' ? theme.danger : theme.ok} wrap="truncate-end">{message?.text ?? ' '}</Text>
      <Text wrap="truncate-end">
        {callsKeys.filter((k) => k.tab === 'any' || k.tab === ui.tab).map((k) => <Text key={k.keys}><Text bold color={theme.accent}>{k.keys}</Text> {k.label}  </Text>)}
      </Text>
    </Box>
  );
}
