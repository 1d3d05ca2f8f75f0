import React, { useEffect, useState } from 'react';
import { Box, Text, useInput, useStdout } from 'ink';
import type { DeskRunner } from '../desk/runner.js';
import type { DeskState } from '../desk/state.js';
import { activeCall } from '../desk/state.js';
import { StatusBar } from './StatusBar.js';
import { CallBanner } from './CallBanner.js';
import { CallerCard } from './CallerCard.js';
import { OrderList } from './OrderList.js';
import { DeliveryCard } from './DeliveryCard.js';
import { ModalView } from './Modals.js';
import { HelpBar } from './HelpBar.js';
import { HelpOverlay } from './HelpOverlay.js';
import { keyNames } from './keys.js';
import { theme } from './theme.js';

export const MIN_COLUMNS = 60;
export const MIN_ROWS = 16;

/** Root view: lays the parts out; all state lives in the desk runner. */
export function App({ runner, timeZone }: { runner: DeskRunner; timeZone?: string }) {
  const [state, setState] = useState<DeskState>(runner.state);
  const { stdout } = useStdout();
  useEffect(() => runner.subscribe(setState), [runner]);
  useEffect(() => {
    const onResize = () => runner.dispatch({ type: 'resize', columns: stdout.columns ?? 80, rows: stdout.rows ?? 24 });
    onResize();
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [runner, stdout]);
  useInput((input, key) => {
    for (const name of keyNames(input, key)) runner.dispatch({ type: 'key', key: name });
  });
  return <Screen state={state} timeZone={timeZone} />;
}

export interface ScreenProps {
  state: DeskState;
  timeZone?: string;
}

/** The whole frame for a state; one row shorter than the terminal so Ink never clears the screen. */
export function Screen({ state, timeZone }: ScreenProps) {
  const { columns, rows } = state.size;
  if (columns < MIN_COLUMNS || rows < MIN_ROWS) return <TinyScreen state={state} />;
  const height = rows - 1;
  const call = activeCall(state);
  const sideCard = state.screen === 'delivery' && call && columns >= 110;
  const bodyWidth = sideCard ? columns - 36 : columns;
  const bannerRows = state.calls.some((c) => c.phase === 'ringing' && c.direction === 'incoming' && !c.hidden) ? 12 : 0;
  const bodyHeight = Math.max(4, height - 3 - bannerRows);
  return (
    <Box flexDirection="column" width={columns} height={height}>
      <StatusBar state={state} timeZone={timeZone} />
      <CallBanner state={state} timeZone={timeZone} />
      <Box flexGrow={1} flexDirection="column" overflow="hidden">
        {state.modal?.kind === 'help' ? (
          <HelpOverlay state={state} />
        ) : state.modal && state.modal.kind !== 'edit' ? (
          <ModalView modal={state.modal} width={columns} height={bodyHeight} currency={state.currency} />
        ) : (
          <Box>
            {state.screen === 'delivery' && state.delivery ? (
              <DeliveryCard delivery={state.delivery} pane={state.pane} addressIndex={state.addressIndex} itemIndex={state.itemIndex} width={bodyWidth} height={bodyHeight - (state.modal ? 3 : 0)} currency={state.currency}
                posFailure={state.posFailure?.deliveryId === state.delivery.id ? state.posFailure.reason : null} />
            ) : (
              <OrderList orders={state.openOrders} selected={state.listIndex} height={bodyHeight} width={bodyWidth} currency={state.currency} timeZone={timeZone} />
            )}
            {sideCard && call && (
              <Box borderStyle="round" borderColor={theme.muted} paddingX={1}>
                <CallerCard call={call} operator={state.operator} currency={state.currency} width={32} timeZone={timeZone} />
              </Box>
            )}
          </Box>
        )}
        {state.modal?.kind === 'edit' && (
          <ModalView modal={state.modal} width={columns} height={3} currency={state.currency} />
        )}
      </Box>
      {state.message ? (
        <Text color={state.message.kind === 'error' ? theme.danger : theme.ok} wrap="truncate-end">{state.message.text}</Text>
      ) : (
        <Text> </Text>
      )}
      <HelpBar state={state} />
    </Box>
  );
}

/** Below 60x16: the essentials only, and how to get the full console back. */
function TinyScreen({ state }: { state: DeskState }) {
  const ringing = state.calls.filter((c) => c.phase === 'ringing' && c.direction === 'incoming');
  const call = activeCall(state);
  return (
    <Box flexDirection="column" width={state.size.columns}>
      <Text color={theme.danger} wrap="truncate-end">Terminal {state.size.columns}x{state.size.rows}: need {MIN_COLUMNS}x{MIN_ROWS}</Text>
      {ringing[0] && <Text color={theme.ringing} wrap="truncate-end">☎ {ringing[0].remote || 'withheld'} a:answer r:reject</Text>}
      {call && <Text wrap="truncate-end">on call {call.remote} e:end p:pause</Text>}
      {state.delivery && <Text wrap="truncate-end">order {state.delivery.number}</Text>}
    </Box>
  );
}
