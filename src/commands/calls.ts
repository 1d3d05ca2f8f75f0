/** `ringdesk calls`: the call log, the shift summary with calls per hour, and the numbers to call back. */
import type { CommandModule } from 'yargs';
import { configFrom, openPorts, printJson, say, type GlobalArgs } from './common.js';
import { parseSince } from '../calls/period.js';
import { hourChartText } from '../calls/hour-chart.js';
import { verdictOf, type LoggedCall, type ShiftSummary, type Tally } from '../domain/shift-summary.js';
import { csvLine } from '../customers/csv.js';
import { formatClock, formatLocalIso, localDay } from '../domain/local-time.js';
import { duration } from '../views/format.js';
import { queueReportLines } from '../calls/queue-text.js';
import { callFiguresBrief, dispatcherShare, FIGURE_KEYS, outliers, overtalkShare, summaryLines, summaryShort } from '../domain/call-figures.js';
import os from 'node:os';
import { audioPathOf, playLocally, PlayError, privateMonoWav, recordingToPlay } from './calls-play.js';

interface Args extends GlobalArgs {
  action?: string; call?: number;
  since?: string; until?: string; operator?: string; json: boolean; csv: boolean; summary: boolean; missed: boolean;
}

/** A refusal whose message is for the user (cli.ts prints it without a stack). */
class CallsCommandError extends Error {
  readonly userFacing = true;
}

const seconds = (ms: number | null) => (ms === null ? '' : duration(ms));

function callRow(c: LoggedCall, tz: string, now: number): string[] {
  return [
    `${localDay(c.startedAt, tz)} ${formatClock(c.startedAt, tz)}`, c.direction.toUpperCase(), c.remote || 'withheld',
    c.customerName, c.operator, verdictOf(c, now),
    c.answeredAt !== null && c.direction === 'incoming' ? seconds(c.answeredAt - c.startedAt) : '',
    c.answeredAt !== null && c.endedAt !== null ? seconds(c.endedAt - c.answeredAt) : '',
    callFiguresBrief(c),
  ];
}
const listHeader = ['started', 'direction', 'number', 'customer', 'operator', 'outcome', 'wait', 'talk', 'figures'];

/** --csv: every figure of the call (ms; empty when it was not analysed), the dispatcher's share and overtalk share in %, what stands out. */
const figureHeader = [...FIGURE_KEYS, 'dispatcherSharePercent', 'overtalkPercent', 'marked'];
function figureCells(c: LoggedCall): string[] {
  const f = c.figures;
  if (!f) return figureHeader.map(() => '');
  const share = dispatcherShare(f);
  return [...FIGURE_KEYS.map((k) => (f[k] === null ? '' : String(f[k]))), share === null ? '' : String(Math.round(share * 100)),
    String(Math.round(overtalkShare(f) * 100)), outliers(f).join('; ')];
}

/** Columns padded to their widest value, for a terminal. */
function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

function tallyLine(t: Tally): string {
  return `${t.calls} calls (${t.incoming} in, ${t.outgoing} out): ${t.answered} answered, ${t.rejected} rejected, ${t.missed} missed, ${t.abandoned} abandoned`
    + `${t.answeredElsewhere ? `, ${t.answeredElsewhere} answered elsewhere` : ''}${t.transferred ? `, ${t.transferred} transferred` : ''}`
    + ` · avg answer ${t.avgAnswerMs === null ? '-' : seconds(t.avgAnswerMs)} · avg handle ${t.avgHandleMs === null ? '-' : seconds(t.avgHandleMs)}`;
}

