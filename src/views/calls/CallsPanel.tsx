import React, { useCallback, useEffect, useRef, useState } from 'react';
import type { CallLogSource } from '../../calls/call-log-source.js';
import { watchDataVersion } from '../../customers/live-refresh.js';
import { initialCallsUi, reduceCallsKey, shownCalls, shownMissed, type CallsIntent, type CallsUi } from './calls-state.js';
import { CallsScreen } from './CallsScreen.js';
import { formatPhone } from '../../domain/phone-number.js';
import { usePanelKeys } from '../use-panel-keys.js';

export interface CallsPanelProps {
  source: CallLogSource;
  /** Start of the shift shown. */
  since: number;
  width: number;
  height: number;
  timeZone?: string;
  /** The home region: its numbers are shown in their national form. */
  region: string;
  isActive?: boolean;
  refreshMs?: number;
  /**
   * Dial the number of a missed call; returns why it cannot (not registered, on a call,
   * withheld number) or null when the call was placed.
   */
  onCallBack: (remote: string) => string | null;
  onClose?: () => void;
  /** In the console: the keys the desk queued for this screen (src/desk/state.ts screenKeys), each played once; without it the screen reads the terminal. */
  keys?: readonly string[];
}

/** The calls screen wired to the call log: refreshes itself when another console commits. */
export function CallsPanel({ source, since, width, height, timeZone, region, isActive = true, refreshMs = 500, onCallBack, onClose, keys }: CallsPanelProps) {
  const read = useCallback(() => ({ calls: source.calls(since), summary: source.summary(since), missed: source.missed(since), at: source.now() }), [source, since]);
  const [ui, setUi] = useState<CallsUi>(initialCallsUi);
  const [data, setData] = useState(read);
  const [message, setMessage] = useState<{ kind: 'info' | 'error'; text: string } | null>(null);
  const live = useRef({ ui, data });
  live.current = { ui, data };
  const reread = useCallback(() => {
    const d = read();
    live.current.data = d;
    setData(d);
  }, [read]);
  useEffect(() => watchDataVersion(() => source.dataVersion(), reread, refreshMs), [source, reread, refreshMs]);

  const run = (intent: CallsIntent) => {
    if (intent.type === 'close') return onClose?.();
    if (intent.type === 'refresh') { setMessage(null); return reread(); }
    if (intent.type === 'refused') return setMessage({ kind: 'error', text: intent.reason });
    const m = shownMissed(live.current.data.missed, live.current.ui)[intent.index];
    if (!m) return;
    if (!m.remoteKey) return setMessage({ kind: 'error', text: 'a withheld number cannot be called back' });
    const refusal = onCallBack(m.remote);
    if (refusal) return setMessage({ kind: 'error', text: `cannot call back ${formatPhone(m.remote, region)}: ${refusal}` });
    source.markCallbackDone(m.callId);
    setMessage({ kind: 'info', text: `calling back ${formatPhone(m.remote, region)}${m.customerName ? ` (${m.customerName})` : ''}; marked done` });
    reread();
  };

  const press = (name: string) => {
    const { ui: u, data: d } = live.current;
    const rows = u.tab === 'log' ? shownCalls(d.calls, u).length : u.tab === 'missed' ? shownMissed(d.missed, u).length : 0;
    const step = reduceCallsKey(u, name, rows);
    live.current.ui = step.ui;
    setUi(step.ui);
    step.intents.forEach(run);
  };
  usePanelKeys(press, keys, isActive);

  return <CallsScreen ui={ui} calls={data.calls} summary={data.summary} missed={data.missed} width={width} height={height} timeZone={timeZone} message={message} now={data.at} region={region} />;
}
