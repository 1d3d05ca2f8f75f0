/** `ringdesk lookup <number>`: the caller card and routing a call from that number would get now. */
import type { CommandModule } from 'yargs';
import { configFrom, openPorts, printJson, say, type GlobalArgs } from './common.js';
import { describeRoute, previewCall } from '../desk/lookup.js';
import { displayPhone } from '../domain/phone-number.js';
import { formatMoney } from '../domain/money.js';
import { formatAddress } from '../domain/address.js';
import { statusText } from '../domain/order-status.js';

interface Args extends GlobalArgs { number: string; json: boolean }

export const lookupCommand: CommandModule<GlobalArgs, Args> = {
  command: 'lookup <number>',
  describe: 'show the caller card and the routing a call from <number> would get now',
  builder: (y) =>
    y
      .positional('number', { type: 'string', demandOption: true, describe: 'caller number in any format' })
      .option('json', { type: 'boolean', default: false, describe: 'machine-readable output' })
      .example('$0 lookup "777 123 456"', 'who is this and what would answering open?')
      .example('$0 lookup 00420602555111 --json', 'the same as JSON'),
  handler: async (argv) => {
    const config = configFrom(argv);
    const store = openPorts(config);
    try {
      const p = await previewCall(store, argv.number);
      if (argv.json) {
        printJson({ number: p.lookup.number, customers: p.lookup.customers, unfinished: p.lookup.unfinished, route: p.route });
        return;
      }
      const n = p.lookup.number;
      say(`Number:    ${displayPhone(n, config.region)}${n.kind === 'invalid' ? ` (${n.reason})` : ''}`);
      if (p.lookup.customers.length === 0) say('Customer:  none (new caller)');
      for (const c of p.lookup.customers) {
        say(`Customer:  ${c.name}${c.company ? ` · ${c.company}` : ''} · ${c.category}${c.city ? ` · ${c.city}` : ''}${c.debt ? ` · owes ${formatMoney(c.debt, config.currency)}` : ''}`);
        if (c.note) say(`  note:    ${c.note}`);
      }
      for (const d of p.lookup.unfinished) {
        const full = await store.deliveries.get(d.id);
        say(`Open:      ${d.number} ${statusText(d.status, d.handoff, Date.now()).short} ${formatMoney(d.total, config.currency)} ${full ? formatAddress(full.address) : ''}`);
      }
      say(`Route:     ${describeRoute(p, config.region)}`);
    } finally {
      await store.close();
    }
  },
};
