import React from 'react';
import type { DeskState } from '../desk/state.js';
import { ringingCall, waitingCalls } from '../desk/state.js';
import { displayPhone } from '../domain/phone-number.js';
import { callerSummary } from './caller-words.js';
import { ScrollList } from './ScrollList.js';
import { Dialog } from './Dialog.js';
import { Rows } from './Rows.js';
import { fitRow, textRow } from './lines.js';
import { duration } from './format.js';
import { theme } from './theme.js';

/**
 * W: every call waiting, oldest first — the number, how long they have waited and who it is,
 * ignored ones included — to answer any of them, bring one back to the banner, or reject it.
 * It takes the body; the banner stands aside while it is open (its call is marked here).
 */
export function WaitingCalls({ state, height }: { state: DeskState; height: number }) {
  const calls = waitingCalls(state);
  const index = state.modal?.kind === 'waiting' ? state.modal.index : 0;
  const width = state.size.columns;
  const onBanner = ringingCall({ ...state, modal: null })?.id;
  return (
    <Dialog width={width} height={height} color={theme.ringing} wants={Math.max(1, calls.length)}
      hint="↑↓ j/k choose · Enter/a answer · b back on the banner · r reject · Esc close"
      title={[textRow(`☎ Calls waiting (${calls.length}), the longest waiting first`, width - 4, { bold: true, color: theme.ringing })]}>
      {(rows, w) => (
        <ScrollList items={calls} selected={index} height={rows} width={w} keyOf={(c) => c.id} empty="No calls waiting"
          render={(c, sel, iw) => {
            const flags = [c.id === onBanner ? 'on the banner' : '', c.hidden ? 'ignored' : '', c.spam ? 'SPAM' : ''].filter(Boolean).join(', ');
            return (
              <Rows width={iw} rows={[fitRow([
                { text: displayPhone(c.number, state.region).padEnd(15), bold: true, inverse: sel },
                { text: ` ${duration(state.now - c.startedAt).padStart(5)}  `, color: theme.ringing },
                ...(flags ? [{ text: `(${flags}) `, color: c.spam ? theme.danger : theme.muted }] : []),
                { text: callerSummary(c.lookup) },
              ], iw)]} />
            );
          }} />
      )}
    </Dialog>
  );
}
