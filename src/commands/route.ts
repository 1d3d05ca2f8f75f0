/**
 * `ringdesk route add|list|remove|test`: which group a call is for. A called number (the
 * PBX's To) or an IVR digit (the PBX's X-Ringdesk-Group header) is mapped to a group; a header
 * that names a group needs no route (docs/pbx.md). `test` shows what a call would get.
 */
import type { CommandModule } from 'yargs';
import { configFrom, openPorts, printJson, say, type GlobalArgs } from './common.js';
import { UsageError } from '../cli.js';
import { acceptText, terminalSafe } from '../domain/outside-text.js';
import { routeEntry } from '../domain/group-route.js';

interface RouteArgs extends GlobalArgs {
  action?: 'add' | 'list' | 'remove' | 'test';
  entry?: string;
  group?: string;
  ivr?: boolean;
  header?: string;
  called?: string;
  json?: boolean;
}

export const routeCommand: CommandModule<GlobalArgs, RouteArgs> = {
  command: 'route <action> [entry] [group]',
  describe: 'route calls to a group by the number dialled or an IVR digit the PBX passes',
  builder: (y) =>
    y
      .positional('action', { choices: ['add', 'list', 'remove', 'test'] as const, describe: 'what to do' })
      .positional('entry', { type: 'string', describe: 'the number dialled, or with --ivr the digit(s) the caller pressed' })
      .positional('group', { type: 'string', describe: 'add: the group the calls go to' })
      .option('ivr', { type: 'boolean', describe: 'the entry is an IVR digit passed in X-Ringdesk-Group, not a number' })
      .option('header', { type: 'string', describe: 'test: the X-Ringdesk-Group header a call carries' })
      .option('called', { type: 'string', describe: 'test: the number a call was dialled to' })
      .option('json', { type: 'boolean', describe: 'machine-readable JSON' })
      .example('$0 route add "+420 222 000 111" brno', 'calls to this number are for group brno')
      .example('$0 route add 2 praha --ivr', 'callers who press 2 in the IVR are for group praha')
      .example('$0 route test --called 222000111 --header 2', 'which group such a call gets')
      .example('$0 route list --json', 'every route'),
  handler: async (argv) => {
    const store = openPorts(configFrom(argv), { create: argv.action === 'add' });
    try {
      const routes = store.groupRoutes;
      if (argv.action === 'list') {
        const list = await routes.list();
        if (argv.json) return printJson(list);
        if (!list.length) return say('no routes: calls go to every operator (a PBX header naming a group still routes it)');
        return list.forEach((r) => say(`${r.kind === 'ivr' ? `IVR digit ${r.key}` : `called ${r.key}`} → ${terminalSafe(r.group)}`));
      }
      if (argv.action === 'test') {
        const g = await routes.resolve(argv.header, argv.called);
        if (argv.json) return printJson(g);
        return say(g ? `group ${terminalSafe(g.name)} (by ${g.via === 'header' ? 'the header naming it' : g.via === 'ivr' ? 'the IVR digit' : 'the number dialled'})` : 'no group: every operator is offered the call');
      }
      const kind = argv.ivr ? 'ivr' : 'number';
      if (!argv.entry) throw new UsageError(`route ${argv.action} needs ${argv.ivr ? 'an IVR digit' : 'a number'}, e.g. "ringdesk route ${argv.action} ${argv.ivr ? '2 --ivr' : '"+420 222 000 111"'}${argv.action === 'add' ? ' brno' : ''}"`);
      const entry = routeEntry(kind, argv.entry, store.region);
      if (!entry) throw new UsageError(argv.ivr ? `"${terminalSafe(argv.entry)}" is not an IVR digit (0-9, * and #, up to 8)` : `"${terminalSafe(argv.entry)}" is not a phone number`);
      if (argv.action === 'remove') {
        if (!(await routes.remove(entry))) throw new UsageError(`no route for ${entry.replace(':', ' ')}`);
        return say(`removed the route for ${entry.replace(':', ' ')}`);
      }
      if (!argv.group?.trim()) throw new UsageError('route add needs the group, e.g. "ringdesk route add 2 praha --ivr"');
      const named = acceptText(argv.group.trim(), 'label', 'the group name');
      const group = (await store.groups.byName(named))?.name;
      if (!group) throw new UsageError(`no group ${named}: add it first with "ringdesk group add ${named}"`);
      await routes.set(entry, group, Date.now());
      if (argv.json) return printJson({ entry, group });
      say(`calls ${kind === 'ivr' ? `with IVR digit ${entry.slice(4)}` : `to ${entry.slice(7)}`} go to group ${group}`);
    } finally {
      await store.close();
    }
  },
};
