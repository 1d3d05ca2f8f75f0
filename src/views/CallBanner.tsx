import React from 'react';
import { Box } from 'ink';
import { Text } from './Text.js';
import type { DeskState } from '../desk/state.js';
import { ringingCall, waitingCalls } from '../desk/state.js';
import { displayPhone } from '../domain/phone-number.js';
import { CallerCard } from './CallerCard.js';
import { theme } from './theme.js';

/** The incoming-call banner: the number in its own field, the caller card, and who else waits. */
export function CallBanner({ state, timeZone }: { state: DeskState; timeZone?: string }) {
  const call = ringingCall(state);
  if (!call) return null;
  const others = waitingCalls(state).filter((c) => c.id !== call.id);
  const width = state.size.columns;
  return (
    <Box flexDirection="column" borderStyle="double" borderColor={call.spam ? theme.danger : theme.ringing} width={width} paddingX={1} flexShrink={0}>
      <Box gap={2}>
        <Text bold color={theme.ringing}>☎ INCOMING CALL</Text>
        <Text bold inverse> {displayPhone(call.number)} </Text>
      </Box>
      <CallerCard call={call} operator={state.operator} currency={state.currency} width={width - 4} timeZone={timeZone} />
      {others.length > 0 && (
        <Text color={theme.ringing}>
          also waiting: {others.map((c) => displayPhone(c.number) + (c.hidden ? ' (ignored)' : '')).join(', ')}
        </Text>
      )}
    </Box>
  );
}
