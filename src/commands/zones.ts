/**
 * `ringdesk zones import|list|add-street`: delivery zones from a GeoJSON file (docs/zones.md),
 * and street/house ranges for addresses without coordinates.
 */
import fs from 'node:fs';
import type { CommandModule } from 'yargs';
import { printJson, say, type GlobalArgs } from './common.js';
import { OrderCommandError, withPorts, type Args } from './order-command.js';
import { checkZonesFile } from '../orders/zones-file.js';
import { describeProblems } from '../orders/file-problems.js';
import { parseHours } from '../domain/hours.js';
import { formatMoney, parseMoney } from '../domain/money.js';
import type { ZoneTermsInput } from '../store/ports.js';
import { acceptText } from '../domain/outside-text.js';

function readFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new OrderCommandError(`cannot read ${file}: ${(e as Error).message}`);
  }
}

function amount(v: unknown, flag: string): number {
  const m = parseMoney(String(v));
  if (m === null) throw new OrderCommandError(`${flag} must be an amount like 49 or 49.50, got "${v}"`);
  return m;
}

export const zonesCommand: CommandModule<GlobalArgs, Args> = {
  command: 'zones <action>',
  describe: 'delivery zones: import GeoJSON polygons, list, add street ranges',
  builder: (y) => y
    .command('import <file>', 'import zones from a GeoJSON FeatureCollection (all or nothing)', (a) => a
      .positional('file', { type: 'string', demandOption: true })
      .option('create-outlets', { type: 'boolean', describe: 'add points of sale the file names that do not exist yet' })
      .option('json', { type: 'boolean', describe: 'machine-readable outcome' })
      .example('$0 zones import zones.geojson', 'zones for the points of sale already added (docs/zones.md, docs/zones.schema.json)')
      .example('$0 zones import fixtures/data/zones-prague.geojson --create-outlets', 'the demo zones, adding their points of sale'), async (argv) => {
      await withPorts(argv as Args, async (store, config) => {
        const file = String(argv.file);
        const outlets = argv.createOutlets ? null : (await store.pointsOfSale.list()).map((p) => p.name);
        const checked = checkZonesFile(readFile(file), outlets);
        if (!checked.ok) throw new OrderCommandError(describeProblems(file, checked.problems));
        const res = await store.zones.importZones(checked.value, { createOutlets: Boolean(argv.createOutlets) });
        if (argv.json) return printJson({ file, ...res });
        say(`${file}: ${res.added} zone(s) added, ${res.updated} updated${res.outletsCreated.length ? `; points of sale added: ${res.outletsCreated.join(', ')}` : ''} (fees in ${config.currency})`);
      }, { create: true });
    })
    .command('list', 'list zones with their outlet, fee, minimum, minutes and hours', (a) => a.option('json', { type: 'boolean', describe: 'machine-readable JSON' })
      .example('$0 zones list', 'one line per zone')
      .example('$0 zones list --json', 'the same as JSON'), async (argv) => {
      await withPorts(argv as Args, async (store, config) => {
        const zones = await store.zones.list();
        if (argv.json) return printJson(zones);
        if (!zones.length) return say('no zones yet: ringdesk zones import <file.geojson>');
        for (const z of zones) {
          say([z.name.padEnd(20), (z.outlet || '-').padEnd(14), `fee ${formatMoney(z.fee, config.currency)}`, `min ${formatMoney(z.minOrder, config.currency)}`,
            `${z.minutes} min`, z.hours || 'always', z.polygons ? 'polygon' : '', z.streets ? `${z.streets} street range(s)` : ''].filter(Boolean).join('  '));
        }
      });
    })
    .command('add-street <zone>', 'add a street/house range to a zone (creates a street-only zone when given its terms)', (a) => a
      .positional('zone', { type: 'string', demandOption: true })
      .option('street', { type: 'string', demandOption: true, describe: 'street name as written on addresses' })
      .option('city', { type: 'string', default: '', describe: 'city; empty = any city' })
      .option('from', { type: 'number', default: 0, describe: 'first house number' })
      .option('to', { type: 'number', default: 1_000_000, describe: 'last house number' })
      .option('parity', { type: 'string', choices: ['all', 'odd', 'even'], default: 'all' })
      .option('outlet', { type: 'string', describe: 'new zone: its point of sale' })
      .option('fee', { type: 'string', describe: 'new zone: delivery fee (49 or 49.50)' })
      .option('min-order', { type: 'string', describe: 'new zone: minimum order (300)' })
      .option('minutes', { type: 'number', describe: 'new zone: delivery minutes' })
      .option('hours', { type: 'string', default: '', describe: 'new zone: hours "10:00-22:00"; empty = always' })
      .option('create-outlets', { type: 'boolean', describe: 'add the point of sale when it does not exist' })
      .option('json', { type: 'boolean', describe: 'the zone and the range as JSON' })
      .example('$0 zones add-street Vinohrady --street Korunní --from 1 --to 120', 'a range in an existing zone')
      .example('$0 zones add-street Karlín --street Sokolovská --parity odd --outlet "Pizzeria Karlín" --fee 49 --min-order 300 --minutes 30', 'a new street-only zone'), async (argv) => {
      const from = Number(argv.from), to = Number(argv.to);
      if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to < from) throw new OrderCommandError(`--from and --to must be whole numbers with from <= to, got ${argv.from}..${argv.to}`);
      let terms: ZoneTermsInput | null = null;
      if (argv.outlet !== undefined) {
        const minutes = Number(argv.minutes);
        if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440) throw new OrderCommandError('--minutes must be a whole number from 1 to 1440');
        const hours = parseHours(String(argv.hours));
        if (!hours.ok) throw new OrderCommandError(`--hours: ${hours.reason}`);
        terms = { outlet: acceptText(String(argv.outlet), 'label', '--outlet'), fee: amount(argv.fee ?? '0', '--fee'), minOrder: amount(argv.minOrder ?? '0', '--min-order'), minutes, hours: String(argv.hours).trim() };
      }
      await withPorts(argv as Args, async (store) => {
        try {
          const range = { city: acceptText(String(argv.city), 'city', '--city'), street: acceptText(String(argv.street), 'street', '--street'), from, to, parity: argv.parity as 'all' };
          const zone = await store.zones.addStreet(acceptText(String(argv.zone), 'label', 'zone name'), range, terms, Boolean(argv.createOutlets));
          if (argv.json) return printJson({ zone: zone.name, range });
          say(`zone ${zone.name}: ${argv.street} ${from}-${to === 1_000_000 ? 'end' : to}${argv.parity !== 'all' ? ` (${argv.parity})` : ''}${argv.city ? `, ${argv.city}` : ''}`);
        } catch (e) {
          throw new OrderCommandError((e as Error).message);
        }
      }, { create: true });
    })
    .demandCommand(1, 'say what to do: import, list or add-street')
    .example('$0 zones import zones.geojson', 'zones from GeoJSON polygons')
    .example('$0 zones list', 'the zones'),
  handler: () => {},
};
