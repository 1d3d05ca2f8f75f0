/**
 * `ringdesk callback token|list`: the token the web widget's back end sends with POST /callbacks
 * (kept sealed in the database, never printed after it is set), and the callbacks waiting in the
 * queue with their due time and attempts left.
 */
import crypto from 'node:crypto';
import type { CommandModule } from 'yargs';
import { printJson, say, type GlobalArgs } from './common.js';
import { withPorts, type Args } from './order-command.js';
import { UsageError } from '../cli.js';
import { readStdinSecret } from './password.js';
import { callbackLine } from '../domain/callback.js';
import { formatWait, ownerLabel } from '../domain/work-item.js';

export const callbackCommand: CommandModule<GlobalArgs, Args> = {
  command: 'callback',
  describe: 'callbacks: the token for POST /callbacks, the callbacks waiting',
  builder: (y) => y
    .command('token', 'set the token POST /callbacks must carry (a new random one, printed once, unless --stdin)', (a) => a
      .option('stdin', { type: 'boolean', describe: 'read the token from standard input instead of making one' })
      .option('json', { type: 'boolean', describe: 'the new token as JSON (printed once)' })
      .example('$0 callback token', 'a new random token, shown once: give it to the web widget\'s back end'), async (argv) => {
      const token = argv.stdin ? await readStdinSecret() : crypto.randomBytes(24).toString('base64url');
      if (argv.stdin && (token.length < 16 || /\s/.test(token))) throw new UsageError('the token must be at least 16 characters, without spaces');
      await withPorts(argv as Args, async (store) => {
        const res = await store.secrets.set('callbacks token', token, Date.now());
        if (!res.ok) throw new UsageError(res.reason);
        if (argv.json) return printJson(argv.stdin ? { callbacksToken: 'set' } : { callbacksToken: token });
        say(argv.stdin ? 'callbacks token set (sealed in the database)' : `callbacks token: ${token}\n(it is not shown again; send it as "Authorization: Bearer <token>" with POST /callbacks)`);
      });
    })
    .command('list', 'callbacks waiting in the queue: due time, attempts left, owner', (a) => a.option('json', { type: 'boolean' })
      .example('$0 callback list', 'each callback waiting: who, due when, attempts left, for whom')
      .example('$0 callback list --json', 'the same as JSON'), async (argv) => {
      await withPorts(argv as Args, async (store, config) => {
        const now = Date.now();
        await store.callbacks.expireOverdue(now);
        const list = await store.callbacks.waiting();
        if (argv.json) return printJson(list);
        if (list.length === 0) return say('no callbacks waiting');
        for (const { callback: c, item } of list) {
          say([`#${item.id}`.padStart(5), (item.name || item.phone).slice(0, 30).padEnd(30), item.phone.padEnd(16), callbackLine(c, now, config.timezone),
            `for ${ownerLabel(item.owner)}`, `waiting ${formatWait(now - item.arrivedAt)}`, c.offlineAt ? '(offline message)' : ''].join('  ').trimEnd());
        }
      });
    })
    .demandCommand(1, 'say what to do: token or list')
    .example('$0 callback list', 'the callbacks waiting'),
  handler: () => {},
};
