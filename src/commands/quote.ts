/**
 * `ringdesk quote`: what the console's delivery card would show for an order (zone, outlet,
 * subtotal, fee, total, change, promised time) or the refusal with its code, through the same
 * quote() the console calls. Exit code 0 when the order can be taken, 3 when it is refused.
 */
import type { CommandModule } from 'yargs';
import { configFrom, printJson, say, type GlobalArgs } from './common.js';
import { OrderCommandError, withPorts, type Args } from './order-command.js';
import { geocodeInput } from '../orders/geocoder.js';
import { quote, quoteJson, type Quote, type QuoteInput } from '../orders/quote.js';
import { parseAddressLine } from '../orders/address-line.js';
import { parseItemSpec } from '../domain/pricing.js';
import { parsePayment, paymentLabels } from '../domain/payment.js';
import { parseWhen } from '../orders/promised-time.js';
import { formatLocalIso, isTimeZone } from '../domain/local-time.js';
import { formatMoney } from '../domain/money.js';
import { lineTotal } from '../domain/delivery.js';

export const REFUSED_EXIT_CODE = 3;

/** Build the quote input from command-line arguments; throws a dispatcher-readable error. */
export function quoteInputFrom(argv: Args, now: number, timezone: string): QuoteInput {
  const pickup = Boolean(argv.pickup);
  const address = parseAddressLine(String(argv.address ?? ''));
  const lat = argv.lat, lon = argv.lon;
  if ((lat === undefined) !== (lon === undefined)) throw new OrderCommandError('give both --lat and --lon, or neither');
  if (lat !== undefined) {
    const la = Number(lat), lo = Number(lon);
    if (!Number.isFinite(la) || !Number.isFinite(lo) || Math.abs(la) > 90 || Math.abs(lo) > 180) throw new OrderCommandError(`--lat ${lat} --lon ${lon} is not a place on Earth`);
    address.lat = la; address.lon = lo;
  }
  const items = ([] as unknown[]).concat(argv.item ?? []).map((t) => {
    const s = parseItemSpec(String(t));
    if (!s.ok) throw new OrderCommandError(`--item ${s.message}`);
    return { spec: s.spec };
  });
  const pay = parsePayment(String(argv.pay ?? 'cash'));
  if (!pay.ok) throw new OrderCommandError(`--pay ${pay.message}`);
  const when = parseWhen(String(argv.at ?? 'asap'), now, timezone);
  if (!when.ok) throw new OrderCommandError(`--at ${when.message}`);
  return {
    kind: pickup ? 'pickup' : 'delivery', address, items, payment: pay.payment, when: when.when,
    outlet: (argv.outlet as string | undefined) ?? null, zone: (argv.zone as string | undefined) ?? null, override: Boolean(argv.override), now,
  };
}

/** The quote as text lines, as the card would show it. */
export function describeQuote(q: Quote, timezone: string, currency: string): string[] {
  const money = (m: number) => formatMoney(m, currency);
  const out: string[] = [];
  if (q.kind === 'pickup') out.push(`pickup at ${q.outlet?.name ?? '?'}`);
  else out.push(q.zone ? `zone ${q.zone.name} (${q.zoneMatch}), outlet ${q.outlet?.name ?? '-'}, fee ${money(q.zone.fee)}, minimum ${money(q.zone.minOrder)}, ${q.zone.minutes} min${q.zone.hours ? `, hours ${q.zone.hours}` : ''}` : 'zone: none');
  for (const l of q.lines) {
    const mods = l.modifiers.map((m) => `+${m.name}`).join(' ');
    out.push(`  ${l.quantity} x ${l.name}${l.size ? ` ${l.size}` : ''}${mods ? ` ${mods}` : ''}  ${money(lineTotal(l))}`);
  }
  out.push(`subtotal ${money(q.subtotal)}`, `fee ${money(q.fee)}`, `total ${money(q.total)}`);
  out.push(`payment ${paymentLabels[q.payment.kind]}${q.payment.cashTendered !== null ? `, pays with ${money(q.payment.cashTendered)}` : ''}${q.change !== null ? `, change ${money(q.change)}` : ''}`);
  if (q.promisedAt !== null) out.push(`promised ${q.asap ? 'ASAP ' : ''}${formatLocalIso(q.promisedAt, timezone)} (${q.minutes} min)`);
  else if (q.earliest !== null) out.push(`earliest ${formatLocalIso(q.earliest, timezone)}`);
  for (const r of q.overridden) out.push(`OVERRIDDEN ${r.code}: ${r.message}`);
  for (const r of q.refusals) out.push(`REFUSED ${r.code}: ${r.message}`);
  return out;
}

