import React from 'react';
import { Box } from 'ink';
import { Text } from './Text.js';
import type { DeskState } from '../desk/state.js';
import { waitingCalls, activeCall } from '../desk/state.js';
import { theme } from './theme.js';
import { clock, duration } from './format.js';

const regColour = { registered: theme.ok, connecting: 'yellow', offline: theme.muted, failed: theme.danger } as const;

/** Top line: operator and extension, phone state, the call in progress, calls waiting, clock. */
export function StatusBar({ state, timeZone }: { state: DeskState; timeZone?: string }) {
  const waiting = waitingCalls(state).length;
  const call = activeCall(state);
  const reg = state.registration;
  return (
    <Box justifyContent="space-between" width="100%">
      <Box gap={1}>
        <Text bold color={theme.accent}>ringdesk</Text>
        <Text>{state.operator.name || 'no operator'}{state.operator.extension ? ` · ext ${state.operator.extension}` : ''}</Text>
        <Text color={regColour[reg.state]}>● {reg.state}{reg.reason ? ` (${reg.reason})` : ''}</Text>
        {state.headset.state !== 'none' && <Text color={state.headset.state === 'connected' ? theme.ok : theme.danger}>headset {state.headset.state}</Text>}
      </Box>
      <Box gap={1}>
        {call && (
          <Text color={call.phase === 'paused' ? 'yellow' : theme.ok}>
            {call.phase === 'paused' ? '⏸ PAUSED' : call.phase === 'answered' ? '☎ on call' : '☎ calling'} {call.remote}
            {call.answeredAt ? ` ${duration(state.now - call.answeredAt)}` : ''}
          </Text>
        )}
        <Text color={waiting ? theme.ringing : theme.muted}>waiting {waiting}</Text>
        <Text>{clock(state.now, timeZone)}</Text>
      </Box>
    </Box>
  );
}
