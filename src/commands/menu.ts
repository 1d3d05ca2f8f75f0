/**
 * `ringdesk menu import|list|stop|unstop|stop-list`: the menu with sizes and modifier groups
 * (docs/menu.md) and the stop-list of sold-out products.
 */
import fs from 'node:fs';
import type { CommandModule } from 'yargs';
import { printJson, say, type GlobalArgs } from './common.js';
import { OrderCommandError, withPorts, type Args } from './order-command.js';
import { checkMenuFile } from '../orders/menu-file.js';
import { describeProblems } from '../orders/file-problems.js';
import { formatMoney } from '../domain/money.js';
import type { StorePorts } from '../store/ports.js';

async function productId(store: StorePorts, text: string): Promise<{ id: number; name: string }> {
  const found = await store.menu.find(text);
  if (found.kind === 'none') throw new OrderCommandError(`nothing on the menu is called "${text}" (see "ringdesk menu list")`);
  if (found.kind === 'several') throw new OrderCommandError(`"${text}" could be ${found.products.map((p) => p.name).join(', ')}: say which`);
  return found.product;
}

async function outletId(store: StorePorts, name: unknown): Promise<{ id: number; name: string } | null> {
  if (name === undefined) return null;
  const o = await store.outlets.byName(String(name));
  if (!o) throw new OrderCommandError(`there is no point of sale "${name}" (known: ${(await store.pointsOfSale.list()).map((p) => p.name).join(', ') || 'none'})`);
  return o;
}

/** Where a product is sold out now: everywhere, and/or at these outlets. */
async function whereStopped(store: StorePorts, productId: number): Promise<{ everywhere: boolean; outlets: string[] }> {
  const entries = (await store.menu.stopList()).filter((s) => s.productId === productId);
  return { everywhere: entries.some((s) => !s.outlet), outlets: entries.filter((s) => s.outlet).map((s) => s.outlet) };
}

const stopOptions = (a: any) => a // eslint-disable-line @typescript-eslint/no-explicit-any
  .positional('product', { type: 'string', demandOption: true, describe: 'product name or code' })
  .option('outlet', { type: 'string', describe: 'only at this point of sale (default: everywhere)' })
  .option('json', { type: 'boolean', describe: 'the outcome as JSON' });

