/**
 * `ringdesk code create|list|revoke`: a dispatcher's invitation codes. A 6-digit code bound to
 * the dispatcher, one-off (a day, or --until) or reusable until an expiry; a chat or callback
 * request that arrives with it goes to that dispatcher (or, while they are offline, to the
 * code's fallback group). The code is printed once, at creation; the database keeps only an HMAC
 * of it, and lists show codes by number only.
 */
import os from 'node:os';
import type { CommandModule } from 'yargs';
import { printJson, say, type GlobalArgs } from './common.js';
import { withPorts, type Args } from './order-command.js';
import { UsageError } from '../cli.js';
import { showCode, type InvitationCode } from '../domain/invitation-code.js';
import { formatDayTime } from '../domain/local-time.js';
import { parseWhen } from '../orders/promised-time.js';
import { acceptText } from '../domain/outside-text.js';


/** --for 2h / 3d / 45m → ms; null when it is not such a duration. */
export function parseDuration(text: string): number | null {
  const m = /^(\d+)\s*(m|min|h|d)$/i.exec(text.trim());
  if (!m) return null;
  const unit = m[2].toLowerCase();
  return Number(m[1]) * (unit === 'd' ? 86_400_000 : unit === 'h' ? 3_600_000 : 60_000);
}

/** The dispatcher a code is for: --operator, else config operator, else the card of the OS user. */
async function operatorOf(argv: Args, configured: string, byOsUser: (u: string) => Promise<{ name: string } | null>): Promise<string> {
  if (argv.operator !== undefined) return acceptText(String(argv.operator), 'label', '--operator');
  if (configured) return configured;
  const user = os.userInfo().username;
  return (await byOsUser(user))?.name ?? user;
}

export const codeCommand: CommandModule<GlobalArgs, Args> = {
  command: 'code',
  describe: "invitation codes: a client who gives a dispatcher's code reaches that dispatcher",
  builder: (y) => y
    .command('create', 'a new 6-digit code for you (printed once)', (a) => a
      .option('operator', { type: 'string', describe: 'for this operator (default: you)' })
      .option('reusable', { type: 'boolean', describe: 'works until its expiry, any number of times (needs --until or --for)' })
      .option('until', { type: 'string', describe: 'expires at HH:MM or "YYYY-MM-DD HH:MM" (the desk\'s time zone)' })
      .option('for', { type: 'string', describe: 'expires after 45m, 8h, 7d…' })
      .option('fallback', { type: 'string', describe: "while you are offline its requests go to this group (default: your group)" })
      .option('json', { type: 'boolean' })
      .example('$0 code create', 'a one-off code, good for a day')
      .example('$0 code create --reusable --for 7d', 'for a leaflet: reusable for a week'), async (argv) => {
      await withPorts(argv as Args, async (store, config) => {
        const now = Date.now();
        let expiresAt: number | undefined;
        if (argv.until !== undefined && argv.for !== undefined) throw new UsageError('give --until or --for, not both');
        if (argv.until !== undefined) {
          const w = parseWhen(String(argv.until), now, config.timezone);
          if (!w.ok) throw new UsageError(`--until ${w.message}`);
          if (w.when.kind !== 'at') throw new UsageError('--until needs a time, e.g. 18:00 or "2026-12-31 18:00"');
          expiresAt = w.when.instant;
        }
        if (argv.for !== undefined) {
          const ms = parseDuration(String(argv.for));
          if (ms === null || ms <= 0) throw new UsageError(`--for "${String(argv.for)}" is not a duration like 45m, 8h or 7d`);
          expiresAt = now + ms;
        }
        const operator = await operatorOf(argv as Args, config.operator, (u) => store.operators.byOsUser(u));
        const fallback = argv.fallback === undefined ? '' : acceptText(String(argv.fallback), 'label', '--fallback');
        const res = await store.invitationCodes.create({ operator, reusable: Boolean(argv.reusable), expiresAt, fallback }, now);
        if (!res.ok) throw new UsageError(res.reason);
        if (argv.json) return printJson({ code: res.code, ...res.record });
        say(`invitation code ${showCode(res.code)} for ${operator}: ${res.record.reusable ? 'reusable' : 'one use'}, until ${formatDayTime(res.record.expiresAt, config.timezone, now)} (code #${res.record.id}; it is not shown again)`);
      });
    })
    .command('list', 'your codes (or --all), by number, state and uses; never the codes themselves', (a) => a
      .option('operator', { type: 'string' })
      .option('all', { type: 'boolean', describe: "every operator's codes" })
      .option('json', { type: 'boolean' })
      .example('$0 code list', 'your codes: number, state, one use or reusable, until when, uses')
      .example('$0 code list --all --json', "every operator's codes as JSON"), async (argv) => {
      await withPorts(argv as Args, async (store, config) => {
        const now = Date.now();
        const operator = argv.all ? undefined : await operatorOf(argv as Args, config.operator, (u) => store.operators.byOsUser(u));
        const list = await store.invitationCodes.list(now, operator);
        if (argv.json) return printJson(list);
        if (list.length === 0) return say(`no invitation codes${operator ? ` for ${operator}` : ''}; make one with "ringdesk code create"`);
        const line = (c: InvitationCode & { state: string }) => [`#${c.id}`.padStart(5), c.operator.padEnd(12), c.state.padEnd(8),
          (c.reusable ? 'reusable' : 'one use').padEnd(9), `until ${formatDayTime(c.expiresAt, config.timezone, now)}`.padEnd(22),
          `used ${c.uses}×`, c.fallback ? `fallback ${c.fallback}` : ''].join('  ').trimEnd();
        for (const c of list) say(line(c));
      });
    })
    .command('revoke <id>', 'stop a code working', (a) => a.positional('id', { type: 'number', demandOption: true })
      .option('json', { type: 'boolean' })
      .example('$0 code revoke 3', 'code #3 (see "ringdesk code list") no longer works'), async (argv) => {
      await withPorts(argv as Args, async (store) => {
        const id = Number(argv.id);
        if (!Number.isInteger(id) || !(await store.invitationCodes.get(id))) throw new UsageError(`no invitation code #${String(argv.id)} (see "ringdesk code list")`);
        const revoked = await store.invitationCodes.revoke(id, Date.now());
        if (argv.json) return printJson({ id, revoked });
        say(revoked ? `code #${id} revoked` : `code #${id} was already revoked`);
      });
    })
    .demandCommand(1, 'say what to do: create, list or revoke')
    .example('$0 code create', 'a one-off code for you, printed once'),
  handler: () => {},
};
