import React from 'react';
import { Box, Text } from 'ink';
import type { DeskState } from '../desk/state.js';
import { keymap, keyLabel, type Context } from '../desk/keymap.js';
import { theme } from './theme.js';

const contextTitle: Partial<Record<Context, string>> = {
  banner: 'Incoming call', call: 'On a call', list: 'Open orders', card: 'Order card', address: 'Address pane',
  items: 'Items pane', chooser: 'Customer chooser', menu: 'Menu search', edit: 'Editing a field',
  caller: 'The caller (on a call or an open order)', form: 'New customer form', category: 'Category', cancel: 'Cancelling',
  pick: 'Choosing from a list', item: 'Sizes and modifiers', scheduled: 'Scheduled orders',
  global: 'Anywhere',
};

/** The `?` overlay: every command of the keymap table, grouped by where it works, with why it is disabled now. */
export function HelpOverlay({ state }: { state: DeskState }) {
  return (
    <Box flexDirection="column" borderStyle="double" borderColor={theme.accent} paddingX={1} width={state.size.columns}>
      <Text bold>Keys — Esc closes</Text>
      {(Object.keys(contextTitle) as Context[]).map((ctx) => (
        <Text key={ctx} wrap="wrap">
          <Text bold color={theme.accent}>{contextTitle[ctx]}: </Text>
          {keymap.filter((c) => c.context === ctx).map((c, n) => {
            const why = c.disabledReason?.(state);
            return (
              <Text key={c.id} dimColor={!!why}>
                {n ? ' · ' : ''}<Text bold>{c.keys.map(keyLabel).join('/')}</Text> {c.label}{c.dangerous ? ' (asks first)' : ''}{why ? ` (${why})` : ''}
              </Text>
            );
          })}
        </Text>
      ))}
    </Box>
  );
}
