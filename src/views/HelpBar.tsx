import React from 'react';
import { Box } from 'ink';
import { Text } from './Text.js';
import type { DeskState } from '../desk/state.js';
import { keyLabel, visibleCommands } from '../desk/keymap.js';
import { theme } from './theme.js';

/** How many rows the help bar wraps to at this width (the body is sized around it). */
export function helpBarRows(state: DeskState): number {
  let rows = 1, used = 0;
  for (const { command } of visibleCommands(state)) {
    const w = keyLabel(command.keys[0]).length + 1 + command.label.length;
    if (used && used + 1 + w > state.size.columns) { rows++; used = w; } else used += (used ? 1 : 0) + w;
  }
  return rows;
}

/** Bottom line generated from the keymap table: what each key does now; disabled ones dimmed. */
export function HelpBar({ state }: { state: DeskState }) {
  const cmds = visibleCommands(state);
  return (
    <Box flexWrap="wrap" columnGap={1} width={state.size.columns}>
      {cmds.map(({ command, disabled }) => (
        <Text key={command.id} color={disabled ? theme.muted : undefined} dimColor={!!disabled}>
          <Text bold={!disabled} color={disabled ? theme.muted : theme.accent}>{keyLabel(command.keys[0])}</Text> {command.label}
        </Text>
      ))}
    </Box>
  );
}
