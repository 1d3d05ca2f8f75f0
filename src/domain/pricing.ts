/**
 * The menu as order-taking sees it, and the price of a line: the chosen size's price (or the
 * product's price when it has no sizes) plus each chosen modifier, times the quantity.
 * Required modifier groups must be satisfied before a line is accepted.
 */
import type { DeliveryItem } from './delivery.js';

/** A menu product as `ringdesk menu import` reads it from a file (src/orders/menu-file.ts). */
export interface MenuFileModifier { name: string; price: number }
export interface MenuFileGroup { name: string; min: number; max: number; modifiers: MenuFileModifier[] }
export interface MenuFileProduct {
  code: string;
  name: string;
  category: string;
  price: number;
  sizes: MenuFileModifier[];
  groups: MenuFileGroup[];
}

export interface MenuChoice { id: number; name: string; price: number }
export interface MenuGroup { id: number; name: string; min: number; max: number; modifiers: MenuChoice[] }
export interface MenuProduct {
  id: number;
  code: string;
  name: string;
  category: string;
  /** Price without sizes; with sizes, each size carries its own full price. */
  price: number;
  active: boolean;
  /** Sold out for the outlet asked about (or everywhere). */
  stopped: boolean;
  sizes: MenuChoice[];
  groups: MenuGroup[];
}

/** A modifier on a line, with the ids it was chosen by (the payload sends them). */
export interface LineModifier { groupId: number; modifierId: number; name: string; price: number }

/** A priced line: a DeliveryItem plus the ids of its size and modifiers. */
export interface OrderLine extends DeliveryItem {
  sizeId: number | null;
  modifiers: LineModifier[];
}

export interface LineRequest {
  /** null/absent: the first size when the product has sizes. */
  sizeId?: number | null;
  modifierIds?: number[];
  quantity: number;
  kitchenComment?: string;
}

export type LineProblemCode = 'UnknownSize' | 'UnknownModifier' | 'ChoiceMissing' | 'TooManyChoices' | 'BadQuantity' | 'ItemStopped' | 'ItemRemoved';
export interface LineProblem { code: LineProblemCode; message: string }
export type PricedLine = { ok: true; line: OrderLine } | ({ ok: false } & LineProblem);

export const MAX_QUANTITY = 999;

/** Price a line at today's menu. Stop-list and removal are checked by `lineAvailability`, not here. */
export function priceLine(p: MenuProduct, req: LineRequest): PricedLine {
  if (!Number.isInteger(req.quantity) || req.quantity < 1 || req.quantity > MAX_QUANTITY) {
    return { ok: false, code: 'BadQuantity', message: `${p.name}: quantity must be a whole number from 1 to ${MAX_QUANTITY}, got ${req.quantity}` };
  }
  let size: MenuChoice | null = null;
  if (p.sizes.length) {
    size = req.sizeId == null ? p.sizes[0] : p.sizes.find((s) => s.id === req.sizeId) ?? null;
    if (!size) return { ok: false, code: 'UnknownSize', message: `${p.name} has no such size; sizes: ${p.sizes.map((s) => s.name).join(', ')}` };
  } else if (req.sizeId != null) {
    return { ok: false, code: 'UnknownSize', message: `${p.name} comes in one size only` };
  }
  const chosen = [...new Set(req.modifierIds ?? [])];
  const modifiers: LineModifier[] = [];
  for (const id of chosen) {
    const g = p.groups.find((gr) => gr.modifiers.some((m) => m.id === id));
    if (!g) return { ok: false, code: 'UnknownModifier', message: `${p.name} has no modifier with id ${id}` };
    const m = g.modifiers.find((mm) => mm.id === id)!;
    modifiers.push({ groupId: g.id, modifierId: m.id, name: m.name, price: m.price });
  }
  for (const g of p.groups) {
    const n = modifiers.filter((m) => m.groupId === g.id).length;
    if (n < g.min) {
      const need = g.min === g.max ? `exactly ${g.min}` : `at least ${g.min}`;
      return { ok: false, code: 'ChoiceMissing', message: `${p.name}: choose ${need} from "${g.name}" (${g.modifiers.map((m) => m.name).join(', ')})` };
    }
    if (n > g.max) return { ok: false, code: 'TooManyChoices', message: `${p.name}: at most ${g.max} from "${g.name}", ${n} chosen` };
  }
  // keep the menu's order of groups and modifiers on the ticket
  const order = new Map(p.groups.flatMap((g) => g.modifiers.map((m) => m.id)).map((id, i) => [id, i]));
  modifiers.sort((a, b) => order.get(a.modifierId)! - order.get(b.modifierId)!);
  return {
    ok: true,
    line: {
      productId: p.id, name: p.name, size: size?.name ?? '', sizeId: size?.id ?? null, modifiers,
      quantity: req.quantity, unitPrice: size ? size.price : p.price, kitchenComment: req.kitchenComment ?? '',
    },
  };
}

