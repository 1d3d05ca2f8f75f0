import React from 'react';
import { Box } from 'ink';
import { Text } from './Text.js';
import type { MenuProduct } from '../orders/pricing.js';
import { priceLine } from '../orders/pricing.js';
import { lineTotal } from '../store/deliveries.js';
import { itemRows } from '../desk/orders.js';
import { formatMoney } from '../domain/money.js';
import { ScrollList } from './ScrollList.js';
import { theme } from './theme.js';
import { fit } from './format.js';

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
  const inner = Math.max(20, width - 4);
  const rows = itemRows(p);
  const priced = priceLine(p, { sizeId, modifierIds: chosen, quantity: 1 });
  const groupOf = (id: number) => p.groups.find((g) => g.id === id)!;
  const rule = (min: number, max: number) => (min === max ? `exactly ${min}` : min > 0 ? `${min}-${max}` : `up to ${max}`);
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.selected} paddingX={1} width={width}>
      <Text bold>{fit(`${p.name}: choose${p.sizes.length ? ' the size' : ''}${p.groups.length ? ' and the extras' : ''}`, inner)}</Text>
      <ScrollList
        items={rows.map((r, n) => ({ r, n }))}
        selected={index}
        height={height - 5}
        keyOf={(x) => x.n}
        render={({ r, n }, sel) => {
          const prev = rows[n - 1];
          const head = r.kind === 'size'
            ? (n === 0 ? 'Size' : '')
            : (!prev || prev.kind === 'size' || prev.groupId !== r.groupId ? `${groupOf(r.groupId).name} (${rule(groupOf(r.groupId).min, groupOf(r.groupId).max)})` : '');
          const on = r.kind === 'size' ? r.id === sizeId : chosen.includes(r.id);
          const mark = r.kind === 'size' ? (on ? '(•)' : '( )') : on ? '[x]' : '[ ]';
          const price = r.kind === 'size' ? formatMoney(r.price, currency) : r.price ? `+${formatMoney(r.price, currency)}` : '';
          return <Text inverse={sel} color={on ? theme.ok : undefined}>{fit(`${head.padEnd(22).slice(0, 22)} ${mark} ${r.name}  ${price}`, inner)}</Text>;
        }}
      />
      {priced.ok
        ? <Text color={theme.ok}>{fit(`Line ${formatMoney(lineTotal(priced.line), currency)} · Space choose · Enter add · Esc cancel`, inner)}</Text>
        : <Text color={theme.danger}>{fit(`${priced.message} · Space choose`, inner)}</Text>}
    </Box>
  );
}
