import React from 'react';
import { Box } from 'ink';
import { Text } from './Text.js';
import type { DeskState } from '../desk/state.js';
import { activeContexts, keymap, keyLabel, type Context } from '../desk/keymap.js';
import { theme } from './theme.js';

const contextTitle: Partial<Record<Context, string>> = {
  banner: 'Incoming call', call: 'On a call', list: 'Open orders', card: 'Order card', address: 'Address pane',
  items: 'Items pane', chooser: 'Customer chooser', menu: 'Menu search', edit: 'Editing a field',
  caller: 'The caller (on a call or an open order)', form: 'New customer form', category: 'Category', cancel: 'Cancelling',
  pick: 'Choosing from a list', item: 'Sizes and modifiers', scheduled: 'Scheduled orders',
  global: 'Anywhere',
};

/**
 * The `?` overlay: every command of the keymap table, grouped by where it works. What works on
 * the screen behind the overlay comes first, with why a key is disabled now; the rest follows
 * (cut at the bottom on a small terminal).
 */
export function HelpOverlay({ state }: { state: DeskState }) {
  const behind = activeContexts({ ...state, modal: null }).filter((c) => c in contextTitle);
  const order = [...behind, ...(Object.keys(contextTitle) as Context[]).filter((c) => !behind.includes(c))];
  return (
    <Box flexDirection="column" borderStyle="double" borderColor={theme.accent} paddingX={1} width={state.size.columns}>
      <Text bold>Keys — Esc closes</Text>
      {order.map((ctx) => (
        // never squeezed: a wrapped section keeps all its lines, the overlay is cut at the bottom instead
        <Box key={ctx} flexShrink={0}>
          <Text wrap="wrap" dimColor={!behind.includes(ctx)}>
            <Text bold color={theme.accent}>{contextTitle[ctx]}: </Text>
            {keymap.filter((c) => c.context === ctx).map((c, n) => {
              const why = behind.includes(ctx) ? c.disabledReason?.(state) : null;
              return (
                <Text key={c.id} dimColor={!!why}>
                  {n ? ' · ' : ''}<Text bold>{c.keys.map(keyLabel).join('/')}</Text> {c.label}{c.dangerous ? ' (asks first)' : ''}{why ? ` (${why})` : ''}
                </Text>
              );
            })}
          </Text>
        </Box>
      ))}
    </Box>
  );
}
