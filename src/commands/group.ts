/**
 * `ringdesk group add|list|member`: operator groups (per city, per brand) whose members may take
 * the group's items from the queue (calls routed to the group, items redirected to it).
 */
import type { CommandModule } from 'yargs';
import { configFrom, openPorts, printJson, say, type GlobalArgs } from './common.js';
import { UsageError } from '../cli.js';
import { terminalSafe } from '../domain/outside-text.js';
import type { OperatorGroup } from '../store/ports.js';

interface GroupArgs extends GlobalArgs {
  action?: 'add' | 'list' | 'member';
  name?: string;
  operator?: string;
  remove?: boolean;
  json?: boolean;
}

/** What a group's name must look like; the problem in words, or null. */
export function groupNameProblem(name: string): string | null {
  if (!/^\S.{0,62}$/.test(name) || terminalSafe(name) !== name) return `group name "${terminalSafe(name)}" must be 1-63 characters and not start with a space`;
  return null;
}

/** Groups as an aligned text table. */
export function groupTable(list: OperatorGroup[]): string {
  if (!list.length) return 'no groups yet: ringdesk group add <name>';
  const rows = [['GROUP', 'MEMBERS'], ...list.map((g) => [g.name, g.members.join(', ') || '-'])];
  const width = Math.max(...rows.map((r) => r[0].length));
  return rows.map((r) => `${r[0].padEnd(width)}  ${r[1]}`.trimEnd()).join('\n');
}

export const groupCommand: CommandModule<GlobalArgs, GroupArgs> = {
  command: 'group <action> [name] [operator]',
  describe: 'operator groups (per city, brand): add, list, or put an operator in one (member)',
  builder: (y) =>
    y
      .positional('action', { choices: ['add', 'list', 'member'] as const, describe: 'what to do' })
      .positional('name', { type: 'string', describe: 'group name' })
      .positional('operator', { type: 'string', describe: 'member: the operator (by name)' })
      .option('remove', { type: 'boolean', describe: 'member: take the operator out of the group' })
      .option('json', { type: 'boolean', describe: 'the group(s) as JSON' })
      .example('$0 group add Brno', 'a new group')
      .example('$0 group member Brno alice', 'alice takes the Brno group\'s items')
      .example('$0 group member Brno alice --remove', 'alice leaves the group')
      .example('$0 group list --json', 'every group with its members, as JSON'),
  handler: async (argv) => {
    const store = openPorts(configFrom(argv), { create: argv.action !== 'list' });
    try {
      if (argv.action === 'list') {
        const list = await store.groups.list();
        if (argv.json) printJson(list);
        else say(groupTable(list));
        return;
      }
      const name = argv.name?.trim();
      if (!name) throw new UsageError(`group ${argv.action} needs a group name, e.g. "ringdesk group ${argv.action} Brno${argv.action === 'member' ? ' alice' : ''}"`);
      const problem = groupNameProblem(name);
      if (problem) throw new UsageError(problem);
      const now = Date.now();
      if (argv.action === 'add') {
        const r = await store.groups.add(name, now);
        if (!r.ok) throw new UsageError(r.reason);
        if (argv.json) return printJson(r.group);
        return say(`added group ${r.group.name}; put operators in it with "ringdesk group member ${r.group.name} <operator>"`);
      }
      const operator = argv.operator?.trim();
      if (!operator) throw new UsageError(`group member needs an operator, e.g. "ringdesk group member ${name} alice"`);
      const r = argv.remove ? await store.groups.removeMember(name, operator) : await store.groups.addMember(name, operator, now);
      if (!r.ok) throw new UsageError(r.reason);
      if (argv.json) return printJson(r.group);
      const card = (await store.operators.byName(operator)) ? '' : ` (no operator card called ${operator} yet: the console of that name takes the group's items)`;
      say(`${argv.remove ? `took ${operator} out of` : `put ${operator} in`} group ${r.group.name}: ${r.group.members.join(', ') || 'no members'}${argv.remove ? '' : card}`);
    } finally {
      await store.close();
    }
  },
};
