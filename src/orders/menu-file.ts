/**
 * `ringdesk menu import` input (docs/menu.schema.json, docs/menu.md): categories of products
 * with optional sizes and modifier groups (min/max choices). Checked whole before anything is
 * written; any problem rejects the file with the JSON path and the reason.
 */
import type { MenuFileGroup, MenuFileModifier, MenuFileProduct } from '../domain/pricing.js';
import { isObject, parseJsonText, ProblemList, show, type Checked } from './file-problems.js';

export const MAX_CHOICES = 50;

export function checkMenuFile(text: string): Checked<MenuFileProduct[]> {
  const parsed = parseJsonText(text);
  if (!parsed.ok) return parsed;
  const root = parsed.value;
  const p = new ProblemList();
  if (!isObject(root) || !Array.isArray(root.categories) || root.categories.length === 0) {
    p.add('$.categories', `must be a non-empty list of categories, got ${show(isObject(root) ? root.categories : root)}`);
    return { ok: false, problems: p.problems };
  }
  const products: MenuFileProduct[] = [];
  const names = new Map<string, string>();
  const codes = new Map<string, string>();
  const categories = new Set<string>();
  root.categories.forEach((c, ci) => {
    const at = `$.categories[${ci}]`;
    if (!isObject(c)) { p.add(at, `must be an object with name and products, got ${show(c)}`); return; }
    if (p.text(c.name, `${at}.name`)) {
      const key = c.name.trim().toLowerCase();
      if (categories.has(key)) p.add(`${at}.name`, `category "${c.name}" appears twice; list its products once`);
      categories.add(key);
    }
    if (!Array.isArray(c.products)) { p.add(`${at}.products`, `must be a list of products, got ${show(c.products)}`); return; }
    c.products.forEach((pr, pi) => {
      const pat = `${at}.products[${pi}]`;
      const product = checkProduct(pr, pat, p, typeof c.name === 'string' ? c.name.trim() : '');
      if (!product) return;
      const key = product.name.toLowerCase();
      if (names.has(key)) p.add(`${pat}.name`, `"${product.name}" is already the name of ${names.get(key)}; product names must be unique`);
      else names.set(key, pat);
      if (product.code) {
        if (codes.has(product.code)) p.add(`${pat}.code`, `"${product.code}" is already the code of ${codes.get(product.code)}`);
        else codes.set(product.code, pat);
      }
      products.push(product);
    });
  });
  if (p.problems.length) return { ok: false, problems: p.problems };
  return { ok: true, value: products };
}

function checkProduct(pr: unknown, at: string, p: ProblemList, category: string): MenuFileProduct | null {
  if (!isObject(pr)) { p.add(at, `must be an object with name and price, got ${show(pr)}`); return null; }
  const good = [p.text(pr.name, `${at}.name`, true, 'productName'), p.text(pr.code, `${at}.code`, false, 'id'), p.minor(pr.price, `${at}.price`)].every(Boolean);
  const sizes = checkPriced(pr.sizes, `${at}.sizes`, p, 'size');
  const groups: MenuFileGroup[] = [];
  if (pr.modifierGroups !== undefined) {
    if (!Array.isArray(pr.modifierGroups)) p.add(`${at}.modifierGroups`, `must be a list of modifier groups, got ${show(pr.modifierGroups)}`);
    else {
      const seen = new Set<string>();
      pr.modifierGroups.forEach((g, gi) => {
        const gat = `${at}.modifierGroups[${gi}]`;
        if (!isObject(g)) { p.add(gat, `must be an object with name, min, max and modifiers, got ${show(g)}`); return; }
        const ok = [p.text(g.name, `${gat}.name`), p.count(g.min, `${gat}.min`, 0, MAX_CHOICES), p.count(g.max, `${gat}.max`, 1, MAX_CHOICES)].every(Boolean);
        const mods = checkPriced(g.modifiers, `${gat}.modifiers`, p, 'modifier');
        if (!ok || !mods) return;
        if (mods.length === 0) { p.add(`${gat}.modifiers`, 'a modifier group needs at least one modifier'); return; }
        const name = (g.name as string).trim();
        if (seen.has(name.toLowerCase())) p.add(`${gat}.name`, `group "${name}" appears twice in this product`);
        seen.add(name.toLowerCase());
        const min = g.min as number, max = g.max as number;
        if (min > max) { p.add(`${gat}.min`, `min (${min}) is more than max (${max})`); return; }
        if (min > mods.length) { p.add(`${gat}.min`, `min (${min}) cannot be met: the group has only ${mods.length} modifier(s)`); return; }
        groups.push({ name, min, max, modifiers: mods });
      });
    }
  }
  if (!good || !sizes) return null;
  return { code: typeof pr.code === 'string' ? pr.code.trim() : '', name: (pr.name as string).trim(), category, price: pr.price as number, sizes, groups };
}

/** A list of {name, price} with unique names (sizes, modifiers); absent = empty. */
function checkPriced(v: unknown, at: string, p: ProblemList, what: string): MenuFileModifier[] | null {
  if (v === undefined) return [];
  if (!Array.isArray(v)) { p.add(at, `must be a list of ${what}s, got ${show(v)}`); return null; }
  const out: MenuFileModifier[] = [];
  const seen = new Set<string>();
  let good = true;
  v.forEach((m, i) => {
    const mat = `${at}[${i}]`;
    if (!isObject(m)) { good = p.add(mat, `must be an object with name and price, got ${show(m)}`); return; }
    if (!p.text(m.name, `${mat}.name`) || !p.minor(m.price, `${mat}.price`)) { good = false; return; }
    const name = (m.name as string).trim();
    if (seen.has(name.toLowerCase())) { good = p.add(`${mat}.name`, `${what} "${name}" appears twice`); return; }
    seen.add(name.toLowerCase());
    out.push({ name, price: m.price as number });
  });
  return good ? out : null;
}
