/**
 * `ringdesk mail password|outbox|resend|test`: the e-mail outbox of offline messages and the SMTP
 * password it logs in with. The password is read masked, from stdin or RINGDESK_SMTP_PASSWORD, and
 * kept only sealed in the database (src/store/box-secrets.ts); nothing prints it.
 */
import type { CommandModule } from 'yargs';
import { printJson, say, type GlobalArgs } from './common.js';
import { withPorts, type Args } from './order-command.js';
import { UsageError } from '../cli.js';
import { mailStates } from '../domain/offline-message.js';
import type { MailRow, MailState } from '../store/ports.js';
import { promptHidden, readStdinSecret } from './password.js';
import type { Config } from '../config/config.js';
import { maskUrlPasswords } from '../domain/secret-url.js';


const when = (t: number | null) => (t ? new Date(t).toISOString().replace('T', ' ').slice(0, 19) : '');

function mailLine(r: MailRow): string {
  return [String(r.id).padStart(5), r.state.padEnd(8), String(r.attempts).padStart(3), when(r.createdAt).padEnd(19),
    when(r.sentAt ?? (r.state === 'queued' && r.attempts > 0 ? r.nextAttemptAt : null)).padEnd(19), r.to.slice(0, 40).padEnd(24),
    r.subject.slice(0, 60), r.lastError ? `  (${r.lastError})` : ''].join('  ').trimEnd();
}

/** What `mail outbox` says first: where the messages go, and whether they can go at all. */
export function mailSetupLine(config: Pick<Config, 'smtp' | 'offlineMailTo'>, passwordSet: boolean): string {
  if (!config.smtp) return 'no SMTP server set (config "smtp"): offline messages are listed on the desk and wait here';
  const to = config.offlineMailTo || '(nobody: config "offlineMailTo" is empty, no new e-mails are queued)';
  const user = new URL(config.smtp).username;
  return `SMTP ${maskUrlPasswords(config.smtp)}${user ? `, password ${passwordSet ? 'set (sealed)' : 'NOT set: ringdesk mail password'}` : ''}; offline messages to ${to}`;
}

export const mailCommand: CommandModule<GlobalArgs, Args> = {
  command: 'mail',
  describe: 'offline messages by e-mail: the SMTP password, the outbox, resend, a test message',
  builder: (y) => y
    .command('password', 'set the SMTP password (kept sealed in the database; "" with --stdin removes it)', (a) => a
      .option('stdin', { type: 'boolean', describe: 'read it from standard input (else RINGDESK_SMTP_PASSWORD, else asked, shown as *)' })
      .option('json', { type: 'boolean', describe: 'say whether it is set, as JSON (never the password)' })
      .example('$0 mail password', 'asked on the terminal, typed as *')
      .example('$0 mail password --stdin < smtp-password.txt', 'from a file, never on the command line'), async (argv) => {
      let secret: string;
      if (argv.stdin) secret = await readStdinSecret();
      else if (process.env.RINGDESK_SMTP_PASSWORD) secret = process.env.RINGDESK_SMTP_PASSWORD;
      else if (process.stdin.isTTY) secret = await promptHidden('SMTP password (empty = none): ');
      else throw new UsageError('no SMTP password: use --stdin, RINGDESK_SMTP_PASSWORD, or run in a terminal to be asked');
      if (/[\r\n]/.test(secret)) throw new UsageError('the SMTP password must be one line');
      await withPorts(argv as Args, async (store) => {
        const res = await store.secrets.set('smtp password', secret, Date.now());
        if (!res.ok) throw new UsageError(res.reason);
        if (argv.json) return printJson({ smtpPassword: secret ? 'set' : 'removed' });
        say(secret ? 'SMTP password set (sealed in the database; a running relay uses it for its next message)' : 'SMTP password removed');
      });
    })
    .command('outbox', 'offline e-mails queued, sent and failed, with the reason of the last try', (a) => a
      .option('json', { type: 'boolean' })
      .option('state', { type: 'string', choices: mailStates as string[], describe: 'only messages in this state' })
      .option('limit', { type: 'number', default: 100 })
      .example('$0 mail outbox', 'the setup, counts per state and the newest 100 messages')
      .example('$0 mail outbox --state failed --json', 'failed messages as JSON'), async (argv) => {
      await withPorts(argv as Args, async (store, config) => {
        const limit = Number(argv.limit);
        if (!Number.isInteger(limit) || limit <= 0) throw new UsageError(`--limit must be a whole number above 0, got ${String(argv.limit)}`);
        const rows = await store.mailOutbox.list(limit, argv.state as MailState | undefined);
        if (argv.json) return printJson(rows.map(({ body: _b, ...r }) => r));
        say(mailSetupLine(config, await store.secrets.isSet('smtp password')));
        const c = await store.mailOutbox.counts();
        say(mailStates.map((s) => `${s} ${c[s]}`).join(' · '));
        if (rows.length === 0) return;
        say(['   id', 'state   ', 'try', 'queued at          ', 'sent / next try    ', 'to                      ', 'subject'].join('  '));
        for (const r of rows) say(mailLine(r));
      });
    })
    .command('resend <id>', 'send a failed e-mail again (fresh retries)', (a) => a.positional('id', { type: 'number', demandOption: true })
      .option('json', { type: 'boolean', describe: 'the e-mail as JSON (without its text)' })
      .example('$0 mail resend 7', 'e-mail #7 (see "ringdesk mail outbox --state failed")'), async (argv) => {
      await withPorts(argv as Args, async (store) => {
        const id = Number(argv.id);
        if (!Number.isInteger(id)) throw new UsageError(`resend: "${String(argv.id)}" is not an e-mail number (see "ringdesk mail outbox")`);
        const res = await store.mailOutbox.resend(id, Date.now());
        if (!res.ok) throw new UsageError(res.reason);
        if (argv.json) { const { body: _b, ...row } = res.row; return printJson(row); }
        say(`e-mail #${id} queued again; the relay (or a console standing in for it) sends it`);
      });
    })
    .command('test', 'queue a test e-mail to the offline address (or --to), to check the setup end to end', (a) => a
      .option('to', { type: 'string', describe: 'send it here instead of config offlineMailTo' })
      .option('json', { type: 'boolean', describe: 'the queued e-mail as JSON' })
      .example('$0 mail test', 'then "ringdesk mail outbox" shows whether it went'), async (argv) => {
      await withPorts(argv as Args, async (store, config) => {
        const to = argv.to === undefined ? config.offlineMailTo : String(argv.to);
        if (!to) throw new UsageError('nobody to send to: set config "offlineMailTo" or give --to ADDRESS');
        if (!/^[^\s@<>,;"]+@[^\s@<>,;"]+$/.test(to.split(',')[0].trim())) throw new UsageError(`--to "${to}" is not an e-mail address`);
        const id = await store.mailOutbox.enqueue({ kind: 'test', to, subject: 'ringdesk test message', body: 'This is a test of the offline e-mails of ringdesk. Nothing to do.\n' }, Date.now());
        if (argv.json) return printJson({ id, to, state: 'queued' });
        say(`test e-mail #${id} queued to ${to}; the relay (or a console standing in for it) sends it`);
      });
    })
    .demandCommand(1, 'say what to do: password, outbox, resend or test')
    .example('$0 mail outbox', 'what went out, what waits and why'),
  handler: () => {},
};
