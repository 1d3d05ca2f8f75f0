import React from 'react';
import { Box } from 'ink';
import type { DeskState } from '../desk/state.js';
import { helpEntries, type HelpEntry } from '../desk/help.js';
import { keyLabel } from '../desk/keymap.js';
import { theme } from './theme.js';
import { ScrollList } from './ScrollList.js';
import { Dialog } from './Dialog.js';
import { textRow, wrapRows, type Row } from './lines.js';
import { Rows } from './Rows.js';

/** An entry of the overlay as rows at this width: a title, or the keys, what they do, and why not now — wrapped, never cut. */
function entryRows(e: HelpEntry, width: number): Row[] {
  if (e.kind === 'title') return [textRow(e.title, width, { bold: true, color: theme.accent, dim: !e.behind })];
  const c = e.command;
  const where = c.where && !c.where.includes('any') ? ` (${c.where.join(', ')})` : '';
  const text = `${c.keys.map(keyLabel).join('/')}  ${c.label}${where}${c.dangerous ? ' (asks first)' : ''}${e.disabled ? ` — not now: ${e.disabled}` : ''}`;
  return wrapRows(text, width, { dim: !e.behind || !!e.disabled }, '  ', '      ');
}

/**
 * The `?` overlay: every command of the keymap table, grouped by where it works (what works on
 * the screen behind it first). It fills the body and scrolls (j/k ↑↓ PgUp/PgDn g/G) inside its
 * border.
 */
export function HelpOverlay({ state, height }: { state: DeskState; height: number }) {
  const entries = helpEntries(state);
  const index = state.modal?.kind === 'help' ? state.modal.index : 0;
  return (
    <Dialog width={state.size.columns} height={height} border="double" color={theme.accent} wants={height}
      title={[textRow('Keys — j/k ↑↓ PgUp/PgDn g/G scroll · Esc closes', state.size.columns - 4, { bold: true })]}>
      {(rows, w) => (
        <Box height={rows} flexDirection="column">
          <ScrollList items={entries.map((e, n) => ({ e, n }))} selected={index} height={rows} width={w} keyOf={(x) => x.n}
            rowsOf={({ e }, iw) => entryRows(e, iw).length}
            render={({ e }, _sel, iw) => <Rows width={iw} rows={entryRows(e, iw)} />} />
        </Box>
      )}
    </Dialog>
  );
}
