/**
 * `ringdesk pos add|list|set|outbox|resend`: the points of sale orders go to, and the outbox
 * of orders on their way. Tokens are only ever shown masked.
 */
import fs from 'node:fs';
import type { Argv, CommandModule } from 'yargs';
import { printJson, say, type GlobalArgs } from './common.js';
import { withPorts } from './order-command.js';
import type { OutboxRow, OutboxState, PosChanges, PosSettings } from '../store/ports.js';
import { outboxStates } from '../domain/delivery.js';
import { cleartextTokenWarning } from '../domain/secret-url.js';
import { acceptText, terminalSafe, type TextField } from '../domain/outside-text.js';

class PosCommandError extends Error {
  readonly userFacing = true;
}

type Args = GlobalArgs & Record<string, unknown>;

const settingOptions = (y: Argv) => y
  .option('endpoint', { type: 'string', describe: 'where orders go: http(s)://… for http, ws(s)://… for ws' })
  .option('transport', { type: 'string', choices: ['http', 'ws'], describe: 'how orders go' })
  .option('token', { type: 'string', describe: 'bearer token, both ways (visible in ps; prefer --token-stdin); "" removes it' })
  .option('token-stdin', { type: 'boolean', describe: 'read the token from standard input' })
  .option('code', { type: 'string', describe: 'the outlet code the POS knows itself by' })
  .option('preparation-minutes', { type: 'number', describe: 'kitchen time used for promised times' })
  .option('json', { type: 'boolean', describe: 'the point of sale as JSON (token masked)' });

function changesFrom(argv: Args): PosChanges {
  if (argv.token !== undefined && argv.tokenStdin) throw new PosCommandError('give the token either with --token or with --token-stdin, not both');
  const token = argv.tokenStdin ? fs.readFileSync(0, 'utf8').trim() : (argv.token as string | undefined);
  if (argv.tokenStdin && !token) throw new PosCommandError('--token-stdin: nothing was read from standard input');
  const prep = argv.preparationMinutes as number | undefined;
  if (prep !== undefined && !Number.isFinite(prep)) throw new PosCommandError('--preparation-minutes must be a number');
  const text = (v: unknown, field: TextField, flag: string) => (v === undefined ? undefined : acceptText(String(v), field, flag));
  return {
    endpoint: text(argv.endpoint, 'url', '--endpoint'), transport: argv.transport as string | undefined, token,
    code: text(argv.code, 'id', '--code'), preparationMinutes: prep, name: text(argv.rename, 'label', '--rename'),
  };
}

/** A token over plain http:// or ws:// gets a warning on standard error (doctor repeats it). */
function warnCleartext(p: PosSettings): void {
  const warning = cleartextTokenWarning(p);
  if (warning) process.stderr.write(`ringdesk: warning: ${terminalSafe(warning)}\n`);
}

function describePos(p: PosSettings): string {
  return `${p.name}  ${p.transport}  ${p.endpoint || '(no endpoint: its orders wait in the outbox)'}  token ${p.token || '(none)'}`;
}

const when = (t: number | null) => (t ? new Date(t).toISOString().replace('T', ' ').slice(0, 19) : '');

function outboxLine(r: OutboxRow): string {
  return [String(r.id).padStart(5), r.deliveryNumber.padEnd(8), `v${r.version}`.padEnd(4), r.state.padEnd(12),
    String(r.attempts).padStart(3), when(r.createdAt).padEnd(19), when(r.acknowledgedAt ?? r.sentAt).padEnd(19), r.lastError].join('  ').trimEnd();
}

