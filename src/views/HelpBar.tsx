import React from 'react';
import { Box, Text } from 'ink';
import type { DeskState } from '../desk/state.js';
import { keyLabel, visibleCommands } from '../desk/keymap.js';
import { theme } from './theme.js';

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
