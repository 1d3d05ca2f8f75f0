import React from 'react';
import type { FailedHandoff } from '../domain/delivery.js';
import { theme } from './theme.js';
import { padTo } from './format.js';
import { textRow, type Row } from './lines.js';
import { Rows } from './Rows.js';

/**
 * The loud line every console shows while an order is not at its point of sale and will not
 * get there without a dispatcher: which order, which POS, the one key that resends it, why.
 * One row (cut with "…"; the card shows the reason whole); null when nothing failed.
 */
export function failedOrdersRow(failures: FailedHandoff[], width: number, hint: string): Row | null {
  const f = failures[0];
  if (!f) return null;
  const more = failures.length > 1 ? ` (+${failures.length - 1} more)` : '';
  const [cut] = textRow(`⚠ NOT AT THE POS: ${f.number} · ${f.posName || 'no point of sale'}${more} · ${hint} · ${f.reason}`, width);
  return [{ ...cut, text: padTo(cut.text, width), bold: true, inverse: true, color: theme.danger }];
}

/** The failed-orders line: see failedOrdersRow. */
export function FailedOrders({ row, width }: { row: Row; width: number }) {
  return <Rows rows={[row]} width={width} />;
}
