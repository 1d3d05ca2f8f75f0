import React from 'react';
import { Box } from 'ink';
import type { Customer } from '../../domain/customer.js';
import { categories } from '../../domain/customer.js';
import { formatMoney } from '../../domain/money.js';
import { displayPhone, normalisePhone } from '../../domain/phone-number.js';
import { detailRows, type CustomersUi } from '../../desk/customers-screen.js';
import { categoryStyle, theme } from '../theme.js';
import { fitStart } from '../format.js';
import { fitRow, keepRows, textRow, wrapRows, type RankedRow } from '../lines.js';
import { Rows } from '../Rows.js';

export interface CustomerDetailsProps {
  customer: Customer | null;
  addresses: string[];
  ui: Pick<CustomersUi, 'row' | 'editing'>;
  focused: boolean;
  width: number;
  /** Rows the pane takes, its border included. */
  height: number;
  region: string;
  currency: string;
}

const labels: Record<(typeof detailRows)[number], string> = {
  name: 'Name', company: 'Company', note: 'Note', city: 'City', country: 'Country', category: 'Category', phones: 'Phones',
};

/** S5's right pane: the customer's data, each row editable in place and written through at once. */
export function CustomerDetails({ customer: c, addresses, ui, focused, width, height, region, currency }: CustomerDetailsProps) {
  const w = Math.max(1, width - 2);
  const border = focused ? theme.accent : theme.muted;
  const rows: RankedRow[] = [];
  if (!c) rows.push({ rank: 0, row: textRow('No customer selected', w, { color: theme.muted }) });
  else {
    const value = (row: (typeof detailRows)[number]): string => {
      if (row === 'category') return categoryStyle[c.category].word;
      if (row === 'phones') return c.phones.map((p) => displayPhone(normalisePhone(p.e164, region), region)).join(', ') || '(none)';
      return c[row];
    };
    detailRows.forEach((row, i) => {
      const here = focused && ui.row === i;
      const label = `${here ? '›' : ' '}${labels[row].padEnd(9)}`;
      if (ui.editing && row === ui.editing.row) {
        rows.push({ rank: 0, row: [{ text: `${label}› `, color: theme.accent }, { text: fitStart(ui.editing.value, w - label.length - 3) }, { text: ' ', inverse: true }] });
      } else if (row === 'note' && c.note) {
        // the caller's warning, whole
        for (const r of wrapRows(c.note, w, { color: 'yellow', inverse: here }, label, ' '.repeat(label.length))) rows.push({ rank: 0, row: r });
      } else {
        rows.push({
          rank: 0,
          row: fitRow([{ text: label, color: theme.muted }, {
            text: value(row) || '—', inverse: here, bold: row === 'name' || row === 'company', color: row === 'category' ? categoryStyle[c.category].color : undefined,
          }], w),
        });
      }
    });
    if (focused && ui.row === detailRows.indexOf('phones') && !ui.editing) rows.push({ rank: 1, row: textRow('+ adds a number', w, { color: theme.muted }) });
    if (focused && ui.row === detailRows.indexOf('category') && !ui.editing) {
      rows.push({ rank: 1, row: textRow(categories.map((k, i) => `${i + 1} ${categoryStyle[k].word}`).join('  '), w, { color: theme.muted }) });
    }
    if (c.debt !== 0) rows.push({ rank: 1, row: textRow(`${c.debt > 0 ? 'owes' : 'credit'} ${formatMoney(Math.abs(c.debt), currency)}`, w, { color: theme.danger }) });
    for (const a of addresses.slice(0, 3)) rows.push({ rank: 2, row: textRow(`⌂ ${a}`, w, { color: theme.muted }) });
  }
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={border}>
      <Rows rows={keepRows(rows, Math.max(0, height - 2)).slice(0, Math.max(0, height - 2))} width={w} />
    </Box>
  );
}
