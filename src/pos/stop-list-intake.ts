/**
 * A stop-list update from a point of sale, over the same HTTP callback and WebSocket as its
 * statuses: "this product is sold out here" or "back on sale here". A POS speaks only for
 * itself: the stop it sets or lifts is at its own outlet; a stop set everywhere from the back
 * office (`ringdesk menu stop` without --outlet) is not the POS's to lift. Bad messages get a
 * 4xx naming what was wrong; nothing a POS sends can crash the relay.
 *
 *   {"type":"stop-list","product":"MARG-32","stopped":true}
 */
import type { ProductRef, StorePorts } from '../store/ports.js';
import type { StatusReply } from './transport.js';
import type { LogLine } from '../files/log-file.js';
import { checkText, terminalSafe, textRules } from '../domain/outside-text.js';

/** The product a POS names by its exact code or exact name (any case); never a guess by part of a name. */
async function exactProduct(store: StorePorts, text: string): Promise<ProductRef | { near: string[] }> {
  const found = await store.menu.find(text);
  if (found.kind === 'one') {
    const p = found.product;
    if ((p.code !== '' && p.code === text) || p.name.toLowerCase() === text.toLowerCase()) return p;
    return { near: [p.name] };
  }
  return { near: found.kind === 'several' ? found.products.map((p) => p.name) : [] };
}

export async function receiveStopList(store: StorePorts, posId: number, message: unknown, log: LogLine = () => {}): Promise<StatusReply> {
  const bad = (error: string): StatusReply => {
    log(`stop-list update refused: ${error}`, 'warn');
    return { code: 400, body: { error } };
  };
  if (!message || typeof message !== 'object' || Array.isArray(message)) return bad('the body must be a JSON object');
  const m = message as Record<string, unknown>;
  if (m.type !== 'stop-list') return bad(`type must be "stop-list"; got ${JSON.stringify(m.type)}`);
  const productText = typeof m.product === 'string' ? checkText(m.product, 'productName') : null;
  if (!productText?.ok || productText.text.trim() === '') {
    return bad(`product must be the product's code or name as on the menu (a non-empty string up to ${textRules.productName.max} characters); got ${JSON.stringify(m.product)?.slice(0, 80)}`);
  }
  if (typeof m.stopped !== 'boolean') return bad(`stopped must be true (sold out) or false (back on sale); got ${JSON.stringify(m.stopped)?.slice(0, 80)}`);
  if (m.outlet != null && typeof m.outlet !== 'string') return bad('outlet must be a string: this point of sale\'s name, or left out');
  const outletText = typeof m.outlet === 'string' ? terminalSafe(m.outlet).slice(0, 80) : null;
  const outlet = await store.outlets.byId(posId);
  if (!outlet) return { code: 401, body: { error: 'this point of sale no longer exists' } };
  if (outletText !== null && (m.outlet as string).trim().toLowerCase() !== outlet.name.toLowerCase()) {
    log(`stop-list update for outlet "${outletText}" from ${outlet.name}; refused`, 'warn');
    return { code: 403, body: { error: `a point of sale updates only its own stop-list: this is "${outlet.name}", not "${outletText}"` } };
  }
  const name = productText.text.trim();
  const product = await exactProduct(store, name);
  if (!('id' in product)) {
    const hint = product.near.length ? ` (did you mean ${product.near.slice(0, 5).map((n) => `"${n}"`).join(', ')}?)` : '';
    log(`stop-list update for unknown product "${name}" from ${outlet.name}; refused`, 'warn');
    return { code: 404, body: { error: `unknown product "${name}": send its code or its exact name as on the menu${hint}` } };
  }
  const applied = m.stopped ? await store.menu.stop(product.id, posId) : await store.menu.unstop(product.id, posId);
  const stoppedNow = (await store.menu.product(product.id, posId))?.stopped ?? m.stopped;
  const body: Record<string, unknown> = { applied, product: product.name, productCode: product.code, outlet: outlet.name, stopped: stoppedNow };
  if (!applied) body.reason = m.stopped ? `${product.name} was already on the stop-list at ${outlet.name}` : `${product.name} was not on the stop-list at ${outlet.name}`;
  if (!m.stopped && stoppedNow) body.reason = `${product.name} is stopped everywhere from the back office; only "ringdesk menu unstop" lifts that`;
  if (applied) log(`stop-list: ${product.name} ${m.stopped ? 'sold out' : 'back on sale'} at ${outlet.name}`);
  return { code: 200, body };
}
