import React from 'react';
import { Box } from 'ink';
import { Text } from './Text.js';
import { theme } from './theme.js';

export interface ScrollListProps<T> {
  items: T[];
  selected: number;
  height: number;
  render: (item: T, selected: boolean) => React.ReactNode;
  empty?: string;
  keyOf: (item: T) => string | number;
}

/** The one scrolling list: keeps the selected row in view and says how many rows are hidden. */
export function ScrollList<T>({ items, selected, height, render, empty, keyOf }: ScrollListProps<T>) {
  if (items.length === 0) return <Text color={theme.muted}>{empty ?? '(empty)'}</Text>;
  const rows = Math.max(1, height);
  const start = Math.min(Math.max(0, selected - rows + 1), Math.max(0, items.length - rows));
  const visible = items.slice(start, start + rows);
  return (
    <Box flexDirection="column">
      {visible.map((item, n) => (
        <Box key={keyOf(item)}>{render(item, start + n === selected)}</Box>
      ))}
      {items.length > rows && (
        <Text color={theme.muted}>
          {start + 1}-{start + visible.length} of {items.length}
        </Text>
      )}
    </Box>
  );
}
