import React, { useCallback, useEffect, useSyncExternalStore } from 'react';
import { Box, useInput, useStdout } from 'ink';
import { Text } from './Text.js';
import type { DeskRunner } from '../desk/runner.js';
import type { DeskState } from '../desk/state.js';
import { activeCall, listCountsSeconds, onFullScreen, ringingCall } from '../desk/state.js';
import { shownOrders, shownScheduled } from '../desk/list-search.js';
import type { customersView } from '../desk/customers-screen.js';
import type { callsView } from '../desk/calls-screen.js';
import type { chatsView } from '../desk/chat-desk.js';
import { CustomersView } from './customers/CustomersScreen.js';
import { CallsView } from './calls/CallsScreen.js';
import { ChatScreen } from './chats/ChatScreen.js';
import { CallBanner } from './CallBanner.js';
import { CallerCard } from './CallerCard.js';
import { OrderList } from './OrderList.js';
import { ScheduledList } from './ScheduledList.js';
import { DeliveryCard } from './DeliveryCard.js';
import { ModalView } from './Modals.js';
import { HelpOverlay } from './HelpOverlay.js';
import { StatusDialog } from './StatusDialog.js';
import { WaitingCalls } from './WaitingCalls.js';
import { QueuePane } from './QueuePane.js';
import { FailedOrders } from './FailedOrders.js';
import { Rows } from './Rows.js';
import { editRows, MIN_COLUMNS, MIN_ROWS, SIDE_CARD_COLUMNS, bodyWidth, deliveryCardProps, screenLayout, sideCard } from './layout.js';
import { displayPhone } from '../domain/phone-number.js';
import { keyNames } from './keys.js';
import { theme } from './theme.js';

export { MIN_COLUMNS, MIN_ROWS } from './layout.js';

