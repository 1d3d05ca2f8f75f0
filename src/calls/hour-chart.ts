/** Calls per hour as a terminal bar chart: one line per hour, answered then missed/abandoned. */
import type { HourBucket } from '../domain/shift-summary.js';

export interface ChartLine {
  label: string;
  /** Bar pieces, by width in columns. */
  answered: number;
  lost: number;
  other: number;
  /** "12 (2 lost)" after the bar. */
  count: string;
}

/** Scale the hours to at most `width` columns of bar; every hour with a call gets at least one column. */
export function hourChart(hours: HourBucket[], width: number): ChartLine[] {
  const totals = hours.map((h) => h.incoming + h.outgoing);
  const max = Math.max(1, ...totals);
  const cols = (n: number) => (n === 0 ? 0 : Math.max(1, Math.round((n / max) * Math.max(1, width))));
  return hours.map((h, i) => {
    const total = totals[i];
    const bar = cols(total);
    const lost = h.missed + h.abandoned;
    const lostCols = lost === 0 ? 0 : Math.min(bar, Math.max(1, Math.round((lost / total) * bar)));
    const answeredCols = h.answered === 0 ? 0 : Math.min(bar - lostCols, Math.max(1, Math.round((h.answered / total) * bar)));
    return {
      label: h.label, answered: answeredCols, lost: lostCols, other: bar - lostCols - answeredCols,
      count: total === 0 ? '' : `${total}${lost ? ` (${lost} lost)` : ''}`,
    };
  });
}

/** The chart as plain text lines for a terminal without colour: █ answered, ░ lost, ▒ other. */
export function hourChartText(hours: HourBucket[], width: number): string[] {
  const labelWidth = Math.max(2, ...hours.map((h) => h.label.length));
  return hourChart(hours, width).map((l) =>
    `${l.label.padStart(labelWidth)} │${'█'.repeat(l.answered)}${'░'.repeat(l.lost)}${'▒'.repeat(l.other)} ${l.count}`.trimEnd());
}
