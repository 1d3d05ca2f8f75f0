/**
 * Stop-list updates from the point of sale over the same channels as its statuses: the HTTP
 * callback of `ringdesk relay --listen` (a real server on a free port) and the WebSocket the relay
 * keeps open to the POS (a real server on 18094). A stop shows in menu search and refuses a
 * draft holding the product; an unstop restores it; bad messages get a 4xx naming what.
 */
import fs from 'node:fs';
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/index.js';
import { startRelay } from '../../src/pos/relay.js';
import { startStatusServer } from '../../src/pos/status-server.js';
import { recordQuote, noChoice } from '../../src/orders/apply-quote.js';
import { quoteSendRefusal } from '../../src/desk/order-rules.js';
import type { DeskState } from '../../src/desk/state.js';
import { FakeWsPos, storeWithPos, waitFor } from './pos-fake.js';
import { schemaErrors } from '../helpers/json-schema.js';

const WS_PORT = 18094;
const TOKEN = 'kitchen-stop-token-3e8a';

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

function withMenu(store: Store): void {
  store.menu.importMenu([
    { code: 'MARG-32', name: 'Margherita', category: 'Pizza', price: 18900, sizes: [], groups: [] },
    { code: 'DIAV-32', name: 'Diavola', category: 'Pizza', price: 21900, sizes: [], groups: [] },
    { code: 'TIRA', name: 'Tiramisu', category: 'Dessert', price: 9900, sizes: [], groups: [] },
  ]);
}

/** A message the docs call valid: checked against docs/pos-inbound.schema.json (ajv) before it is sent. */
const valid = <T>(m: T): T => {
  expect(schemaErrors('pos-inbound', m)).toEqual([]);
  return m;
};

/** The product as the menu search shows it for an order going to `posId` (null: no outlet yet). */
const searched = (store: Store, name: string, posId: number | null = null) => store.catalog.searchProducts(name, 8, posId).find((p) => p.name === name);

/** A draft for the POS holding one Margherita, and why the desk would refuse to send it (null: it may go). */
function draftWithMargherita(store: Store, posId: number) {
  const d0 = store.deliveries.createDraft({ customerId: null, phone: '777 123 456', phoneKey: '+420777123456', posId });
  const p = searched(store, 'Margherita')!;
  const saved = store.deliveries.save({
    ...d0, address: { ...d0.address, street: 'Vinohradská', house: '12', city: 'Praha' },
    items: [{ productId: p.id, name: p.name, size: '', sizeId: null, quantity: 1, unitPrice: p.price, kitchenComment: '', modifiers: [] }],
  });
  if (!saved.ok) throw new Error(saved.reason);
  return async () => {
    const { delivery, ...card } = await recordQuote(store.ports, store.deliveries.get(saved.delivery.id)!, noChoice, { timezone: 'Europe/Prague', currency: 'CZK' },
      { now: Date.now(), operatorId: null, record: false });
    return quoteSendRefusal({ delivery, order: { card } } as unknown as DeskState);
  };
}

