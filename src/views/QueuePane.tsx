import React from 'react';
import { Box } from 'ink';
import type { DeskState } from '../desk/state.js';
import { pickedItem, queueRows, type ItemPreview } from '../desk/queue-keys.js';
import { entryLabel, ownerLabel, type WorkItem } from '../domain/work-item.js';
import { formatPhone } from '../domain/phone-number.js';
import { callerSummary } from './caller-words.js';
import { ScrollList } from './ScrollList.js';
import { Dialog } from './Dialog.js';
import { Rows } from './Rows.js';
import { fitRow, textRow, wrapRows, type Row } from './lines.js';
import { duration, shortTime } from './format.js';
import { theme } from './theme.js';

const kindWord = { call: '☎ call', callback: '↺ callback', chat: '✉ chat' } as const;

/**
 * Q: the queue every console shares — calls, callbacks and chats, the longest waiting first (by
 * first arrival), then the ones this operator took — and under it a preview of the client under
 * the cursor: who they are (the caller card's words), operators' notes on the item, the web
 * visitor's page, their last orders, calls and earlier items. It takes the body like W.
 */
export function QueuePane({ state, height, timeZone }: { state: DeskState; height: number; timeZone?: string }) {
  const rows = queueRows(state);
  const index = state.modal?.kind === 'queue' ? state.modal.index : 0;
  const width = state.size.columns;
  const picked = pickedItem(state);
  const waiting = state.queue.items.length;
  return (
    // no key line of its own: the help bar under it lists the pane's keys (from the keymap)
    <Dialog width={width} height={height} color={theme.ringing} wants={height}
      title={[textRow(`Queue: ${waiting} waiting${state.queue.mine.length ? `, ${state.queue.mine.length} yours` : ''} — the longest waiting first`, width - 4, { bold: true, color: theme.ringing })]}>
      {(room, w) => {
        const preview = picked ? previewRows(state, picked, state.queue.preview?.itemId === picked.id ? state.queue.preview : null, w, timeZone) : [];
        // the list keeps at least half the rows (and at least 1); the preview has the rest
        const listRows = Math.max(1, Math.min(Math.max(1, rows.length), room - Math.min(preview.length + 1, Math.floor(room / 2))));
        const previewRoom = room - listRows - 1;
        return (
          <Box flexDirection="column">
            <Box height={listRows} flexShrink={0}>
              <ScrollList items={rows} selected={index} height={listRows} width={w} keyOf={(i) => i.id} empty="No client waiting" focused
                render={(item, sel, iw) => <Rows width={iw} rows={[itemRow(state, item, sel, iw)]} />} />
            </Box>
            {previewRoom > 0 && preview.length > 0 && <Rows width={w} rows={[textRow('─'.repeat(w), w, { color: theme.muted }), ...preview.slice(0, previewRoom)]} />}
          </Box>
        );
      }}
    </Dialog>
  );
}

function itemRow(state: DeskState, item: WorkItem, sel: boolean, width: number): Row {
  const mine = state.queue.mine.some((m) => m.id === item.id);
  const who = item.name || (item.phone ? formatPhone(item.phone, state.region) : '');
  const flags = [
    mine ? 'yours' : '',
    item.state === 'offered' && item.holder ? `offered to ${item.holder.operator}` : '',
    item.state === 'redirected' ? `→ ${ownerLabel(item.owner)}` : item.owner.to !== 'anyone' ? `for ${ownerLabel(item.owner)}` : '',
    item.notes.length ? `✎${item.notes.length}` : '',
  ].filter(Boolean).join(' ');
  return fitRow([
    { text: kindWord[item.kind].padEnd(11), bold: true, inverse: sel, color: item.kind === 'call' ? theme.ringing : undefined },
    { text: ` ${duration(state.now - item.arrivedAt).padStart(6)} `, color: mine ? theme.ok : theme.ringing },
    { text: `${item.language ? `[${item.language}] ` : ''}${who || '(no name)'}`, bold: true },
    ...(entryLabel(item.entry) ? [{ text: `  ${entryLabel(item.entry)}`, color: theme.muted }] : []),
    ...(flags ? [{ text: `  ${flags}`, color: theme.accent }] : []),
  ], width);
}

function previewRows(state: DeskState, item: WorkItem, p: ItemPreview | null, width: number, timeZone?: string): Row[] {
  const out: Row[] = [];
  const phone = item.phone ? formatPhone(item.phone, state.region) : 'no phone given';
  out.push(textRow(`${item.name ? `${item.name} · ` : ''}${phone}${p?.lookup ? ` — ${callerSummary(p.lookup)}` : ''}`, width, { bold: true }));
  for (const n of item.notes.slice(-3)) out.push(...wrapRows(n.text, width, {}, `✎ ${n.by || 'note'} ${shortTime(n.at, timeZone)}: `, '  ').slice(0, 2));
  if (item.web) out.push(textRow(`web ${[item.web.page, item.web.referrer && `from ${item.web.referrer}`, [item.web.browser, item.web.os].filter(Boolean).join(' / ')].filter(Boolean).join(' · ')}`, width, { color: theme.muted }));
  if (!p) return [...out, textRow('…', width, { color: theme.muted })];
  if (p.orders.length) out.push(textRow(`Orders: ${p.orders.map((o) => `${o.number} ${o.status}`).join(' · ')}`, width));
  if (p.calls.length) out.push(textRow(`Calls: ${p.calls.map((k) => `${shortTime(k.at, timeZone)} ${k.direction === 'outgoing' ? 'out' : k.outcome}`).join(' · ')}`, width));
  if (p.items.length) out.push(textRow(`Before: ${p.items.map((i) => `${i.kind} ${shortTime(i.at, timeZone)} ${i.state}`).join(' · ')}`, width));
  return out;
}
