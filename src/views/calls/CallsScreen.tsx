import React from 'react';
import { Box } from 'ink';
import { Text } from '../Text.js';
import { verdictOf, type LoggedCall, type MissedCaller, type ShiftSummary, type Tally } from '../../domain/shift-summary.js';
import { callsTabs, callsWhere, shownCalls, shownMissed, type CallsUi } from '../../desk/calls-screen.js';
import type { DeskState } from '../../desk/state.js';
import { screenKeys } from '../../desk/help.js';
import { searchTitleRow, screenKeysRow } from '../search-row.js';
import { Rows } from '../Rows.js';
import { HourChart } from './HourChart.js';
import { ScrollList } from '../ScrollList.js';
import { theme } from '../theme.js';
import { dateTime, duration, fit, padTo, shortTime } from '../format.js';
import { formatPhone } from '../../domain/phone-number.js';
import { serviceLine, waitingLine } from '../../calls/queue-text.js';
import { callFiguresBrief, figuresLine, outliers, summaryLines, summaryShort } from '../../domain/call-figures.js';

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
  /** The home region: its numbers are shown in their national form. */
  region?: string;
}

const tabWord = { log: 'Call log', summary: 'Shift summary', missed: 'Missed calls' } as const;
const avg = (ms: number | null) => (ms === null ? '-' : duration(ms));

function TallyLine({ t }: { t: Tally }) {
  return (
    <Text wrap="truncate-end">
      {t.calls} calls · <Text color={theme.ok}>{t.answered} answered</Text> · {t.rejected} rejected · <Text color={theme.danger}>{t.missed} missed · {t.abandoned} abandoned</Text>
      {t.answeredElsewhere ? ` · ${t.answeredElsewhere} elsewhere` : ''}{t.transferred ? ` · ${t.transferred} transferred` : ''} · answer {avg(t.avgAnswerMs)} · handle {avg(t.avgHandleMs)}
    </Text>
  );
}