describe('stop-list from the POS over the HTTP callback', () => {
  async function setup() {
    const { store, posId, dir } = storeWithPos('http://127.0.0.1:1/orders', TOKEN);
    withMenu(store);
    const log: string[] = [];
    const server = await startStatusServer(store.ports, '127.0.0.1', 0, (l) => log.push(l)); // a free port: no clash with another run
    cleanup.push(() => server.close(), () => store.close(), () => fs.rmSync(dir, { recursive: true, force: true }));
    // a fresh connection per request: a kept-alive socket to the previous test's server would be stale
    const post = (body: unknown, token: string | null = TOKEN) => new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
      const req = http.request({
        host: '127.0.0.1', port: server.port, path: '/pos/status', method: 'POST', agent: false,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
      });
      req.on('error', reject);
      req.setTimeout(5000, () => req.destroy(new Error('no answer within 5 s')));
      req.end(typeof body === 'string' ? body : JSON.stringify(body));
    });
    return { store, posId, post, log };
  }

  it('stops a product at this POS (search shows it sold out, a draft holding it is refused), unstop restores it', async () => {
    const { store, posId, post, log } = await setup();
    const refusal = draftWithMargherita(store, posId);
    expect(searched(store, 'Margherita', posId)!.stopped).toBe(false);
    expect(await refusal()).toBeNull();

    expect(await post(valid({ type: 'stop-list', product: 'MARG-32', stopped: true }))).toEqual({
      status: 200, body: { applied: true, product: 'Margherita', productCode: 'MARG-32', outlet: 'Kitchen One', stopped: true },
    });
    expect(searched(store, 'Margherita', posId)!.stopped).toBe(true);
    expect(searched(store, 'Diavola', posId)!.stopped).toBe(false);
    // sold out at this POS only: an order going elsewhere (or nowhere yet) still offers it
    const other = store.pointsOfSale.add('Kitchen Two');
    if (!other.ok) throw new Error(other.reason);
    expect(searched(store, 'Margherita', other.pos.id)!.stopped).toBe(false);
    expect(searched(store, 'Margherita', null)!.stopped).toBe(false);
    expect(store.menu.stopList()).toMatchObject([{ product: 'Margherita', outlet: 'Kitchen One' }]);
    expect(await refusal()).toMatch(/^Margherita: sold out or off the menu; remove it first/);
    expect(log.join('\n')).toMatch(/Kitchen One: stop-list: Margherita sold out at Kitchen One/);

    // a repeat is harmless; the exact name in any case and its own outlet's name work too
    expect(await post(valid({ type: 'stop-list', product: 'margherita', stopped: true, outlet: 'kitchen one' }))).toMatchObject({
      status: 200, body: { applied: false, stopped: true, reason: 'Margherita was already on the stop-list at Kitchen One' },
    });

    expect(await post(valid({ type: 'stop-list', product: 'Margherita', stopped: false }))).toEqual({
      status: 200, body: { applied: true, product: 'Margherita', productCode: 'MARG-32', outlet: 'Kitchen One', stopped: false },
    });
    expect(searched(store, 'Margherita', posId)!.stopped).toBe(false);
    expect(store.menu.stopList()).toEqual([]);
    expect(await refusal()).toBeNull();
  });

  it('cannot lift a stop set everywhere from the back office, and says so', async () => {
    const { store, post } = await setup();
    const tira = searched(store, 'Tiramisu')!;
    store.menu.stop(tira.id, null);
    expect(await post(valid({ type: 'stop-list', product: 'TIRA', stopped: false }))).toMatchObject({
      status: 200, body: { applied: false, stopped: true, reason: expect.stringContaining('stopped everywhere from the back office') },
    });
    expect(searched(store, 'Tiramisu')!.stopped).toBe(true);
  });

  it('unknown product -> 404 naming it; malformed -> 400 naming the field; other outlet -> 403; wrong token -> 401; statuses still work', async () => {
    const { store, post, log } = await setup();
    expect(await post(valid({ type: 'stop-list', product: 'Calzone', stopped: true }))).toEqual({
      status: 404, body: { error: 'unknown product "Calzone": send its code or its exact name as on the menu' },
    });
    // part of a name is never guessed: the POS must say exactly what it stops
    expect(await post({ type: 'stop-list', product: 'Marg', stopped: true })).toMatchObject({
      status: 404, body: { error: expect.stringMatching(/^unknown product "Marg".*did you mean "Margherita"/) },
    });
    expect(log.join('\n')).toContain('unknown product "Calzone"');
    const malformed: [unknown, RegExp][] = [
      ['{not json', /not JSON/],
      [[1, 2], /must be a JSON object/],
      [{ type: 'stop-list', stopped: true }, /^product must be/],
      [{ type: 'stop-list', product: '', stopped: true }, /^product must be/],
      [{ type: 'stop-list', product: 42, stopped: true }, /^product must be/],
      [{ type: 'stop-list', product: 'x'.repeat(5000), stopped: true }, /^product must be/],
      [{ type: 'stop-list', product: 'MARG-32' }, /^stopped must be true/],
      [{ type: 'stop-list', product: 'MARG-32', stopped: 'yes' }, /^stopped must be true/],
      [{ type: 'stop-list', product: 'MARG-32', stopped: true, outlet: 7 }, /^outlet must be a string/],
      [{ type: 'stoplist', product: 'MARG-32', stopped: true }, /^type "stoplist" is not one of: status, stop-list/],
    ];
    for (const [body, error] of malformed) {
      if (typeof body !== 'string') expect(schemaErrors('pos-inbound', body), JSON.stringify(body).slice(0, 60)).not.toEqual([]);
      const r = await post(body);
      expect(r.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(String(r.body.error)).toMatch(error);
    }
    expect(await post({ type: 'stop-list', product: 'MARG-32', stopped: true, outlet: 'Grill' })).toEqual({
      status: 403, body: { error: 'a point of sale updates only its own stop-list: this is "Kitchen One", not "Grill"' },
    });
    expect(await post({ type: 'stop-list', product: 'MARG-32', stopped: true }, 'not-the-token-0000')).toMatchObject({ status: 401 });
    expect(await post({ type: 'stop-list', product: 'MARG-32', stopped: true }, null)).toMatchObject({ status: 401 });
    expect(store.menu.stopList()).toEqual([]);
    // the server is still up and still takes statuses (with or without "type": "status")
    expect(await post({ type: 'status', orderId: 'ringdesk-delivery-4242', status: 'cooking' })).toMatchObject({ status: 404 });
    expect(await post({ orderId: 'ringdesk-delivery-4242', status: 'cooking' })).toMatchObject({ status: 404 });
    expect(await post({ type: 'stop-list', product: 'DIAV-32', stopped: true })).toMatchObject({ status: 200, body: { applied: true } });
  });
});

