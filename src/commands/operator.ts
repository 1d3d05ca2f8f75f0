/**
 * `ringdesk operator add|list|set`: operators' personal cards (name, OS user, PBX login,
 * extension, headset). A PBX password is read masked (typed as *), from stdin
 * (--password-stdin) or from RINGDESK_PBX_PASSWORD; the store keeps only a salted hash
 * (to tell whether one was set), never the password, and nothing prints it.
 */
import type { CommandModule } from 'yargs';
import { configFrom, openPorts, printJson, say, type GlobalArgs } from './common.js';
import { UsageError } from '../cli.js';
import { terminalSafe } from '../domain/outside-text.js';
import { promptHidden, readStdinSecret } from './password.js';
import type { Operator } from '../domain/catalog.js';

interface CardArgs extends GlobalArgs {
  action?: 'add' | 'list' | 'set';
  name?: string;
  osUser?: string;
  login?: string;
  extension?: string;
  headset?: string;
  password?: boolean;
  passwordStdin?: boolean;
  json?: boolean;
  maxChats?: string;
  chatsBesideCall?: string;
  wrapUp?: string;
}

/** A limit typed by the supervisor: a whole number in range, or "default" (null); undefined = not given. */
export function limitValue(text: string | undefined, flag: string, max: number): number | null | undefined {
  if (text === undefined) return undefined;
  const t = String(text).trim();
  if (t === 'default') return null;
  if (!/^\d+$/.test(t) || Number(t) > max) throw new UsageError(`--${flag} must be a whole number from 0 to ${max}, or "default" (got "${terminalSafe(t)}")`);
  return Number(t);
}