export const posCommand: CommandModule<GlobalArgs, Args> = {
  command: 'pos',
  describe: 'points of sale and the outbox of orders sent to them',
  builder: (y) => y
    .command('add <name>', 'add a point of sale', (a) => settingOptions(a).positional('name', { type: 'string', demandOption: true })
      .example('$0 pos add "Kitchen One" --endpoint https://pos.example/ringdesk/orders --token-stdin < token.txt', 'orders over HTTPS')
      .example('$0 pos add Grill --transport ws --endpoint wss://grill.example/ringdesk --token-stdin < grill.txt', 'orders over a WebSocket')
      .example('$0 pos add "Pizzeria Karlín" --code K --preparation-minutes 20', 'not connected yet: its orders wait in the outbox'), async (argv) => {
      await withPorts(argv as Args, async (store) => {
        const res = await store.pointsOfSale.add(acceptText(String(argv.name), 'label', 'point of sale name'), changesFrom(argv as Args));
        if (!res.ok) throw new PosCommandError(res.reason);
        if (argv.json) printJson(res.pos);
        else say(`added ${describePos(res.pos)}`);
        warnCleartext(res.pos);
      }, { create: true });
    })
    .command('set <name>', 'change a point of sale', (a) => settingOptions(a)
      .positional('name', { type: 'string', demandOption: true })
      .option('rename', { type: 'string', describe: 'new name' })
      .example('$0 pos set Grill --endpoint wss://grill2.example/ringdesk', 'a new address; queued orders go there')
      .example('$0 pos set Grill --token-stdin < new-token.txt', 'a new token, read without showing it')
      .example('$0 pos set Grill --rename "Grill Bar"', 'a new name'), async (argv) => {
      await withPorts(argv as Args, async (store) => {
        const res = await store.pointsOfSale.set(String(argv.name), changesFrom(argv as Args));
        if (!res.ok) throw new PosCommandError(res.reason);
        if (argv.json) printJson(res.pos);
        else say(`changed ${describePos(res.pos)}`);
        warnCleartext(res.pos);
      });
    })
    .command('list', 'list points of sale (tokens masked)', (a) => a.option('json', { type: 'boolean', describe: 'machine-readable JSON' })
      .example('$0 pos list', 'name, transport, endpoint, token as ****abcd')
      .example('$0 pos list --json', 'the same as JSON'), async (argv) => {
      await withPorts(argv as Args, async (store) => {
        const all = await store.pointsOfSale.list();
        if (argv.json) return printJson(all);
        if (all.length === 0) return say('no points of sale yet; add one with "ringdesk pos add NAME --endpoint URL --token-stdin"');
        for (const p of all) say(describePos(p));
      });
    })
    .command('outbox', 'orders queued, sent, acknowledged and failed', (a) => a
      .option('json', { type: 'boolean' })
      .option('state', { type: 'string', choices: outboxStates as string[], describe: 'only orders in this state' })
      .option('limit', { type: 'number', default: 100 })
      .example('$0 pos outbox', 'counts per state and the newest 100 orders')
      .example('$0 pos outbox --state failed --json', 'failed orders as JSON'), async (argv) => {
      await withPorts(argv as Args, async (store) => {
        const limit = Number(argv.limit);
        if (!Number.isInteger(limit) || limit <= 0) throw new PosCommandError(`--limit must be a whole number above 0, got ${argv.limit}`);
        const rows = await store.outbox.list(limit, argv.state as OutboxState | undefined);
        if (argv.json) {
          return printJson(rows.map(({ payload: _p, ...r }) => r));
        }
        const c = await store.outbox.counts();
        say(outboxStates.map((s) => `${s} ${c[s]}`).join(' · '));
        if (rows.length === 0) return;
        say(['   id', 'delivery', 'ver ', 'state       ', 'try', 'queued at          ', 'sent / acked at    ', 'last error'].join('  '));
        for (const r of rows) say(outboxLine(r));
      });
    })
    .command('resend <id>', 'send a failed order again (same key, fresh retries)', (a) => a.positional('id', { type: 'number', demandOption: true })
      .option('json', { type: 'boolean', describe: 'the outbox row as JSON' })
      .example('$0 pos resend 42', 'outbox order #42 (see "ringdesk pos outbox --state failed")'), async (argv) => {
      await withPorts(argv as Args, async (store) => {
        const id = Number(argv.id);
        if (!Number.isInteger(id)) throw new PosCommandError(`resend: "${argv.id}" is not an outbox order number (see "ringdesk pos outbox")`);
        const res = await store.outbox.resend(id);
        if (!res.ok) throw new PosCommandError(res.reason);
        if (argv.json) {
          const { payload: _p, ...row } = res.row;
          return printJson(row);
        }
        say(`order #${id} (${res.row.deliveryNumber} v${res.row.version}) queued again; a running relay or console sends it`);
      });
    })
    .demandCommand(1, 'say what to do: add, list, set, outbox or resend')
    .example('$0 pos list', 'the points of sale')
    .example('$0 pos outbox --state failed', 'orders that did not reach their kitchen'),
  handler: () => {},
};
