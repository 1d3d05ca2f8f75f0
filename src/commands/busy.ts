/**
 * `ringdesk busy [<outlet> [+15|-5|0|20]]`: the shift manager's busy delay, added to every ASAP
 * promised time of the outlet. "+N" adds, "-N" takes off, a bare number sets it; no change lists.
 */
import type { CommandModule } from 'yargs';
import { printJson, say, type GlobalArgs } from './common.js';
import { OrderCommandError, withPorts, type Args } from './order-command.js';
import { MAX_BUSY_MINUTES } from '../domain/catalog.js';
import type { OutletTiming } from '../store/ports.js';

/** New busy minutes from the current ones and what was typed; null when it is not a change. */
export function busyChange(current: number, text: string): number | null {
  const m = text.trim().match(/^([+-]?)(\d{1,4})$/);
  if (!m) return null;
  const n = Number(m[2]);
  const next = m[1] === '+' ? current + n : m[1] === '-' ? current - n : n;
  return Math.max(0, Math.min(MAX_BUSY_MINUTES, next));
}

const line = (o: OutletTiming) => `${o.name}: preparation ${o.preparationMinutes} min, busy +${o.busyMinutes} min`;

export const busyCommand: CommandModule<GlobalArgs, Args> = {
  command: 'busy [outlet] [change]',
  describe: 'show or change an outlet\'s busy delay (+15, -5, 0)',
  builder: (y) => y
    .positional('outlet', { type: 'string', describe: 'point of sale name' })
    .positional('change', { type: 'string', describe: '+N adds minutes, -N takes off, N sets, 0 clears' })
    .option('json', { type: 'boolean', describe: 'machine-readable JSON' })
    .example('$0 busy', 'every outlet: preparation and busy minutes')
    .example('$0 busy "Pizzeria Karlín" +15', 'the kitchen is swamped: 15 minutes more on every ASAP promise')
    .example('$0 busy "Pizzeria Karlín" 0', 'back to normal'),
  handler: async (argv) => {
    await withPorts(argv, async (store) => {
      const all = async () => {
        const out: OutletTiming[] = [];
        for (const p of await store.pointsOfSale.list()) out.push((await store.outlets.byId(p.id))!);
        return out;
      };
      if (!argv.outlet) {
        const list = await all();
        if (argv.json) return printJson(list);
        if (!list.length) return say('no points of sale yet (ringdesk pos add <name>)');
        return list.forEach((o) => say(line(o)));
      }
      const o = await store.outlets.byName(String(argv.outlet));
      if (!o) throw new OrderCommandError(`there is no point of sale "${argv.outlet}" (known: ${(await all()).map((x) => x.name).join(', ') || 'none'})`);
      if (argv.change === undefined) return argv.json ? printJson(o) : say(line(o));
      const next = busyChange(o.busyMinutes, String(argv.change));
      if (next === null) throw new OrderCommandError(`"${argv.change}" is not a change of minutes: use +15, -5, 0 or a number (at most ${MAX_BUSY_MINUTES})`);
      const now = (await store.outlets.setBusy(o.id, next))!;
      if (argv.json) return printJson(now);
      say(`${line(now)} (was +${o.busyMinutes})`);
    });
  },
};