export const quoteCommand: CommandModule<GlobalArgs, Args> = {
  command: 'quote',
  describe: 'what an order would cost and when it would arrive, or why it is refused',
  builder: (y) => y
    .option('address', { type: 'string', describe: '"Street 12, flat 3, City" as the caller says it' })
    .option('lat', { type: 'number', describe: 'latitude of the address' })
    .option('lon', { type: 'number', describe: 'longitude of the address' })
    .option('item', { type: 'string', array: true, describe: 'product[/size][+modifier...][:qty], e.g. "Margherita/32 cm+Thin crust:2"' })
    .option('pay', { type: 'string', describe: 'cash, cash:<pays with>, card or prepaid (default cash)' })
    .option('at', { type: 'string', describe: 'asap (default), HH:MM, "YYYY-MM-DD HH:MM" (local) or ISO 8601' })
    .option('pickup', { type: 'boolean', describe: 'the caller collects (needs --outlet)' })
    .option('outlet', { type: 'string', describe: 'point of sale (pickup, or instead of the zone\'s)' })
    .option('zone', { type: 'string', describe: 'zone chosen by hand instead of the address lookup' })
    .option('override', { type: 'boolean', describe: 'override zone refusals (OutOfZone, BelowMinimum, OutsideHours)' })
    .option('now', { type: 'string', hidden: true, describe: 'pretend it is this instant (ISO 8601; tests)' })
    .option('json', { type: 'boolean', describe: 'machine-readable JSON' })
    .example('$0 quote --address "Vinohradská 12, Praha" --item "Margherita pizza/45 cm+Thin:2"', 'zone, total and promised time')
    .example('$0 quote --pickup --outlet "Pizzeria Karlín" --item Tiramisu --pay cash:500 --at 19:30', 'a pickup at 19:30, paid with 500')
    .epilogue('Exit code 0: the order can be taken; 3: refused (the reasons are printed); 1: bad arguments.'),
  handler: async (argv) => {
    const config = configFrom(argv);
    if (!isTimeZone(config.timezone)) throw new OrderCommandError(`timezone "${config.timezone}" is not an IANA time zone (e.g. Europe/Prague)`);
    const now = argv.now ? Date.parse(String(argv.now)) : Date.now();
    if (Number.isNaN(now)) throw new OrderCommandError(`--now ${argv.now} is not an ISO 8601 time`);
    const input = quoteInputFrom(argv, now, config.timezone);
    const located = await geocodeInput(input, config.geocoder);
    await withPorts(argv, async (ports) => {
      const q = await quote(ports, input, { timezone: config.timezone, currency: config.currency });
      const geocoder = located === null ? null : located.ok ? { lat: located.lat, lon: located.lon } : { reason: located.reason, message: located.message };
      if (argv.json) printJson({ ...quoteJson(q, config.timezone, config.currency), geocoder });
      else {
        if (located && !located.ok) say(`${located.message} — zone by street ranges`);
        else if (located?.ok) say(`geocoder: ${located.lat}, ${located.lon}`);
        say(describeQuote(q, config.timezone, config.currency).join('\n'));
      }
      if (!q.ok) process.exitCode = REFUSED_EXIT_CODE;
    });
  },
};
