/**
 * Outside text from a point of sale cannot drive the dispatcher's terminal: a driver name with
 * a retitle-and-clear sequence arrives over the real HTTP callback and over a real WebSocket,
 * and is stored without it; an absurdly long one is refused with a 400 naming the field.
 * Ephemeral loopback ports (port 0).
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { startStatusServer } from '../../src/pos/status-server.js';
import { startRelay } from '../../src/pos/relay.js';
import { sendOrders, storeWithPos, waitFor } from './pos-fake.js';

const TOKEN = 'kitchen-hostile-token-4e1b';
const HOSTILE = 'Petr\x1b]0;pwned\x07\x1b[2J\x9b5m Dvořák';
const inert = /[\x00-\x1f\x7f-\x9f]/;

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

describe('POS status callbacks carry no escape sequences into the store', () => {
  it('over HTTP: the driver name is stripped; 10,000 characters or a NUL is a 400 naming driver.name', async () => {
    const { store, posId, dir } = storeWithPos('http://127.0.0.1:9/orders', TOKEN);
    const log: string[] = [];
    const server = await startStatusServer(store.ports, '127.0.0.1', 0, (l) => log.push(l));
    cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }), () => store.close(), () => server.close());
    const [d] = sendOrders(store, posId, 1);
    const post = async (body: unknown) => {
      const r = await fetch(`http://127.0.0.1:${server.port}/pos/status`, {
        method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
      });
      return { code: r.status, body: (await r.json()) as Record<string, unknown> };
    };
    const orderId = `ringdesk-delivery-${d.id}`;
    expect(await post({ orderId, status: 'on the way', driver: { name: 'x'.repeat(10_000), phone: '603 111 222' } }))
      .toEqual({ code: 400, body: { error: 'driver.name: the name is 10,000 characters long; at most 200 allowed' } });
    expect(await post({ orderId, status: 'on the way', driver: { name: 'Pe\0tr' } }))
      .toEqual({ code: 400, body: { error: 'driver.name: the name contains a NUL byte' } });
    expect(await post({ orderId, status: 'on the way', driver: { name: HOSTILE, phone: '603 111 222' } })).toMatchObject({ code: 200, body: { applied: true } });
    const stored = store.deliveries.get(d.id)!;
    expect(stored.driverName).toBe('Petr Dvořák');
    for (const line of log) expect(line).not.toMatch(inert);
  });

  it('over WebSocket: the same driver name pushed by the POS is stored stripped', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    const clients = new Set<WebSocket>();
    wss.on('connection', (ws) => {
      clients.add(ws);
      ws.on('message', (data) => {
        const m = JSON.parse(String(data));
        if (m.type === 'order') ws.send(JSON.stringify({ type: 'ack', idempotencyKey: m.idempotencyKey }));
      });
    });
    await new Promise<void>((r) => wss.on('listening', () => r()));
    const port = (wss.address() as AddressInfo).port;
    const { store, posId, dir } = storeWithPos(`ws://127.0.0.1:${port}/orders`, TOKEN, 'ws');
    const relay = startRelay({ store: store.ports, owner: 'hostile-test', timeoutMs: 2000, leaseMs: 4000, pollMs: 20 });
    cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }), () => store.close(), () => relay.stop(),
      () => new Promise<void>((r) => { for (const c of wss.clients) c.terminate(); wss.close(() => r()); }));
    const [d] = sendOrders(store, posId, 1);
    await waitFor('acknowledged', () => store.outbox.counts().acknowledged === 1);
    for (const c of clients) c.send(JSON.stringify({ type: 'status', eventId: 'h1', orderId: `ringdesk-delivery-${d.id}`, status: 'on the way', driver: { name: HOSTILE } }));
    await waitFor('on the way', () => store.deliveries.get(d.id)!.status === 'on-the-way');
    expect(store.deliveries.get(d.id)!.driverName).toBe('Petr Dvořák');
  });
});