const EXTENSION = /^[A-Za-z0-9_.+*#-]{1,32}$/;

/** What the card fields must look like; returns the first problem in words. */
export function cardProblem(a: { name?: string; login?: string; extension?: string; osUser?: string }): string | null {
  if (a.name !== undefined && (!/^\S.{0,62}$/.test(a.name) || terminalSafe(a.name) !== a.name)) return `operator name "${a.name}" must be 1-63 characters and not start with a space`;
  if (a.extension !== undefined && a.extension !== '' && !EXTENSION.test(a.extension)) return `extension "${a.extension}" may only hold letters, digits and . _ + * # - (up to 32)`;
  if (a.login !== undefined && a.login !== '' && !EXTENSION.test(a.login)) return `PBX login "${a.login}" may only hold letters, digits and . _ + * # - (up to 32)`;
  if (a.osUser !== undefined && (/\s/.test(a.osUser) || terminalSafe(a.osUser) !== a.osUser)) return `OS user "${a.osUser}" must not contain spaces`;
  return null;
}

/** The password for a card: stdin, env, or a prompt that draws it as *; undefined = leave as is. */
async function passwordFor(a: CardArgs, ask: boolean): Promise<string | undefined> {
  let secret: string | undefined;
  if (a.passwordStdin) secret = await readStdinSecret();
  else if (process.env.RINGDESK_PBX_PASSWORD) secret = process.env.RINGDESK_PBX_PASSWORD;
  else if (ask && process.stdin.isTTY) secret = await promptHidden(`PBX password for ${a.name} (empty = none): `);
  else if (a.password) throw new UsageError('--password needs a terminal to ask on; use --password-stdin or RINGDESK_PBX_PASSWORD');
  if (secret !== undefined && /[\r\n]/.test(secret)) throw new UsageError('the PBX password must be one line');
  return secret === '' ? undefined : secret;
}

function row(o: Operator): string[] {
  return [o.name, o.osUser || '-', o.pbxLogin || '-', o.extension || '-', o.headsetTarget || '-', o.hasSecret ? 'set' : 'not set'];
}

/** Operators as an aligned text table (no secrets in it: only whether a password was set). */
export function operatorTable(list: Operator[]): string {
  const rows = [['NAME', 'OS USER', 'PBX LOGIN', 'EXTENSION', 'HEADSET', 'PASSWORD'], ...list.map(row)];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n') + '\n';
}

export const operatorCommand: CommandModule<GlobalArgs, CardArgs> = {
  command: 'operator <action> [name]',
  describe: "operators' cards: add, list or set name, OS user, PBX login, extension, headset, password",
  builder: (y) =>
    y
      .positional('action', { choices: ['add', 'list', 'set'] as const, describe: 'what to do' })
      .positional('name', { type: 'string', describe: 'operator name' })
      .option('os-user', { type: 'string', describe: 'OS user whose console acts as this operator (add: default the name)' })
      .option('login', { type: 'string', describe: 'PBX login (digest username); default the extension' })
      .option('extension', { type: 'string', describe: 'PBX extension' })
      .option('headset', { type: 'string', describe: 'headset target: SIP URI or extension' })
      .option('password', { type: 'boolean', describe: 'set: ask for a new PBX password (no echo)' })
      .option('password-stdin', { type: 'boolean', describe: 'read the PBX password from stdin' })
      .option('json', { type: 'boolean', describe: 'the card(s) as JSON (never a password: only whether one is set)' })
      .option('max-chats', { type: 'string', describe: 'capacity: chats at once (default 3; "default" resets)' })
      .option('chats-beside-call', { type: 'string', describe: 'capacity: chats that may stay open during a call, a call offered only with at most that many open (default 0)' })
      .option('wrap-up', { type: 'string', describe: 'seconds of wrap-up after a call, no call offered meanwhile (default 0)' })
      .example('$0 operator set alice --max-chats 4 --wrap-up 30', 'the supervisor: four chats at once, 30 s to wrap up after each call')
      .example('$0 operator add alice --os-user alice --extension 1001', 'asks for the password (typed as *)')
      .example('printf %s "$PW" | $0 operator set alice --password-stdin', 'new password from a script')
      .example('$0 operator list', 'all cards')
      .example('$0 operator list --json', 'all cards as JSON'),
  handler: async (argv) => {
    const store = openPorts(configFrom(argv), { create: argv.action !== 'list' });
    try {
      if (argv.action === 'list') {
        const cards = await store.operators.list();
        if (argv.json) printJson(cards);
        else say(operatorTable(cards).replace(/\n$/, ''));
        return;
      }
      const name = argv.name?.trim();
      if (!name) throw new UsageError(`operator ${argv.action} needs a name, e.g. "ringdesk operator ${argv.action} alice"`);
      const problem = cardProblem({ name, login: argv.login, extension: argv.extension, osUser: argv.osUser });
      if (problem) throw new UsageError(problem);
      const existing = await store.operators.byName(name);
      if (argv.action === 'add' && existing) throw new UsageError(`operator ${name} already exists; change the card with "ringdesk operator set ${name} ..."`);
      if (argv.action === 'set' && !existing) throw new UsageError(`no operator called ${name}; add one with "ringdesk operator add ${name} ..."`);
      const limits = {
        maxChats: limitValue(argv.maxChats, 'max-chats', 50),
        chatsBesideCall: limitValue(argv.chatsBesideCall, 'chats-beside-call', 50),
        wrapUpS: limitValue(argv.wrapUp, 'wrap-up', 3600),
      };
      const secret = await passwordFor({ ...argv, name }, argv.action === 'add' || argv.password === true);
      const saved = await store.operators.upsert({
        name,
        osUser: argv.osUser ?? (existing ? undefined : name),
        pbxLogin: argv.login,
        extension: argv.extension,
        headsetTarget: argv.headset,
        secret,
      });
      if (Object.values(limits).some((v) => v !== undefined)) await store.operators.setLimits(saved.name, limits);
      const own = await store.operators.limits(saved.name);
      if (argv.json) return printJson({ ...saved, maxChats: own.capacity.chats, chatsBesideCall: own.capacity.chatsBesideCall, wrapUpS: own.wrapUpMs / 1000 });
      say(`${argv.action === 'add' ? 'added' : 'updated'} operator ${saved.name}: extension ${saved.extension || '-'}, PBX login ${saved.pbxLogin || saved.extension || '-'}, password ${saved.hasSecret ? 'set' : 'not set'}`);
      if (Object.values(limits).some((v) => v !== undefined)) say(`capacity of ${saved.name}: ${own.capacity.chats} chat(s) at once, ${own.capacity.chatsBesideCall} beside a call; wrap-up ${own.wrapUpMs / 1000} s after a call`);
      if (secret) say('the password itself is not stored: the console reads it from RINGDESK_PBX_PASSWORD or asks when it starts');
    } finally {
      await store.close();
    }
  },
};
