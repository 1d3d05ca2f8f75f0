import React from 'react';
import { Box } from 'ink';
import { Text } from '../Text.js';
import type { CustomerListEntry, Funnel } from '../../domain/customer.js';
import { funnels } from '../../domain/customer.js';
import { ScrollList } from '../ScrollList.js';
import { categoryStyle, theme } from '../theme.js';
import { fit } from '../format.js';

export interface CustomerListProps {
  query: string;
  funnel: Funnel;
  results: CustomerListEntry[];
  hint?: string;
  cursor: number;
  focused: boolean;
  width: number;
  height: number;
}

const funnelWord = (f: Funnel) => (f === 'all' ? 'all' : f === 'clients' ? 'clients' : categoryStyle[f].word);

/** S5's left pane: the search line, the category funnels, and the customers found. */
export function CustomerList({ query, funnel, results, hint, cursor, focused, width, height }: CustomerListProps) {
  const w = Math.max(10, width - 2);
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={focused ? theme.accent : theme.muted}>
      <Text wrap="truncate-end">
        <Text color={theme.muted}>Find </Text>
        <Text bold>{fit(query, w - 7)}</Text>
        {focused ? <Text inverse> </Text> : null}
      </Text>
      <Text wrap="truncate-end">
        <Text color={theme.muted}>Funnel ‹ </Text>
        <Text bold color={theme.accent}>{funnelWord(funnel)}</Text>
        <Text color={theme.muted}> › {funnels.indexOf(funnel) + 1}/{funnels.length}</Text>
      </Text>
      {hint && results.length > 0 ? <Text color={theme.muted} wrap="truncate-end">{fit(hint, w)}</Text> : null}
      <ScrollList
        items={results}
        selected={cursor}
        focused={focused}
        // inside the border: the find and funnel rows, and the hint when there is one
        height={height - 4 - (hint && results.length > 0 ? 1 : 0)}
        width={w}
        rowsOf={() => 2} // two lines a customer
        keyOf={(c) => c.id}
        empty={hint || (query ? `Nobody matches "${fit(query, w - 20)}"` : 'Nobody in this funnel')}
        render={(c, sel, iw) => (
          <Box flexDirection="column">
            <Text inverse={sel && focused} bold={sel} wrap="truncate-end">
              <Text color={categoryStyle[c.category].color}>● </Text>
              {fit(c.name || c.company || '(no name)', iw - 2)}
            </Text>
            <Text color={theme.muted} wrap="truncate-end">  {fit([c.phone, c.address].filter(Boolean).join(' · ') || c.company, iw - 2)}</Text>
          </Box>
        )}
      />
    </Box>
  );
}
