/**
 * A fixture's `setup` written through the store's ports (src/store/ports.ts): its customers,
 * deliveries, invitation codes, stop-list, and the box around the operator (limits, colleagues
 * and their statuses, groups, call routes). The demo seed underneath is run.ts's, beside the engine.
 */
import type { StorePorts } from '../store/ports.js';
import type { Clock } from '../domain/clock.js';
import { normalisePhone, phoneKey } from '../domain/phone-number.js';
import { routeEntry } from '../domain/group-route.js';
import { advanceMs, type Fixture, type FixtureDelivery } from './format.js';

/** The fixture's customers, deliveries, invitation codes and stopped products. */
export async function setupData(store: StorePorts, fx: Fixture, clock: Clock, timezone: string): Promise<void> {
  const s = fx.setup ?? {};
  const key = (p: string) => phoneKey(normalisePhone(p, store.region));
  for (const c of s.customers ?? []) {
    const id = await store.customers.create({ name: c.name, company: c.company, category: c.category as never, note: c.note, debt: c.debt }, clock());
    for (const p of c.phones) {
      const k = key(p);
      if (k) await store.customers.attachPhone(id, k, p, clock());
    }
  }
  for (const d of s.deliveries ?? []) await addDelivery(store, d, key(d.phone), clock, timezone);
  for (const c of s.invitationCodes ?? []) {
    const made = await store.invitationCodes.create({ operator: c.operator, reusable: c.reusable, expiresAt: c.reusable ? clock() + 7 * 86_400_000 : undefined, fallback: c.fallback }, clock(), () => Number(c.code));
    if (!made.ok) throw new Error(`setup.invitationCodes: ${made.reason}`);
  }
  for (const entry of s.stopped ?? []) {
    const { product: name, outlet } = typeof entry === 'string' ? { product: entry, outlet: null } : entry;
    const found = await store.menu.find(name);
    if (found.kind !== 'one') throw new Error(`setup.stopped: "${name}" is not one product on the menu`);
    const posId = outlet === null ? null : await store.catalog.posIdByName(outlet);
    if (outlet !== null && posId === null) throw new Error(`setup.stopped: "${outlet}" is not a point of sale`);
    await store.menu.stop(found.product.id, posId, clock());
  }
}

/** What the supervisor set for the fixture's operator, and the colleagues' statuses at the start. */
export async function setupPresence(store: StorePorts, fx: Fixture, operator: string, clock: Clock): Promise<void> {
  const l = fx.setup?.limits;
  if (l) await store.operators.setLimits(operator, { maxChats: l.maxChats, chatsBesideCall: l.chatsBesideCall, wrapUpS: l.wrapUp === undefined ? undefined : (advanceMs(l.wrapUp) ?? 0) / 1000 });
  for (const c of fx.setup?.colleagues ?? []) {
    // a colleague is an operator of the box (ringdesk operator add): items can be handed to them
    await store.operators.upsert({ name: c.name });
    await store.presence.set(c.name, { status: c.status as never, until: null, since: clock() }, `fixture-${c.name}`);
  }
  for (const g of fx.setup?.groups ?? []) {
    const { name, members = [] } = typeof g === 'string' ? { name: g } : g;
    const made = await store.groups.add(name, clock());
    if (!made.ok) throw new Error(`setup.groups: ${made.reason}`);
    for (const m of members) await store.groups.addMember(name, m, clock());
  }
  for (const r of fx.setup?.routes ?? []) {
    const entry = routeEntry(r.ivr !== undefined ? 'ivr' : 'number', r.ivr ?? r.number ?? '', store.region);
    if (!entry) throw new Error(`setup.routes: "${r.ivr ?? r.number}" is not ${r.ivr !== undefined ? 'an IVR digit' : 'a phone number'}`);
    await store.groupRoutes.set(entry, r.group, clock());
  }
}

async function addDelivery(store: StorePorts, d: FixtureDelivery, phoneKeyValue: string | null, clock: Clock, timezone: string): Promise<void> {
  const customerId = d.customer ? (await store.customers.withPhone(phoneKeyValue ?? '')).find((c) => c.name === d.customer)?.id ?? null : null;
  const posId = d.pointOfSale ? await store.catalog.posIdByName(d.pointOfSale) : null;
  const draft = await store.deliveries.createDraft({ customerId, phone: d.phone, phoneKey: phoneKeyValue, posId, timezone }, clock());
  const items = [];
  for (const [name, quantity] of d.items ?? []) {
    const p = (await store.catalog.searchProducts(name, 1))[0];
    if (!p) throw new Error(`setup: no product matches "${name}"`);
    items.push({ productId: p.id, name: p.name, size: '', modifiers: [], quantity, unitPrice: p.price, kitchenComment: '' });
  }
  const res = await store.deliveries.save({
    ...draft, status: (d.status ?? 'sent') as never, items,
    address: { ...draft.address, street: d.street ?? 'Testovací', house: d.house ?? '1' },
    promisedAt: d.promisedInMinutes == null ? null : clock() + d.promisedInMinutes * 60_000,
  }, clock());
  if (!res.ok) throw new Error(`setup: ${res.reason}`);
}