function summaryText(s: ShiftSummary, tz: string, width: number): string {
  const lines = [`Shift ${formatLocalIso(s.since, tz).slice(0, 16).replace('T', ' ')} – ${formatLocalIso(s.until, tz).slice(0, 16).replace('T', ' ')} (${tz})`, tallyLine(s.totals), '', 'Calls per hour (█ answered ░ missed/abandoned ▒ rejected and other)'];
  lines.push(...hourChartText(s.perHour, Math.max(10, width - 24)));
  if (s.perOperator.length) {
    lines.push('', 'Per operator');
    lines.push(table([['operator', 'calls', 'answered', 'rejected', 'missed', 'abandoned', 'avg answer', 'avg handle'],
      ...s.perOperator.map((o) => [o.operator, String(o.calls), String(o.answered), String(o.rejected), String(o.missed), String(o.abandoned),
        o.avgAnswerMs === null ? '-' : seconds(o.avgAnswerMs), o.avgHandleMs === null ? '-' : seconds(o.avgHandleMs)])]));
  }
  if (s.totals.figures.calls > 0) {
    lines.push('', 'From the calls\' audio (figures only, no recording)', ...summaryLines(s.totals.figures));
    for (const o of s.perOperator) if (o.figures.calls > 0) lines.push(`${o.operator}: ${summaryShort(o.figures)}; ${summaryLines(o.figures)[1]}`);
  }
  if (s.queue) lines.push('', ...queueReportLines(s.queue, tz, table));
  return lines.join('\n');
}

/** `calls play <call>`: the recording through the dispatcher's audio path (calls-play.ts). */
async function playCall(argv: Args & Record<string, unknown>): Promise<void> {
  if (argv.call === undefined || !Number.isInteger(argv.call) || argv.call < 1) throw new CallsCommandError('calls play needs the call\'s id, e.g. "ringdesk calls play 42" (ringdesk calls --json lists the ids)');
  const config = configFrom(argv);
  const store = openPorts(config);
  let recording: { samples: Int16Array; seconds: number };
  let operator: Awaited<ReturnType<typeof store.operators.byName>>;
  try {
    recording = await recordingToPlay(store, config, argv.call, Date.now());
    operator = await (config.operator ? store.operators.byName(config.operator) : store.operators.byOsUser(os.userInfo().username));
  } finally {
    await store.close();
  }
  const route = audioPathOf(config, operator?.headsetTarget ?? '');
  if (route.via === 'none') throw new PlayError(route.why);
  const length = `${recording.seconds.toFixed(1)} s`;
  if (route.via === 'local') {
    say(`playing call ${argv.call} (${length}, both sides) through the local audio…`);
    await playLocally(route.command, recording.samples);
    return void say('played');
  }
  if (!operator) throw new PlayError(`no operator card for OS user ${os.userInfo().username} to call the headset as: --config with "operator", or ringdesk operator add`);
  const extension = operator.extension || operator.pbxLogin;
  const wav = privateMonoWav(recording.samples);
  try {
    say(`playing call ${argv.call} (${length}, both sides) into the headset ${route.target}…`);
    const { readPbxPassword } = await import('./password.js');
    const password = await readPbxPassword(operator.name);
    const { checkHeadset } = await import('../telephony/sip/headset-doctor.js');
    const played = await checkHeadset({ url: config.pbx, domain: config.pbxDomain || undefined, login: operator.pbxLogin || extension, password, extension, target: route.target, answerTimeoutMs: 20_000, play: { file: wav.file, seconds: recording.seconds } });
    if (!played.ok) throw new PlayError(`the headset could not play it: ${played.detail}`);
    say(played.detail);
  } finally {
    wav.done();
  }
  // the media worker and the SIP socket must not keep a finished command alive
  process.exit(0);
}

