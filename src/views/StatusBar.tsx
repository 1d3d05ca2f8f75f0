import React from 'react';
import type { DeskState } from '../desk/state.js';
import { waitingCalls, activeCall } from '../desk/state.js';
import { transferBadge } from '../desk/transfer-keys.js';
import { displayPhone } from '../domain/phone-number.js';
import { theme } from './theme.js';
import { duration, fit, shortTime } from './format.js';
import { rowWidth, spreadRow, type Row, type Span } from './lines.js';
import { Rows } from './Rows.js';
import { operatorWords } from './CallerCard.js';
import { myPresenceWords } from '../desk/presence-keys.js';

const regColour = { registered: theme.ok, connecting: 'yellow', offline: theme.muted, failed: theme.danger } as const;

/**
 * The top row, always one row: operator and extension, phone state, the call in progress, the
 * operator's status when not available (on break, wrap-up 12 s, offline), calls waiting, clock. On a narrow terminal the row gives way in steps — the failure reason is
 * cut ("…"), the operator left out, the call said shorter — and the clock stays at the right
 * end. M shows the status in full.
 */
export function statusRow(state: DeskState, timeZone?: string): Row {
  const width = state.size.columns;
  const waiting = waitingCalls(state).length;
  const call = activeCall(state);
  const reg = state.registration;
  const op = state.operator;
  const brand: Span = { text: 'ringdesk', bold: true, color: theme.accent };
  // without an extension the name alone would read as a word of the bar: "operator root (no extension)" as everywhere else
  const name: Span = { text: ` ${op.extension ? `${op.name || 'no operator'} · ext ${op.extension}` : operatorWords(op)}` };
  const phoneState: Span = { text: ` ● ${reg.state}`, color: regColour[reg.state] };
  const headset: Span[] = state.headset.state === 'none' ? [] : [{ text: ` headset ${state.headset.state}`, color: state.headset.state === 'connected' ? theme.ok : theme.danger }];
  // not available (break, wrap-up, offline): said on the bar, since no call is offered meanwhile
  const presence = myPresenceWords(state);
  const right = (short: boolean): Span[] => {
    const out: Span[] = [];
    if (presence) out.push({ text: `${short ? presence.replace('wrap-up', 'wrap') : presence} `, color: 'yellow', bold: true });
    if (call) {
      const what = call.phase === 'paused' ? '⏸ PAUSED' : call.phase === 'answered' ? (short ? '☎' : '☎ on call') : '☎ calling';
      out.push({ text: `${what} ${displayPhone(call.number, state.region)}${call.answeredAt ? ` ${duration(state.now - call.answeredAt)}` : ''} `, color: call.phase === 'paused' ? 'yellow' : theme.ok });
      // a transfer's progress beside the call (the message line says it in full)
      if (call.recording === 'announcing') out.push({ text: 'announcing recording… ', color: 'yellow' });
      else if (call.recording === 'on') out.push({ text: '● rec ', color: theme.danger });
      else if (call.recording === 'failed') out.push({ text: short ? 'rec failed ' : 'recording failed ', color: theme.danger, bold: true });
      const badge = transferBadge(call);
      if (badge && !short) out.push({ text: `${badge} `, color: call.transfer?.progress === 'failed' ? theme.danger : theme.ringing });
    }
    if (waiting || !short) out.push({ text: `waiting ${waiting} `, color: waiting ? theme.ringing : theme.muted });
    // the queue every console shares (Q): shown while anyone waits in it
    const queued = state.queue.items.length;
    if (queued) out.push({ text: short ? `Q${queued} ` : `queue ${queued} `, color: theme.ringing });
    // news in this operator's chats not in front (E shows them)
    const news = Object.values(state.chats.badges).reduce((n, b) => n + b, 0);
    if (news) out.push({ text: short ? `✉${news} ` : `chats ●${news} `, color: theme.ringing, bold: true });
    // offline messages' e-mails (✉ is the chats' news), like an order's hand-off: a failed one is loud, ones still to send are said
    const mail = state.queue.mail;
    if (mail.failed) out.push({ text: short ? `mail✗${mail.failed} ` : `mail ✗${mail.failed} failed `, color: theme.danger, bold: true });
    else if (mail.toSend && !short) out.push({ text: `mail ${mail.toSend} to send `, color: theme.muted });
    // minutes: an idle console draws once a minute (a call's timer counts the seconds)
    out.push({ text: shortTime(state.now, timeZone) });
    return out;
  };
  /** The left part with the reason cut to what the right part leaves. */
  const left = (parts: Span[], r: Span[]): Span[] => {
    if (!reg.reason) return [brand, ...parts, phoneState, ...headset];
    const room = width - rowWidth(r) - 1 - rowWidth([brand, ...parts, phoneState, ...headset]);
    const reason = room >= 6 ? fit(` (${reg.reason})`, room) : ' …';
    return [brand, ...parts, phoneState, { text: reason, color: regColour[reg.state] }, ...headset];
  };
  const variants: [Span[], Span[]][] = [
    [left([name], right(false)), right(false)],
    [left([], right(false)), right(false)],
    [left([], right(true)), right(true)],
  ];
  const [l, r] = variants.find(([a, b]) => rowWidth(a) + 1 + rowWidth(b) <= width) ?? variants[variants.length - 1];
  return spreadRow(l, r, width);
}

/** Top line: see statusRow. */
export function StatusBar({ state, timeZone }: { state: DeskState; timeZone?: string }) {
  return <Rows rows={[statusRow(state, timeZone)]} width={state.size.columns} />;
}
