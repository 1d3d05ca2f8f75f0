import React from 'react';
import { Box } from 'ink';
import type { DeskState } from '../../desk/state.js';
import { myChats, shownChats, type ChatRow } from '../../desk/chat-desk.js';
import { ScrollList } from '../ScrollList.js';
import { Rows } from '../Rows.js';
import { theme } from '../theme.js';
import { textRow, type Row } from '../lines.js';
import { chatItemFacts, chatItemRows, chatListEmpty, chatPanes, chatListHead, type ChatItemFacts, clientRows, replyRows, syncRows, tabsRows, threadHead, timelineRows } from './chat-rows.js';


/**
 * S5's chat console: the conversations to find the person on the left, the conversation in
 * front (this operator's chats as numbered tabs, the person's whole timeline, the reply) in the
 * centre, the client's card on the right. Everything it shows is the desk's state (src/desk/chat-desk.ts).
 */
export function ChatScreen({ state, width, height, timeZone }: { state: DeskState; width: number; height: number; timeZone?: string }) {
  const { left, centre, right } = chatPanes(width);
  return (
    <Box width={width} height={height} flexShrink={0}>
      <ChatList state={state} width={left} height={height} />
      <Thread state={state} width={centre} height={height} timeZone={timeZone} />
      {right > 0 && <Client state={state} width={right} height={height} timeZone={timeZone} />}
    </Box>
  );
}

function Pane({ width, height, focused, children }: { width: number; height: number; focused: boolean; children: React.ReactNode }) {
  return (
    <Box flexDirection="column" width={width} height={height} flexShrink={0} overflow="hidden" borderStyle="round" borderColor={focused ? theme.accent : theme.muted}>
      {children}
    </Box>
  );
}

function ChatList({ state, width, height }: { state: DeskState; width: number; height: number }) {
  const w = Math.max(1, width - 2);
  const inner = Math.max(0, height - 2);
  const head = chatListHead(state, w).slice(0, inner);
  const foot = syncRows(state, w);
  const listRows = Math.max(0, inner - head.length - foot.length);
  const rows = shownChats(state);
  const mine = myChats(state);
  const typing = state.chats.composing && state.chats.front !== null;
  return (
    <Pane width={width} height={height} focused={!typing}>
      <Rows rows={head} width={w} />
      {listRows > 0 && (
        <Box height={listRows} flexShrink={0} flexDirection="column">
          {rows.length ? (
            <ScrollList items={rows} selected={state.chats.cursor} height={listRows} width={w} keyOf={(r) => r.conversation.id} rowsOf={() => 2}
              render={(r, sel, iw) => <ChatItem row={r} selected={sel} width={iw} {...chatItemFacts(state, r, mine)} />} />
          ) : <Rows rows={chatListEmpty(state, w).slice(0, listRows)} width={w} />}
        </Box>
      )}
      {inner > head.length && <Rows rows={foot.slice(0, inner - head.length)} width={w} />}
    </Pane>
  );
}

/**
 * One conversation's two rows. Memoised: the list is read again at every commit of the box, and
 * the desk keeps the objects of rows that did not change (chat-events.ts `chats-loaded`), so a new
 * message formats its own conversation's rows again, not the other conversations'.
 */
const ChatItem = React.memo(function ChatItem({ row, selected, width, ...facts }: { row: ChatRow; selected: boolean; width: number } & ChatItemFacts) {
  return <Rows width={width} rows={chatItemRows(row, facts, selected, width)} />;
});

function Thread({ state, width, height, timeZone }: { state: DeskState; width: number; height: number; timeZone?: string }) {
  const w = Math.max(1, width - 2);
  const inner = Math.max(0, height - 2);
  const t = state.chats.thread?.conversationId === state.chats.front ? state.chats.thread : null;
  const top: Row[] = [...tabsRows(state, w), threadHead(state, w)];
  const bottom: Row[] = [textRow('─'.repeat(w), w, { color: theme.muted }), ...replyRows(state, w)];
  const room = Math.max(0, inner - top.length - bottom.length);
  // every entry takes a row at least: the last `room` entries fill the pane, however long the history
  const lines = (room > 0 ? (t?.timeline ?? []).slice(-room) : []).flatMap((e) => timelineRows(e, w, state.currency, state.now, timeZone));
  // the newest at the bottom, above the reply, as a messenger shows it
  const shown = room > 0 ? lines.slice(-room) : [];
  const empty = state.chats.front !== null && !t ? [textRow('…', w, { color: theme.muted })] : [];
  const all = [...top, ...(shown.length ? shown : empty)];
  const pad = Math.max(0, inner - bottom.length - all.length);
  const rows = inner >= top.length + bottom.length ? [...all, ...Array.from({ length: pad }, (): Row => []), ...bottom] : [...top, ...bottom].slice(-inner);
  return (
    <Pane width={width} height={height} focused={state.chats.composing}>
      <Rows rows={rows.slice(0, inner)} width={w} />
    </Pane>
  );
}

function Client({ state, width, height, timeZone }: { state: DeskState; width: number; height: number; timeZone?: string }) {
  const w = Math.max(1, width - 2);
  const inner = Math.max(0, height - 2);
  const t = state.chats.thread?.conversationId === state.chats.front ? state.chats.thread : null;
  return (
    <Pane width={width} height={height} focused={false}>
      <Rows rows={clientRows(state, t, w, timeZone).slice(0, inner)} width={w} />
    </Pane>
  );
}
