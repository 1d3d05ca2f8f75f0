import React, { useCallback, useEffect, useRef, useState } from 'react';
import { Box, useInput, useStdout } from 'ink';
import { Text } from './Text.js';
import type { DeskRunner } from '../desk/runner.js';
import type { DeskState } from '../desk/state.js';
import type { DeskEvent } from '../desk/events.js';
import { activeCall, onFullScreen } from '../desk/state.js';
import { callBackRefusal, failedToResend, keyLabel, keymap, resolveKey } from '../desk/keymap.js';
import type { CustomerSource } from '../customers/customer-desk.js';
import type { CallLogSource } from '../calls/call-log-source.js';
import { CustomersPanel } from './customers/CustomersPanel.js';
import { CallsPanel } from './calls/CallsPanel.js';
import { StatusBar } from './StatusBar.js';
import { CallBanner } from './CallBanner.js';
import { CallerCard } from './CallerCard.js';
import { OrderList } from './OrderList.js';
import { ScheduledList } from './ScheduledList.js';
import { DeliveryCard } from './DeliveryCard.js';
import { ModalView } from './Modals.js';
import { HelpBar, helpBarRows } from './HelpBar.js';
import { HelpOverlay } from './HelpOverlay.js';
import { FailedOrders } from './FailedOrders.js';
import { keyNames } from './keys.js';
import { theme } from './theme.js';

export const MIN_COLUMNS = 60;
export const MIN_ROWS = 16;

/** What the full screens read: the customer base (S5) and the call log since the shift began. */
export interface DeskSources {
  customers: CustomerSource;
  callLog: CallLogSource;
  /** Start of the shift the calls screen shows (epoch ms). */
  shiftStart: number;
}

/** Root view: lays the parts out; all state lives in the desk runner. */
export function App({ runner, timeZone, sources }: { runner: DeskRunner; timeZone?: string; sources?: DeskSources }) {
  const [state, setState] = useState<DeskState>(runner.state);
  const { stdout } = useStdout();
  useEffect(() => runner.subscribe(setState), [runner]);
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
    if (keys.length === 0) return;
    // one event for the whole chunk: the desk routes each key, and queues for a full screen what
    // came after the C or L that opened it (src/desk/reduce.ts terminalKeys)
    if (sources) runner.dispatch({ type: 'keys', keys });
    // without the full screens' data, their "not available" note leaves with the desk's Esc
    else for (const k of keys) runner.dispatch({ type: 'key', key: k });
  });
  const dispatch = useCallback((e: DeskEvent) => runner.dispatch(e), [runner]);
  return <Screen state={state} timeZone={timeZone} sources={sources} dispatch={dispatch} />;
}

export interface ScreenProps {
  state: DeskState;
  timeZone?: string;
  /** The full screens' data; without it they say they are not available. */
  sources?: DeskSources;
  /** Where the full screens send what they ask of the desk (back, open an order, call back). */
  dispatch?: (e: DeskEvent) => void;
}