describe('stop-list from the POS over the WebSocket', () => {
  it('stops and unstops over the open connection; the console is told at once; bad messages are answered, not fatal', async () => {
    const pos = new FakeWsPos(WS_PORT, TOKEN);
    await pos.start();
    const { store, posId, dir } = storeWithPos(pos.url, TOKEN, 'ws');
    withMenu(store);
    let changes = 0;
    const relay = startRelay({ store: store.ports, owner: 'stop-list-relay', pollMs: 20, onChange: () => { changes++; } });
    cleanup.push(() => pos.stop(), () => relay.stop(), () => store.close(), () => fs.rmSync(dir, { recursive: true, force: true }));
    await waitFor('the relay connected', () => pos.clients.size === 1);
    const replies: Record<string, unknown>[] = [];
    for (const c of pos.clients) c.on('message', (data) => {
      const m = JSON.parse(data.toString());
      if (m.type === 'stop-list-reply') replies.push(m);
    });
    const push = (m: unknown) => { for (const c of pos.clients) c.send(typeof m === 'string' ? m : JSON.stringify(m)); };
    const reply = async (eventId: string) => {
      await waitFor(`reply ${eventId}`, () => replies.some((r) => r.eventId === eventId), 1000);
      return replies.find((r) => r.eventId === eventId)!;
    };
    const refusal = draftWithMargherita(store, posId);

    const started = Date.now();
    push(valid({ type: 'stop-list', eventId: 's1', product: 'Margherita', stopped: true }));
    expect(await reply('s1')).toEqual({ type: 'stop-list-reply', eventId: 's1', code: 200, applied: true, product: 'Margherita', productCode: 'MARG-32', outlet: 'Kitchen One', stopped: true });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(changes).toBe(1);
    expect(searched(store, 'Margherita', posId)!.stopped).toBe(true);
    expect(await refusal()).toMatch(/^Margherita: sold out/);

    push('{garbage');
    push('null');
    push({ type: 'stop-list', eventId: 's2', product: 'Quattro Stagioni', stopped: true });
    push({ type: 'stop-list', eventId: 's3', product: 'TIRA', stopped: 'no' });
    push({ type: 'stop-list', eventId: 's4', product: 'TIRA', stopped: true, outlet: 'Grill' });
    expect(await reply('s2')).toMatchObject({ code: 404, error: expect.stringContaining('unknown product "Quattro Stagioni"') });
    expect(await reply('s3')).toMatchObject({ code: 400, error: expect.stringMatching(/^stopped must be true/) });
    expect(await reply('s4')).toMatchObject({ code: 403 });
    expect(changes).toBe(1);

    push(valid({ type: 'stop-list', eventId: 's5', product: 'MARG-32', stopped: false }));
    expect(await reply('s5')).toMatchObject({ code: 200, applied: true, stopped: false });
    expect(changes).toBe(2);
    expect(searched(store, 'Margherita', posId)!.stopped).toBe(false);
    expect(await refusal()).toBeNull();
    expect(pos.clients.size).toBe(1); // the same connection throughout
  });
});
