import React from 'react';
import { Box } from 'ink';
import { theme } from './theme.js';
import { textRow, type Row } from './lines.js';
import { Rows } from './Rows.js';

export interface DialogProps {
  width: number;
  /** Rows the dialog may take, its border included; it takes fewer when its content is shorter. */
  height: number;
  title: Row[];
  /** The dialog's keys, last row; dropped first when rows are short. */
  hint?: string;
  /** Rows its content would like; it gets at most what the title and hint leave. */
  wants: number;
  border?: 'round' | 'double';
  color?: string;
  /** The content, drawn in `rows` rows of `width` columns. */
  children: (rows: number, width: number) => React.ReactNode;
}

/** A dialog's border and padding take this much of the width. */
export const DIALOG_FRAME = 4;

/**
 * The frame every dialog shares: border, title, content, keys. Its rows are counted, so a dialog
 * on a short terminal keeps its border and scrolls its content instead of spilling out.
 */
export function Dialog({ width, height, title, hint, wants, border = 'round', color = theme.selected, children }: DialogProps) {
  const inner = Math.max(1, height - 2);
  const w = Math.max(1, width - DIALOG_FRAME);
  const titleRows = title.slice(0, Math.max(1, inner - 1));
  const room = inner - titleRows.length;
  const hintRows = hint && room >= 2 ? [textRow(hint, w, { color: theme.muted })] : [];
  const rows = Math.max(0, Math.min(wants, room - hintRows.length));
  return (
    <Box flexDirection="column" borderStyle={border} borderColor={color} paddingX={1} width={width} flexShrink={0}>
      <Rows rows={titleRows} width={w} />
      {rows > 0 && <Box flexDirection="column" height={rows} flexShrink={0}>{children(rows, w)}</Box>}
      <Rows rows={hintRows} width={w} />
    </Box>
  );
}