/** Why a product cannot go on an order now (stop-listed, or no longer on the menu); null = it can. */
export function lineAvailability(p: MenuProduct | null, name: string): LineProblem | null {
  if (!p || !p.active) return { code: 'ItemRemoved', message: `${name} is no longer on the menu` };
  if (p.stopped) return { code: 'ItemStopped', message: `${p.name} is on the stop-list (sold out)` };
  return null;
}

/** What a dispatcher (or `ringdesk quote --item`) writes for a line: product/size+modifier+modifier:qty. */
export interface ItemSpec { product: string; size: string | null; modifiers: string[]; quantity: number }

export function parseItemSpec(text: string): { ok: true; spec: ItemSpec } | { ok: false; message: string } {
  let t = text.trim();
  let quantity = 1;
  const q = t.match(/:\s*(\d+)\s*$/);
  if (q) { quantity = Number(q[1]); t = t.slice(0, q.index).trim(); }
  else if (/:[^:]*$/.test(t)) return { ok: false, message: `"${text}": the quantity after ":" must be a whole number` };
  const [head, ...mods] = t.split('+').map((s) => s.trim());
  const [product, size] = head.split('/').map((s) => s.trim());
  if (!product) return { ok: false, message: `"${text}": name a product, e.g. "Margherita/32 cm+Thin crust:2"` };
  if (mods.some((m) => !m)) return { ok: false, message: `"${text}": an empty modifier after "+"` };
  return { ok: true, spec: { product, size: size || null, modifiers: mods, quantity } };
}

const sameName = new Intl.Collator(undefined, { sensitivity: 'base' });
const eq = (a: string, b: string) => sameName.compare(a, b) === 0;

/** Turn an item spec's size and modifier names into ids for `priceLine`. */
export function requestFromSpec(p: MenuProduct, spec: ItemSpec): { ok: true; req: LineRequest } | ({ ok: false } & LineProblem) {
  let sizeId: number | null = null;
  if (spec.size) {
    const s = p.sizes.find((x) => eq(x.name, spec.size!));
    if (!s) return { ok: false, code: 'UnknownSize', message: `${p.name} has no size "${spec.size}"; sizes: ${p.sizes.map((x) => x.name).join(', ') || 'none'}` };
    sizeId = s.id;
  }
  const modifierIds: number[] = [];
  for (const name of spec.modifiers) {
    const m = p.groups.flatMap((g) => g.modifiers).find((x) => eq(x.name, name));
    if (!m) return { ok: false, code: 'UnknownModifier', message: `${p.name} has no modifier "${name}"; modifiers: ${p.groups.flatMap((g) => g.modifiers.map((x) => x.name)).join(', ') || 'none'}` };
    modifierIds.push(m.id);
  }
  return { ok: true, req: { sizeId, modifierIds, quantity: spec.quantity } };
}
