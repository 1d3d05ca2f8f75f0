/** The queue's figures in words, one place for the calls screen and `ringdesk calls --summary`. */
import { queueKinds, type KindFigures, type QueueKind, type QueueStats } from '../domain/queue-stats.js';
import { formatClock } from '../domain/local-time.js';

const plural: Record<QueueKind, [string, string]> = { call: ['call', 'calls'], callback: ['callback', 'callbacks'], chat: ['chat', 'chats'] };
const count = (n: number, k: QueueKind) => `${n} ${plural[k][n === 1 ? 0 : 1]}`;

/** "1 min 05 s", "45 s". */
export function waitWords(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}
const percent = (v: number | null) => (v === null ? '-' : `${Math.round(v * 100)}%`);
const asa = (ms: number | null) => (ms === null ? '-' : waitWords(ms));

/** Waiting now, the oldest, callbacks scheduled and due: one line. */
export function waitingLine(q: QueueStats): string {
  const waiting = queueKinds.map((k) => count(q.waitingNow[k], k)).join(', ');
  const oldest = q.oldestWaiting ? ` · oldest ${waitWords(q.oldestWaiting.waitedMs)} (${q.oldestWaiting.kind})` : '';
  return `waiting now ${waiting}${oldest} · callbacks ${q.callbacks.scheduled} scheduled, ${q.callbacks.due} due`;
}

/** Service level and speed of answer of the kinds that had traffic: one line. */
export function serviceLine(q: QueueStats): string {
  const kinds = queueKinds.filter((k) => q.total[k].offered > 0);
  if (!kinds.length) return `service level (answered within ${waitWords(q.serviceLevelMs)}): nothing offered yet`;
  return `answered within ${waitWords(q.serviceLevelMs)}: ${kinds.map((k) => `${plural[k][1]} ${percent(q.total[k].serviceLevel)}, ASA ${asa(q.total[k].averageSpeedOfAnswerMs)}, ${q.total[k].abandoned} abandoned`).join(' · ')}`;
}

const figures = (f: KindFigures) => [String(f.offered), String(f.answered), String(f.abandoned), percent(f.serviceLevel), asa(f.averageSpeedOfAnswerMs)];

/** The report for a terminal: waiting now, per kind, per 15 minutes, the callers who gave up. */
export function queueReportLines(q: QueueStats, timeZone: string, table: (rows: string[][]) => string): string[] {
  const lines = ['Queue', waitingLine(q), `service level: answered within ${waitWords(q.serviceLevelMs)} of those offered (answered or abandoned); ASA: average speed of answer`];
  lines.push(table([['kind', 'offered', 'answered', 'abandoned', 'SL', 'ASA'], ...queueKinds.map((k) => [k, ...figures(q.total[k])])]));
  if (q.intervals.length) {
    lines.push('', 'Per 15 minutes');
    lines.push(table([['from', 'kind', 'offered', 'answered', 'abandoned', 'SL', 'ASA'],
      ...q.intervals.flatMap((iv) => queueKinds.filter((k) => iv.kinds[k].offered > 0).map((k) => [formatClock(iv.from, timeZone), k, ...figures(iv.kinds[k])]))]));
  }
  if (q.abandoned.length) {
    lines.push('', 'Gave up while waiting');
    lines.push(table([['arrived', 'kind', 'who', 'position', 'waited'], ...q.abandoned.map((a) => [formatClock(a.at, timeZone), a.kind, a.who || 'withheld', String(a.position), waitWords(a.waitedMs)])]));
  }
  return lines;
}