export const callsCommand: CommandModule<GlobalArgs, Args> = {
  command: 'calls [action] [call]',
  describe: 'the call log: calls of a period, --summary for the shift summary, --missed for the numbers to call back; "calls play <id>" plays a recorded call',
  builder: (y) =>
    y
      .positional('action', { type: 'string', describe: 'play: play a recorded call through the headset leg or the local audio' })
      .positional('call', { type: 'number', describe: 'the call\'s id (ringdesk calls --json)' })
      .option('since', { type: 'string', describe: 'from: 8:00, today (default), yesterday, 2h, 2025-03-14, "2025-03-14 08:00"' })
      .option('until', { type: 'string', describe: 'to (exclusive), same forms; default now' })
      .option('operator', { type: 'string', describe: 'only this operator\'s calls' })
      .option('summary', { type: 'boolean', default: false, describe: 'shift summary: calls per hour chart, answered/missed/abandoned, averages, per operator; talk ratio, silence, overtalk and handle time split from the calls\' audio' })
      .option('missed', { type: 'boolean', default: false, describe: 'numbers that called and were not called back' })
      .option('json', { type: 'boolean', default: false, describe: 'machine-readable JSON' })
      .option('csv', { type: 'boolean', default: false, describe: 'CSV (the list with every call figure, or the hours of --summary)' })
      .example('$0 calls --since 8:00 --summary', 'this shift at a glance')
      .example('$0 calls --since yesterday --operator Anna --csv', 'Anna\'s calls since yesterday as CSV')
      .example('$0 calls --missed', 'who to call back')
      .example('$0 calls play 42', 'play recorded call 42 (both sides) in the headset, or the local audio\'s player'),
  handler: async (argv) => {
    if (argv.action === 'play') return playCall(argv);
    if (argv.action !== undefined) throw new CallsCommandError(`"calls ${argv.action}" is not a calls command; use "ringdesk calls" for the log or "ringdesk calls play <id>"`);
    if (argv.json && argv.csv) throw new CallsCommandError('--json and --csv: choose one');
    const config = configFrom(argv);
    const now = Date.now();
    const tz = config.timezone;
    const since = parseSince(argv.since ?? 'today', now, tz);
    if (!since.ok) throw new CallsCommandError(since.error);
    const until = argv.until === undefined ? { ok: true as const, at: now } : parseSince(argv.until, now, tz);
    if (!until.ok) throw new CallsCommandError(until.error.replace('--since', '--until'));
    if (until.at <= since.at) throw new CallsCommandError(`--until is not after --since (${formatLocalIso(until.at, tz)} ≤ ${formatLocalIso(since.at, tz)})`);
    const store = openPorts(config);
    try {
      const q = { since: since.at, until: until.at, operator: argv.operator ?? '' };
      if (argv.operator && !(await store.operators.byName(argv.operator))) {
        const known = (await store.operators.list()).map((o) => o.name);
        throw new CallsCommandError(`no operator "${argv.operator}"${known.length ? `; operators are ${known.join(', ')}` : ''}`);
      }
      if (argv.missed) {
        const list = await store.callReport.missedCallers({ since: since.at, until: until.at }, now);
        if (argv.json) return void printJson(list);
        const rows = list.map((m) => [`${localDay(m.lastAt, tz)} ${formatClock(m.lastAt, tz)}`, m.remote || 'withheld', m.customerName, m.verdict, String(m.attempts)]);
        const header = ['last call', 'number', 'customer', 'outcome', 'attempts'];
        if (argv.csv) return void process.stdout.write([header, ...rows].map((r) => csvLine(r)).join(''));
        return void say(rows.length ? table([header, ...rows]) : 'Nobody to call back.');
      }
      if (argv.summary) {
        const s = await store.callReport.summary({ ...q, timezone: tz }, now);
        if (argv.json) return void printJson({ timezone: tz, ...s });
        if (argv.csv) {
          process.stdout.write([['hour', 'start', 'incoming', 'outgoing', 'answered', 'missed', 'abandoned'],
            ...s.perHour.map((h) => [h.label, formatLocalIso(h.start, tz), ...[h.incoming, h.outgoing, h.answered, h.missed, h.abandoned].map(String)])]
            .map((r) => csvLine(r)).join(''));
          return;
        }
        return void say(summaryText(s, tz, Math.min(100, process.stdout.columns || 80)));
      }
      const calls = await store.callReport.calls(q);
      if (argv.json) return void printJson(calls.map((c) => ({ ...c, verdict: verdictOf(c, now) })));
      const rows = calls.map((c) => callRow(c, tz, now));
      if (argv.csv) return void process.stdout.write([[...listHeader, ...figureHeader], ...calls.map((c, i) => [...rows[i], ...figureCells(c)])].map((r) => csvLine(r)).join(''));
      say(rows.length ? table([listHeader, ...rows]) : `No calls since ${formatLocalIso(since.at, tz)}.`);
    } finally {
      await store.close();
    }
  },
};
