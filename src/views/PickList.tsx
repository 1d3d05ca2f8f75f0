import React from 'react';
import { Box } from 'ink';
import { Text } from './Text.js';
import type { PickOption } from '../desk/orders.js';
import { ScrollList } from './ScrollList.js';
import { theme } from './theme.js';
import { fit } from './format.js';

export interface PickListProps {
  title: string;
  options: PickOption[];
  index: number;
  width: number;
  height: number;
}

/** Choose one of a list: a zone by hand, a saved address, a past order to repeat. */
export function PickList({ title, options, index, width, height }: PickListProps) {
  const inner = Math.max(20, width - 4);
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.selected} paddingX={1} width={width}>
      <Text bold>{fit(title, inner)}</Text>
      <ScrollList
        items={options.map((o, n) => ({ o, n }))}
        selected={index}
        height={height - 4}
        keyOf={(x) => x.n}
        empty="Nothing to choose from"
        render={({ o }, sel) => <Text inverse={sel}>{fit(o.label, inner)}</Text>}
      />
      <Text color={theme.muted}>↑↓ choose · Enter take it · Esc close</Text>
    </Box>
  );
}
