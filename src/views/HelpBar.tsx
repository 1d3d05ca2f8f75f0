import React from 'react';
import type { DeskState } from '../desk/state.js';
import { helpBarCommands } from '../desk/help.js';
import { keyLabel } from '../desk/keymap.js';
import { theme } from './theme.js';
import { rowWidth, type Row } from './lines.js';
import { Rows } from './Rows.js';

const GAP = '  ';

/** Rows the help bar may take: two, one on a short terminal (the body needs them more). */
export function helpBarLimit(state: DeskState): number {
  return state.size.rows >= 20 ? 2 : 1;
}

/**
 * The help bar's rows, generated from the keymap table: the keys most needed now, as many as
 * fit in helpBarLimit rows, in order (helpBarCommands); disabled ones dimmed; `? help` last
 * whenever `?` opens it — it lists every key.
 */
export function helpBarRows(state: DeskState): Row[] {
  const width = state.size.columns;
  const { commands, help: helpOpens } = helpBarCommands(state);
  const help: Row = helpOpens ? [{ text: '?', bold: true, color: theme.accent }, { text: ' help' }] : [];
  const reserve = help.length ? GAP.length + rowWidth(help) : 0;
  const rows: Row[] = [[]];
  const limit = helpBarLimit(state);
  // the width of the row being filled, kept as it grows (not measured again for every key)
  let used = 0;
  for (const { command, disabled } of commands) {
    const item: Row = [
      { text: keyLabel(command.keys[0]), bold: !disabled, color: disabled ? theme.muted : theme.accent, dim: !!disabled },
      { text: ` ${command.label}`, color: disabled ? theme.muted : undefined, dim: !!disabled },
    ];
    const room = (n: number) => width - (n === limit - 1 ? reserve : 0);
    let row = rows[rows.length - 1];
    const itemWidth = rowWidth(item);
    if (used + (row.length ? GAP.length : 0) + itemWidth > room(rows.length - 1)) {
      if (rows.length === limit) break; // the rest are in the ? overlay
      row = [];
      rows.push(row);
      used = 0;
      if (itemWidth > room(rows.length - 1)) break;
    }
    if (row.length) {
      row.push({ text: GAP });
      used += GAP.length;
    }
    row.push(...item);
    used += itemWidth;
  }
  const last = rows[rows.length - 1];
  if (last.length && help.length) last.push({ text: GAP });
  last.push(...help);
  return rows;
}

/** Bottom rows: see helpBarRows. */
export function HelpBar({ state }: { state: DeskState }) {
  return <Rows rows={helpBarRows(state)} width={state.size.columns} />;
}
