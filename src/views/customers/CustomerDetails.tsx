import React from 'react';
import { Box } from 'ink';
import { Text } from '../Text.js';
import type { Customer } from '../../store/index.js';
import { categories } from '../../store/types.js';
import { formatMoney } from '../../domain/money.js';
import { displayPhone, normalisePhone } from '../../domain/phone-number.js';
import { detailRows, type CustomersUi } from './customers-state.js';
import { categoryStyle, theme } from '../theme.js';
import { fit } from '../format.js';

export interface CustomerDetailsProps {
  customer: Customer | null;
  addresses: string[];
  ui: Pick<CustomersUi, 'row' | 'editing'>;
  focused: boolean;
  width: number;
  region: string;
  currency: string;
}

const labels: Record<(typeof detailRows)[number], string> = {
  name: 'Name', company: 'Company', note: 'Note', city: 'City', country: 'Country', category: 'Category', phones: 'Phones',
};

/** S5's right pane: the customer's data, each row editable in place and written through at once. */
export function CustomerDetails({ customer: c, addresses, ui, focused, width, region, currency }: CustomerDetailsProps) {
  const w = Math.max(10, width - 2);
  const border = focused ? theme.accent : theme.muted;
  if (!c) {
    return (
      <Box flexDirection="column" width={width} borderStyle="round" borderColor={border}>
        <Text color={theme.muted}>No customer selected</Text>
      </Box>
    );
  }
  const value = (row: (typeof detailRows)[number]): string => {
    if (row === 'category') return categoryStyle[c.category].word;
    if (row === 'phones') return c.phones.map((p) => displayPhone(normalisePhone(p.e164, region))).join(', ') || '(none)';
    return c[row];
  };
  return (
    <Box flexDirection="column" width={width} borderStyle="round" borderColor={border}>
      {detailRows.map((row, i) => {
        const here = focused && ui.row === i;
        const editing = ui.editing && detailRows[i] === ui.editing.row;
        const label = `${labels[row].padEnd(9)}`;
        return editing ? (
          <Text key={row} wrap="truncate-start"><Text color={theme.accent}>{label}› </Text>{ui.editing!.value}<Text inverse> </Text></Text>
        ) : (
          <Text key={row} wrap="truncate-end">
            <Text color={theme.muted}>{label}</Text>
            <Text inverse={here} bold={row === 'name' || row === 'company'} color={row === 'category' ? categoryStyle[c.category].color : row === 'note' && c.note ? 'yellow' : undefined}>
              {fit(value(row) || '—', w - label.length)}
            </Text>
          </Text>
        );
      })}
      {focused && ui.row === detailRows.indexOf('phones') && !ui.editing && <Text color={theme.muted}>+ adds a number</Text>}
      {focused && ui.row === detailRows.indexOf('category') && !ui.editing && (
        <Text color={theme.muted}>{categories.map((k, i) => `${i + 1} ${categoryStyle[k].word}`).join('  ')}</Text>
      )}
      {c.debt !== 0 && <Text color={theme.danger}>{c.debt > 0 ? 'owes' : 'credit'} {formatMoney(Math.abs(c.debt), currency)}</Text>}
      {addresses.slice(0, 3).map((a, i) => <Text key={i} color={theme.muted} wrap="truncate-end">⌂ {fit(a, w - 2)}</Text>)}
    </Box>
  );
}
