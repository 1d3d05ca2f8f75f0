import React from 'react';
import type { DeskState } from '../desk/state.js';
import { theme } from './theme.js';
import { clock } from './format.js';
import { textRow, wrapRows, type Row } from './lines.js';
import { Rows } from './Rows.js';
import { Dialog } from './Dialog.js';
import { operatorWords } from './CallerCard.js';
import { presenceWords } from '../domain/presence.js';

/** Colleagues' statuses as every console wrote them (this operator aside), one row each. */
/** The offline messages' e-mail outbox: how many are still to send, sent, failed (and what to do about a failure). */
function mailRows(state: DeskState, w: number): Row[] {
  const m = state.queue.mail;
  if (!m.toSend && !m.sent && !m.failed) return [];
  return wrapRows(`Offline e-mails: ${m.toSend} to send, ${m.sent} sent, ${m.failed} failed${m.failed ? ' — ringdesk mail outbox shows why, ringdesk mail resend sends again' : ''}`, w, { color: m.failed ? theme.danger : undefined });
}

function teamRows(state: DeskState, w: number): Row[] {
  const team = state.presence.team.filter((p) => p.operator !== state.operator.name);
  if (!team.length) return [];
  return [textRow('Colleagues:', w, { bold: true }), ...team.map((p) => textRow(`  ${p.operator}: ${presenceWords(p, state.now)}`, w))];
}

/**
 * M: what the status bar and the message line had to cut, whole — the PBX link and the headset
 * with the reasons they gave, who this console is and their status, the colleagues' statuses,
 * and the last messages, newest first.
 */
export function StatusDialog({ state, height, timeZone }: { state: DeskState; height: number; timeZone?: string }) {
  const w = state.size.columns - 4;
  const reg = state.registration;
  const rows: Row[] = [
    ...wrapRows(`PBX: ${reg.state}${reg.reason ? ` — ${reg.reason}` : ''}`, w, { color: reg.state === 'failed' ? theme.danger : undefined }),
    ...(state.headset.state === 'none' ? [] : wrapRows(`Headset: ${state.headset.state}${state.headset.reason ? ` — ${state.headset.reason}` : ''}`, w)),
    textRow(`This console: ${operatorWords(state.operator)} — ${presenceWords(state.presence.mine, state.now)} (O changes it)`, w),
    ...teamRows(state, w),
    ...mailRows(state, w),
    textRow(state.messageLog.length ? 'Messages, newest first:' : 'No messages yet.', w, { bold: true }),
    ...state.messageLog.flatMap((m) => wrapRows(m.text, w, { color: m.kind === 'error' ? theme.danger : undefined }, `${clock(m.at, timeZone)} ${m.kind === 'error' ? '✗' : '»'} `, '           ')),
  ];
  return (
    <Dialog width={state.size.columns} height={height} title={[textRow('Status in full', w, { bold: true })]} hint="Esc or M closes" wants={rows.length}>
      {(n, width) => <Rows width={width} rows={rows.slice(0, n)} />}
    </Dialog>
  );
}