/** The whole frame for a state; one row shorter than the terminal so Ink never clears the screen. */
export function Screen({ state, timeZone, sources, dispatch }: ScreenProps) {
  const { columns, rows } = state.size;
  if (columns < MIN_COLUMNS || rows < MIN_ROWS) return <TinyScreen state={state} />;
  const height = rows - 1;
  const call = activeCall(state);
  const sideCard = state.screen === 'delivery' && call && columns >= 110;
  const bodyWidth = sideCard ? columns - 36 : columns;
  const bannerRows = state.calls.some((c) => c.phase === 'ringing' && c.direction === 'incoming' && !c.hidden) ? 12 : 0;
  const alertRows = state.failedOrders.length ? 1 : 0;
  // status bar, message line, the failed-orders alert, and the help bar as many rows as it wraps to
  const bodyHeight = Math.max(4, height - 2 - alertRows - helpBarRows(state) - bannerRows);
  return (
    <Box flexDirection="column" width={columns} height={height}>
      <StatusBar state={state} timeZone={timeZone} />
      <FailedOrders failures={state.failedOrders} width={columns} hint={resendHint(state)} />
      <CallBanner state={state} timeZone={timeZone} />
      {/* Only dialogs and full screens are clipped to the body: the list and the card are sized to
          bodyHeight, and Ink's clipping (slicing every line, every frame) was a third of the time
          from a ringing call to its banner. */}
      <Box flexGrow={1} flexDirection="column">
        {state.modal?.kind === 'help' ? (
          <Clipped height={bodyHeight}><HelpOverlay state={state} /></Clipped>
        ) : state.modal && state.modal.kind !== 'edit' ? (
          <Clipped height={bodyHeight}><ModalView modal={state.modal} width={columns} height={bodyHeight} currency={state.currency} /></Clipped>
        ) : onFullScreen(state) ? (
          <Clipped height={bodyHeight}><FullScreen state={state} width={columns} height={bodyHeight} timeZone={timeZone} sources={sources} dispatch={dispatch} /></Clipped>
        ) : (
          <Box>
            {state.screen === 'delivery' && state.delivery ? (
              <DeliveryCard delivery={state.delivery} pane={state.pane} addressIndex={state.addressIndex} itemIndex={state.itemIndex} width={bodyWidth} height={bodyHeight - (state.modal ? 3 : 0)} currency={state.currency}
                handoff={state.handoff?.deliveryId === state.delivery.id ? state.handoff.handoff : undefined} now={state.now}
                resendKey={failedToResend(state)?.deliveryId === state.delivery.id ? resendKeyLabel : undefined} card={state.order.card} timeZone={timeZone} />
            ) : state.listView === 'scheduled' ? (
              <ScheduledList orders={state.scheduled.list} selected={state.scheduled.index} height={bodyHeight} width={bodyWidth} timeZone={timeZone} />
            ) : (
              <OrderList orders={state.openOrders} selected={state.listIndex} height={bodyHeight} width={bodyWidth} currency={state.currency} timeZone={timeZone}
                now={state.openOrders.some((o) => o.handoff && o.handoff.state === 'queued' && o.handoff.attempts > 0) ? state.now : 0} />
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

const noop = () => {};

/** The resend key as the keymap spells it (the one table). */
const resendKeyLabel = keyLabel(keymap.find((c) => c.id === 'global.resend')!.keys[0]);

/** What the alert line says about resending: the key when it works here, else how to get to it. */
function resendHint(s: DeskState): string {
  const f = failedToResend(s);
  const hit = resolveKey(s, keymap.find((c) => c.id === 'global.resend')!.keys[0]);
  if (hit?.command.id === 'global.resend' && !hit.disabled) return `${resendKeyLabel} resends ${f?.number ?? ''}`.trim();
  return `close this, then ${resendKeyLabel} resends`;
}

/** The customers screen (S5) or the calls screen, sized into the body; they keep the banner above them. */
function FullScreen({ state, width, height, timeZone, sources, dispatch = noop }: {
  state: DeskState; width: number; height: number; timeZone?: string; sources?: DeskSources; dispatch?: (e: DeskEvent) => void;
}) {
  // the screen's keys come from the desk (state.screenKeys), so none typed before it mounted is lost
  const keys = state.screenKeys;
  const back = useCallback(() => dispatch({ type: 'key', key: 'escape' }), [dispatch]);
  const openOrder = useCallback((id: number) => dispatch({ type: 'open-order', id }), [dispatch]);
  // the refusal is read from the state the screen shows; the desk checks again before dialling
  const live = useRef(state);
  live.current = state;
  const callBack = useCallback((remote: string) => {
    const why = callBackRefusal(live.current, remote);
    if (!why) dispatch({ type: 'call-back', number: remote });
    return why;
  }, [dispatch]);
  if (!sources) return <Text color={theme.danger}>The {state.screen} screen needs the database (not available here). Esc goes back.</Text>;
  return state.screen === 'customers' ? (
    <CustomersPanel source={sources.customers} width={width} height={height} region={state.region} currency={state.currency} timeZone={timeZone}
      keys={keys} onClose={back} onOpenDelivery={openOrder} />
  ) : (
    <CallsPanel source={sources.callLog} since={sources.shiftStart} width={width} height={height} timeZone={timeZone} keys={keys}
      onCallBack={callBack} onClose={back} />
  );
}

/** A part that may be taller than the body (help, dialogs, full screens) is cut at its bottom. */
function Clipped({ height, children }: { height: number; children: React.ReactNode }) {
  return <Box height={height} flexDirection="column" overflow="hidden">{children}</Box>;
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