export const menuCommand: CommandModule<GlobalArgs, Args> = {
  command: 'menu <action>',
  describe: 'the menu (import from JSON, list) and the stop-list',
  builder: (y) => y
    .command('import <file>', 'replace the menu from a JSON file (all or nothing; see docs/menu.md)', (a) => a
      .positional('file', { type: 'string', demandOption: true }).option('json', { type: 'boolean', describe: 'machine-readable outcome' })
      .example('$0 menu import menu.json', 'the menu from a file (docs/menu.md, docs/menu.schema.json)')
      .example('$0 menu import fixtures/data/menu-demo.json --json', "the demo's menu; the outcome as JSON"), async (argv) => {
      const file = String(argv.file);
      let text: string;
      try { text = fs.readFileSync(file, 'utf8'); } catch (e) { throw new OrderCommandError(`cannot read ${file}: ${(e as Error).message}`); }
      const checked = checkMenuFile(text);
      if (!checked.ok) throw new OrderCommandError(describeProblems(file, checked.problems));
      await withPorts(argv as Args, async (store) => {
        const res = await store.menu.importMenu(checked.value);
        if (argv.json) return printJson({ file, ...res });
        say(`${file}: ${res.added} product(s) added, ${res.updated} updated, ${res.retired} retired (kept for past orders)`);
      }, { create: true });
    })
    .command('list', 'the menu with sizes, modifier groups and stop-list marks', (a) => a
      .option('outlet', { type: 'string', describe: 'show the stop-list as this point of sale sees it' }).option('json', { type: 'boolean', describe: 'machine-readable JSON' })
      .example('$0 menu list', 'every product, its sizes and choices')
      .example('$0 menu list --outlet "Pizzeria Karlín" --json', 'as one outlet sees it, as JSON'), async (argv) => {
      await withPorts(argv as Args, async (store, config) => {
        const pos = await outletId(store, argv.outlet);
        const products = [];
        for (const p of await store.catalog.searchProducts('', 100_000)) {
          const product = await store.menu.product(p.id, pos?.id ?? null);
          if (product) products.push(product);
        }
        if (argv.json) return printJson(products);
        const money = (m: number) => formatMoney(m, config.currency);
        // without --outlet: STOP only for what is sold out everywhere; a stop at one outlet is named, not spread to all
        const stoppedAt = new Map<number, string[]>();
        if (!pos) for (const s of await store.menu.stopList()) if (s.outlet) stoppedAt.set(s.productId, [...(stoppedAt.get(s.productId) ?? []), s.outlet]);
        for (const p of products) {
          const at = p.stopped ? undefined : stoppedAt.get(p.id);
          say(`${p.stopped ? 'STOP ' : '     '}${p.name}${p.code ? ` [${p.code}]` : ''}  ${p.category}  ${p.sizes.length ? p.sizes.map((s) => `${s.name} ${money(s.price)}`).join(' / ') : money(p.price)}${at ? `  (sold out at ${at.join(', ')})` : ''}`);
          for (const g of p.groups) say(`       ${g.name} (${g.min === g.max ? `exactly ${g.min}` : `${g.min}-${g.max}`}): ${g.modifiers.map((m) => `${m.name}${m.price ? ` +${money(m.price)}` : ''}`).join(', ')}`);
        }
      });
    })
    .command('stop <product>', 'put a product on the stop-list (sold out)', (a) => stopOptions(a)
      .example('$0 menu stop "Truffle pizza"', 'sold out everywhere')
      .example('$0 menu stop Tiramisu --outlet "Pizzeria Karlín"', 'sold out at one outlet'), async (argv) => {
      await withPorts(argv as Args, async (store) => {
        const p = await productId(store, String(argv.product));
        const pos = await outletId(store, argv.outlet);
        const changed = await store.menu.stop(p.id, pos?.id ?? null);
        const now = await whereStopped(store, p.id);
        if (argv.json) return printJson({ product: p.name, outlet: pos?.name ?? null, stopped: true, changed, stoppedEverywhere: now.everywhere, stoppedAt: now.outlets });
        const also = pos && now.everywhere ? ' (it is sold out everywhere too)' : '';
        say(`${p.name} ${changed ? 'is now' : 'was already'} on the stop-list ${pos ? `at ${pos.name}` : 'everywhere'}${also}`);
      });
    })
    .command('unstop <product>', 'take a product off the stop-list', (a) => stopOptions(a)
      .example('$0 menu unstop Tiramisu --outlet "Pizzeria Karlín"', 'back on sale at one outlet'), async (argv) => {
      await withPorts(argv as Args, async (store) => {
        const p = await productId(store, String(argv.product));
        const pos = await outletId(store, argv.outlet);
        const changed = await store.menu.unstop(p.id, pos?.id ?? null);
        if (!changed) throw new OrderCommandError(`${p.name} was not on the stop-list ${pos ? `at ${pos.name}` : 'for every outlet'}; see "ringdesk menu stop-list"`);
        const now = await whereStopped(store, p.id);
        if (argv.json) return printJson({ product: p.name, outlet: pos?.name ?? null, stopped: false, changed, stoppedEverywhere: now.everywhere, stoppedAt: now.outlets });
        // never "back on sale" where it is still sold out
        if (now.everywhere) return say(`${p.name} is no longer stopped at ${pos!.name}, but it is still sold out everywhere ("ringdesk menu unstop ${p.name}" lifts that)`);
        const still = now.outlets.filter((o) => o !== pos?.name);
        say(`${p.name} is back on sale ${pos ? `at ${pos.name}` : 'everywhere'}${!pos && still.length ? ` except ${still.join(', ')} (stopped there; lift it with --outlet)` : ''}`);
      });
    })
    .command('stop-list', 'what is sold out, and where', (a) => a.option('json', { type: 'boolean', describe: 'machine-readable JSON' })
      .example('$0 menu stop-list', 'product, outlet, since when'), async (argv) => {
      await withPorts(argv as Args, async (store) => {
        const list = await store.menu.stopList();
        if (argv.json) return printJson(list);
        if (!list.length) return say('nothing is on the stop-list');
        for (const s of list) say(`${s.product}  ${s.outlet || 'everywhere'}  since ${new Date(s.since).toISOString().slice(0, 16).replace('T', ' ')}`);
      });
    })
    .demandCommand(1, 'say what to do: import, list, stop, unstop or stop-list')
    .example('$0 menu import menu.json', 'replace the menu')
    .example('$0 menu stop Tiramisu', 'sold out'),
  handler: () => {},
};