/** The calls screen: the log, the shift summary with calls per hour, and the numbers to call back. */
export function CallsScreen({ ui, calls, summary, missed, width, height, timeZone, message, now, region = '' }: CallsScreenProps) {
  // the tabs row, the message row and the keys row; the rest is the tab's
  const body = Math.max(1, height - 3);
  // the queue's two lines (waiting now; service level and speed of answer) under the tally, when there is room
  const queueRows = summary.queue ? Math.min(2, Math.max(0, body - 2)) : 0;
  // the analysed calls' figures (talk, silence, overtalk, handle split): two lines for the shift, one per operator
  const analysed = summary.totals.figures.calls > 0;
  const figureRows = analysed ? Math.min(2, Math.max(0, body - 3 - queueRows)) : 0;
  const ops = Math.min(summary.perOperator.length, 4, Math.max(0, Math.floor((body - 2 - queueRows - figureRows) / (analysed ? 2 : 1))));
  const opRows = ops * (analysed ? 2 : 1);
  const phone = (remote: string) => formatPhone(remote, region);
  // `/` narrows the log and the missed calls; the search row takes one of the tab's rows
  const searching = ui.tab !== 'summary' && !!ui.search;
  const shown = { log: shownCalls(calls, ui), missed: shownMissed(missed, ui) };
  // the selected call's figures in full words, on the log's last row, when any call has figures
  const chosen = ui.tab === 'log' ? shown.log[Math.min(ui.cursor, shown.log.length - 1)] : undefined;
  const detailRow = ui.tab === 'log' && shown.log.some((c) => c.figures || c.noFigures) ? 1 : 0;
  const list = body - (searching ? 1 : 0) - detailRow;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate-end">
        {callsTabs.map((t, i) => {
          const on = ui.tab === t;
          // brackets mark the tab without colour too (NO_COLOR)
          return <Text key={t} inverse={on} bold={on} color={on ? theme.accent : theme.muted}>{on ? '[' : ' '}{i + 1} {tabWord[t]}{t === 'missed' && missed.length ? ` (${missed.length})` : ''}{on ? ']' : ' '}</Text>;
        })}
      </Text>
      <Box flexDirection="column" height={body} flexShrink={0}>
        {ui.tab === 'summary' && (
          <>
            <TallyLine t={summary.totals} />
            {summary.queue && queueRows > 0 && <Text wrap="truncate-end" color={summary.queue.oldestWaiting ? theme.ringing : undefined}>Queue: {waitingLine(summary.queue)}</Text>}
            {summary.queue && queueRows > 1 && <Text wrap="truncate-end">{serviceLine(summary.queue)}</Text>}
            {summaryLines(summary.totals.figures).slice(0, figureRows).map((line, i) => <Text key={`figures-${i}`} wrap="truncate-end">{line}</Text>)}
            {body - 1 - queueRows - figureRows - opRows > 0 && <HourChart hours={summary.perHour} width={width} height={body - 1 - queueRows - figureRows - opRows} />}
            {summary.perOperator.slice(0, ops).map((o) => (
              <Box key={o.operator} flexDirection="column">
                <Text wrap="truncate-end"><Text bold>{fit(o.operator, 14).padEnd(14)}</Text> {o.calls} calls · {o.answered} ans · {o.rejected} rej · {o.missed} missed · {o.abandoned} aband · answer {avg(o.avgAnswerMs)} · handle {avg(o.avgHandleMs)}</Text>
                {analysed && <Text wrap="truncate-end">{' '.repeat(15)}{summaryShort(o.figures)}</Text>}
              </Box>
            ))}
          </>
        )}
        {searching && (
          <Rows width={width} rows={[searchTitleRow(tabWord[ui.tab], ui.tab === 'log' ? shown.log.length : shown.missed.length, ui.tab === 'log' ? calls.length : missed.length, ui.search, width)]} />
        )}
        {ui.tab === 'log' && (
          <ScrollList items={shown.log} selected={ui.cursor} height={list} width={width} keyOf={(c) => c.id} empty={ui.search?.query.trim() ? 'No call matches the search' : 'No calls in this shift yet'}
            render={(c, sel, w) => {
              const v = verdictOf(c, now);
              return (
                <Text inverse={sel} color={v === 'missed' || v === 'abandoned' ? theme.danger : undefined} wrap="truncate-end">
                  {fit(`${shortTime(c.startedAt, timeZone)} ${c.direction === 'incoming' ? 'IN ' : 'OUT'} ${padTo(phone(c.remote), 16)} ${padTo(v, 11)} ${padTo(c.operator, 8)} ${callFiguresBrief(c) ? `${callFiguresBrief(c)} ` : ''}${c.customerName}`, w)}
                </Text>
              );
            }} />
        )}
        {detailRow > 0 && (
          <Text wrap="truncate-end" color={chosen?.figures && outliers(chosen.figures).length ? theme.danger : theme.muted}>
            {chosen?.figures ? `Selected: ${figuresLine(chosen.figures)}` : `Selected: ${(chosen && callFiguresBrief(chosen)) || 'not analysed'}`}
          </Text>
        )}
        {ui.tab === 'missed' && (
          <ScrollList items={shown.missed} selected={ui.cursor} height={list} width={width} keyOf={(m) => m.callId} empty={ui.search?.query.trim() ? 'No missed call matches the search' : 'Nobody to call back'}
            render={(m, sel, w) => (
              <Text inverse={sel} wrap="truncate-end">
                {fit(`${dateTime(m.lastAt, timeZone, now)} ${padTo(phone(m.remote), 16)} ${padTo(m.verdict, 9)} ×${m.attempts} ${m.customerName}`, w)}
              </Text>
            )} />
        )}
      </Box>
      <Text color={message?.kind === 'error' ? theme.danger : theme.ok} wrap="truncate-end">{message?.text ?? ' '}</Text>
      <Rows width={width} rows={[screenKeysRow(screenKeys('calls', callsWhere(ui)), width)]} />
    </Box>
  );
}

/** The calls screen as the desk's calls slice has it (src/desk/calls-screen.ts `callsView`), sized into the body; the log is read first. */
export function CallsView({ state, width, height, timeZone }: { state: DeskState; width: number; height: number; timeZone?: string }) {
  const c = state.callsScreen;
  const d = c?.data;
  if (!c || !d) return <Text color={theme.muted}>Reading the call log…</Text>;
  return (
    <CallsScreen ui={c.ui} calls={d.calls} summary={d.summary} missed={d.missed} width={width} height={height}
      timeZone={timeZone} message={c.message} now={d.at} region={state.region} />
  );
}
