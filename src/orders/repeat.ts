/**
 * "Repeat this order": a past delivery's lines copied at today's prices. Products now on the
 * stop-list are copied and flagged (the draft cannot be sent until they are removed); products
 * no longer on the menu, or whose choices no longer price, are left out and flagged.
 */
import type { PastLine } from '../store/order-terms.js';
import { lineAvailability, priceLine, type LineRequest, type MenuProduct, type OrderLine } from '../domain/pricing.js';

export type RepeatFlagCode = 'ItemStopped' | 'ItemRemoved' | 'ChoiceChanged';
export interface RepeatFlag { name: string; code: RepeatFlagCode; message: string }
export interface Repeated { lines: OrderLine[]; flags: RepeatFlag[]; stopped: number[] }

/** `productOf` reads today's menu as seen from the outlet the new order goes to. */
export function repeatLines(past: PastLine[], productOf: (id: number) => MenuProduct | null): Repeated {
  const lines: OrderLine[] = [];
  const flags: RepeatFlag[] = [];
  const stopped: number[] = [];
  for (const l of past) {
    const product = l.productId === null ? null : productOf(l.productId);
    const unavailable = lineAvailability(product, l.name);
    if (unavailable?.code === 'ItemRemoved') { flags.push({ name: l.name, code: 'ItemRemoved', message: unavailable.message }); continue; }
    const p = product!;
    const { req, notes } = requestFromPastLine(p, l);
    const priced = priceLine(p, req);
    // sold out says more than a changed choice: the caller picks something else either way
    if (!priced.ok) { flags.push(unavailable?.code === 'ItemStopped' ? { name: l.name, code: 'ItemStopped', message: unavailable.message } : { name: l.name, code: 'ChoiceChanged', message: priced.message }); continue; }
    if (notes.length) flags.push({ name: l.name, code: 'ChoiceChanged', message: `${p.name}: ${notes.join('; ')}` });
    if (unavailable?.code === 'ItemStopped') {
      stopped.push(lines.length);
      flags.push({ name: l.name, code: 'ItemStopped', message: `${unavailable.message}: remove it before sending` });
    }
    lines.push(priced.line);
  }
  return { lines, flags, stopped };
}

/**
 * Today's choices for a line taken earlier: the size and modifiers by id, else by name (menu
 * re-imports keep names); what cannot be found is said in `notes`.
 */
export function requestFromPastLine(p: MenuProduct, l: Pick<PastLine, 'size' | 'sizeId' | 'modifiers' | 'quantity' | 'kitchenComment'>): { req: LineRequest; notes: string[] } {
  const notes: string[] = [];
  let sizeId: number | null = null;
  if (p.sizes.length && l.size) {
    const s = p.sizes.find((x) => x.id === l.sizeId) ?? p.sizes.find((x) => x.name.toLowerCase() === l.size.toLowerCase());
    if (s) sizeId = s.id; else notes.push(`size "${l.size}" is gone, ${p.sizes[0].name} taken`);
  }
  const all = p.groups.flatMap((g) => g.modifiers);
  const modifierIds: number[] = [];
  for (const m of l.modifiers) {
    const found = all.find((x) => x.id === m.modifierId) ?? all.find((x) => x.name.toLowerCase() === m.name.toLowerCase());
    if (found) modifierIds.push(found.id); else notes.push(`"${m.name}" is no longer offered`);
  }
  return { req: { sizeId, modifierIds, quantity: l.quantity, kitchenComment: l.kitchenComment }, notes };
}