/** Root view: lays the parts out; all state lives in the desk runner. */
export function App({ runner, timeZone }: { runner: DeskRunner; timeZone?: string }) {
  // an external store's change renders in this turn's microtasks, not a scheduler task later:
  // a ringing call's banner is drawn as soon as the desk has it (and --auto-answer 0 follows it)
  const state = useSyncExternalStore(useCallback((changed: () => void) => runner.subscribe(changed), [runner]), () => runner.state);
  const { stdout } = useStdout();
  useEffect(() => {
    // Ink 8 types its stdout as any writable stream; a terminal's has a size
    const terminal = stdout as Partial<NodeJS.WriteStream>;
    const onResize = () => runner.dispatch({ type: 'resize', columns: terminal.columns ?? 80, rows: terminal.rows ?? 24 });
    onResize();
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [runner, stdout]);
  useInput((input, key) => {
    const keys = keyNames(input, key);
    // one event for the whole chunk: the desk routes every key, the full screens' included (src/desk/reduce.ts terminalKeys)
    if (keys.length) runner.dispatch({ type: 'keys', keys });
  });
  return <Screen state={state} timeZone={timeZone} />;
}

export interface ScreenProps {
  state: DeskState;
  timeZone?: string;
}

/** The whole frame for a state: the rows of each part come from screenLayout (src/views/layout.ts). */
export function Screen({ state, timeZone }: ScreenProps) {
  const { columns, rows } = state.size;
  // quitting: nothing of the console (the quit dialog least of all) stays drawn in the terminal
  if (state.quitting) return null;
  if (columns < MIN_COLUMNS || rows < MIN_ROWS) return <TinyScreen state={state} />;
  const layout = screenLayout(state, timeZone);
  const bodyHeight = layout.bodyHeight;
  const call = activeCall(state);
  const editing = state.modal?.kind === 'edit' ? state.modal : null;
  const card = deliveryCardProps(state, bodyHeight, timeZone);
  // the list or the card, and the caller card beside it; the field editor goes under them
  const mainHeight = bodyHeight - editRows(state);
  const ringing = ringingCall(state);
  return (
    <Box flexDirection="column" width={columns} height={rows - 1}>
      <Rows rows={[layout.status]} width={columns} />
      {layout.alert && <FailedOrders row={layout.alert} width={columns} />}
      {layout.banner && <CallBanner rows={layout.banner} spam={!!ringing?.spam} width={columns} />}
      {/* the body is exactly the rows left; what is in it is sized to them, and a part that is not is cut here, never drawn over the bars */}
      <Box height={bodyHeight} flexDirection="column" overflow="hidden" flexShrink={0}>
        {state.modal?.kind === 'help' ? (
          <HelpOverlay state={state} height={bodyHeight} />
        ) : state.modal?.kind === 'waiting' ? (
          <WaitingCalls state={state} height={bodyHeight} />
        ) : state.modal?.kind === 'queue' ? (
          <QueuePane state={state} height={bodyHeight} timeZone={timeZone} />
        ) : state.modal?.kind === 'status' ? (
          <StatusDialog state={state} height={bodyHeight} timeZone={timeZone} />
        ) : state.modal && !editing ? (
          <ModalView modal={state.modal} width={columns} height={bodyHeight} currency={state.currency} region={state.region} />
        ) : state.screen === 'chats' || onFullScreen(state) ? (
          <FullScreen state={state} width={columns} height={bodyHeight} timeZone={timeZone} />
        ) : (
          <Box height={mainHeight} flexShrink={0}>
            {card ? (
              <DeliveryCard {...card} />
            ) : state.listView === 'scheduled' ? (
              <ScheduledList orders={shownScheduled(state)} total={state.scheduled.list.length} search={state.listSearch} selected={state.scheduled.index} height={mainHeight} width={bodyWidth(state)} timeZone={timeZone} region={state.region} now={state.now} />
            ) : (
              <OrderList orders={shownOrders(state)} total={state.openOrders.length} search={state.listSearch} selected={state.listIndex} height={mainHeight} width={bodyWidth(state)} currency={state.currency} timeZone={timeZone} region={state.region}
                // to the second only while an order waits for its next try ("sending #3 · 12 s"); else the rows
                // need the day only (a time today, a date otherwise): by the quarter hour, so the minute's
                // tick redraws the status bar and not the list (local midnight is a whole quarter hour in every zone)
                now={listCountsSeconds(state) ? state.now : Math.floor(state.now / 900_000) * 900_000} />
            )}
            {sideCard(state) && call && (
              <Box borderStyle="round" borderColor={theme.muted} paddingX={1} height={mainHeight} flexShrink={0}>
                <CallerCard call={call} operator={state.operator} currency={state.currency} region={state.region} width={SIDE_CARD_COLUMNS - 4} height={mainHeight - 2} timeZone={timeZone} now={state.now} />
              </Box>
            )}
          </Box>
        )}
        {editing && <ModalView modal={editing} width={columns} height={editRows(state)} currency={state.currency} region={state.region} />}
      </Box>
      <Rows rows={[layout.message]} width={columns} />
      <Rows rows={layout.help} width={columns} />
    </Box>
  );
}

/**
 * The full screens' views by the desk's screen: each slice names its own (src/desk/customers-screen.ts
 * `customersView`, calls-screen.ts `callsView`, chat-desk.ts `chatsView`; src/views/full-screens.test.tsx
 * holds them to it), and each view takes what it draws from the desk's state. They keep the banner above them.
 */
export const fullScreenViews = { customers: CustomersView, calls: CallsView, chats: ChatScreen } satisfies Record<typeof customersView.screen | typeof callsView.screen | typeof chatsView.screen, unknown>;

function FullScreen({ state, width, height, timeZone }: { state: DeskState; width: number; height: number; timeZone?: string }) {
  const View = state.screen === 'chats' ? fullScreenViews.chats : state.screen === 'customers' ? fullScreenViews.customers : fullScreenViews.calls;
  return <View state={state} width={width} height={height} timeZone={timeZone} />;
}

/** Below 60x16: the essentials only, and how to get the full console back. */
function TinyScreen({ state }: { state: DeskState }) {
  const ringing = state.calls.filter((c) => c.phase === 'ringing' && c.direction === 'incoming');
  const call = activeCall(state);
  return (
    <Box flexDirection="column" width={state.size.columns}>
      <Text color={theme.danger} wrap="truncate-end">Terminal {state.size.columns}x{state.size.rows}: need {MIN_COLUMNS}x{MIN_ROWS}</Text>
      {ringing[0] && <Text color={theme.ringing} wrap="truncate-end">☎ {displayPhone(ringing[0].number, state.region)} a:answer r:reject</Text>}
      {call && <Text wrap="truncate-end">on call {displayPhone(call.number, state.region)} e:end p:pause</Text>}
      {state.delivery && <Text wrap="truncate-end">order {state.delivery.number}</Text>}
    </Box>
  );
}
