import React from 'react';
import { Box } from 'ink';
import { Text } from './Text.js';
import { theme } from './theme.js';
import { fit } from './format.js';

export interface ScrollListProps<T> {
  items: T[];
  selected: number;
  /** Rows the list takes in all, its "3-9 of 40" row included. */
  height: number;
  /** Columns the list takes; a row gets this less the selection marker. */
  width: number;
  render: (item: T, selected: boolean, width: number) => React.ReactNode;
  /** Rows an item takes at this width (an item on two lines); 1 when not given. */
  rowsOf?: (item: T, width: number) => number;
  empty?: string;
  keyOf: (item: T) => string | number;
  /** The "›" before the selected item (visible without colour: NO_COLOR drops inverse video too). */
  marker?: boolean;
  /** The list has the keys: only then is its selected item marked (as only then is it drawn inverse). */
  focused?: boolean;
}

/** The items shown in `height` rows so that the selected one is in view: [first, last). */
export function scrollWindow(rows: number[], selected: number, height: number): { start: number; end: number; footer: boolean } {
  const total = rows.reduce((a, b) => a + b, 0);
  if (total <= height) return { start: 0, end: rows.length, footer: false };
  const room = Math.max(1, height - 1);
  const sel = Math.max(0, Math.min(selected, rows.length - 1));
  // the selected item at the bottom of the window, as far down as it needs to be
  let start = sel, used = rows[sel];
  while (start > 0 && used + rows[start - 1] <= room) used += rows[--start];
  let end = sel + 1;
  while (end < rows.length && used + rows[end] <= room) used += rows[end++];
  // at the end of the list: fill the window from above
  while (start > 0 && used + rows[start - 1] <= room) used += rows[--start];
  return { start, end, footer: true };
}

/** The one scrolling list: keeps the selected item in view, marks it, and says which rows are shown. */
export function ScrollList<T>({ items, selected, height, width, render, rowsOf, empty, keyOf, marker = true, focused = true }: ScrollListProps<T>) {
  if (height <= 0) return null;
  if (items.length === 0) return <Text color={theme.muted} wrap="truncate-end">{fit(empty ?? '(empty)', width)}</Text>;
  const inner = Math.max(1, width - (marker ? 2 : 0));
  const rows = items.map((item) => Math.max(1, rowsOf?.(item, inner) ?? 1));
  const { start, end, footer } = scrollWindow(rows, selected, height);
  // an item taller than the whole window is cut to it (the window still shows where it is)
  const room = Math.max(1, footer ? height - 1 : height);
  return (
    <Box flexDirection="column" width={width} flexShrink={0}>
      {items.slice(start, end).map((item, n) => {
        const sel = start + n === selected;
        return (
          <Box key={keyOf(item)} height={Math.min(rows[start + n], room)} flexShrink={0} overflow="hidden" alignItems="flex-start">
            {marker && <Text color={theme.selected} bold>{sel && focused ? '› ' : '  '}</Text>}
            {/* its own height, cut at the bottom by the box above, never squeezed (squeezed rows are drawn over each other) */}
            <Box width={inner} flexDirection="column" flexShrink={0}>{render(item, sel, inner)}</Box>
          </Box>
        );
      })}
      {footer && (
        <Text color={theme.muted} wrap="truncate-end">
          {fit(`${start + 1}-${end} of ${items.length}${start > 0 ? ' ↑' : ''}${end < items.length ? ' ↓' : ''}`, width)}
        </Text>
      )}
    </Box>
  );
}
