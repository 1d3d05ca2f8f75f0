import React from 'react';
import { Text } from './Text.js';
import type { MenuProduct } from '../domain/pricing.js';
import { priceLine } from '../domain/pricing.js';
import { lineTotal } from '../domain/delivery.js';
import { itemRows } from '../desk/orders.js';
import { formatMoney } from '../domain/money.js';
import { ScrollList } from './ScrollList.js';
import { theme } from './theme.js';
import { fit, padTo } from './format.js';
import { Dialog } from './Dialog.js';
import { textRow } from './lines.js';

export interface ItemChoicesProps {
  product: MenuProduct;
  sizeId: number | null;
  chosen: number[];
  index: number;
  width: number;
  height: number;
  currency: string;
}

/** Sizes and modifier groups of a product being added; says what a required group still needs. */
export function ItemChoices({ product: p, sizeId, chosen, index, width, height, currency }: ItemChoicesProps) {
  const rows = itemRows(p);
  const priced = priceLine(p, { sizeId, modifierIds: chosen, quantity: 1 });
  const groupOf = (id: number) => p.groups.find((g) => g.id === id)!;
  const rule = (min: number, max: number) => (min === max ? `exactly ${min}` : min > 0 ? `${min}-${max}` : `up to ${max}`);
  return (
    <Dialog width={width} height={height} wants={rows.length}
      title={[textRow(`${p.name}: choose${p.sizes.length ? ' the size' : ''}${p.groups.length ? ' and the extras' : ''}`, width - 4, { bold: true })]}
      hint={priced.ok ? `Line ${formatMoney(lineTotal(priced.line), currency)} · Space choose · Enter add · Esc cancel` : `${priced.message} · Space choose`}>
      {(n, w) => (
        <ScrollList
          items={rows.map((r, i) => ({ r, i }))}
          selected={index}
          height={n}
          width={w}
          keyOf={(x) => x.i}
          render={({ r, i }, sel, iw) => {
            const prev = rows[i - 1];
            const head = r.kind === 'size'
              ? (i === 0 ? 'Size' : '')
              : (!prev || prev.kind === 'size' || prev.groupId !== r.groupId ? `${groupOf(r.groupId).name} (${rule(groupOf(r.groupId).min, groupOf(r.groupId).max)})` : '');
            const on = r.kind === 'size' ? r.id === sizeId : chosen.includes(r.id);
            const mark = r.kind === 'size' ? (on ? '(•)' : '( )') : on ? '[x]' : '[ ]';
            const price = r.kind === 'size' ? formatMoney(r.price, currency) : r.price ? `+${formatMoney(r.price, currency)}` : '';
            return <Text inverse={sel} color={on ? theme.ok : undefined} wrap="truncate-end">{fit(`${padTo(fit(head, Math.min(22, Math.floor(iw / 3))), Math.min(22, Math.floor(iw / 3)))} ${mark} ${r.name}  ${price}`, iw)}</Text>;
          }}
        />
      )}
    </Dialog>
  );
}
