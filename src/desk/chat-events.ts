/**
 * The chat console's events (issue 16): the list as the store has it now, the thread in front,
 * the store's answer to a write (src/desk/chat-effects.ts sends them).
 */
import type { Effect } from './events.js';
import type { DeskState } from './state.js';
import { clamp, keepUnchangedRows, ok, say, type Step } from './step.js';
import { pickedChat, setChats, shownChats, toFront, withText, type ChatEvent } from './chat-desk.js';

/**
 * The chats' events: the list as the store has it now (a new message in a chat of this operator's
 * not in front rings the bell and gets a badge), the thread in front, the answer to a write.
 */
export function onChatEvent(s: DeskState, e: ChatEvent): Step {
  switch (e.type) {
    case 'chats-loaded': {
      const before = new Map(s.chats.rows.map((r) => [r.conversation.id, r.conversation]));
      const badges = { ...s.chats.badges };
      let fresh = false;
      const effects: Effect[] = [];
      for (const r of e.rows) {
        const was = before.get(r.conversation.id);
        const grew = !!was && r.conversation.unread > was.unread && r.conversation.lastMessageAt > was.lastMessageAt;
        if (!grew) continue;
        // the one in front is read again by the store change that brought the message
        const inFront = s.screen === 'chats' && s.chats.front === r.conversation.id;
        if (!inFront && r.holder === s.operator.name) {
          badges[String(r.conversation.id)] = (badges[String(r.conversation.id)] ?? 0) + (r.conversation.unread - was.unread);
          fresh = true;
        }
      }
      const picked = pickedChat(s);
      // rows that did not change keep their objects: the screen formats only the changed ones again
      // the chat in front is read on this desk as its messages arrive (the store hears it with the batch's one write)
      const front = s.screen === 'chats' ? s.chats.front : null;
      const rows = e.rows.map((r) => (r.conversation.id === front && r.conversation.unread ? { ...r, conversation: { ...r.conversation, unread: 0 } } : r));
      const loaded = setChats(s, { rows: keepUnchangedRows(s.chats.rows, rows, (r) => r.conversation.id), badges, syncedAt: e.at });
      const at = picked ? shownChats(loaded).findIndex((r) => r.conversation.id === picked.conversation.id) : -1;
      const next = setChats(loaded, { cursor: at >= 0 ? at : clamp(s.chats.cursor, shownChats(loaded).length) });
      if (fresh) effects.push({ type: 'bell' });
      return ok(e.sync ? say(next, 'info', 'Chats read again just now') : next, ...effects);
    }
    case 'chat-thread': {
      if (!e.thread || e.thread.conversationId !== s.chats.front) return ok(s);
      // the chat in front on screen has just been read: its row says so at once
      const id = e.thread.conversationId;
      const read = s.screen === 'chats' && s.chats.rows.some((r) => r.conversation.id === id && r.conversation.unread > 0);
      const rows = read ? s.chats.rows.map((r) => (r.conversation.id === id ? { ...r, conversation: { ...r.conversation, unread: 0 } } : r)) : s.chats.rows;
      return ok(setChats(s, { thread: e.thread, rows }));
    }
    case 'chat-taken':
      return toFront({ ...s, modal: null }, e.conversationId);
    case 'chat-answer': {
      if (e.refusal) return ok(say(s, 'error', `${e.action}: ${e.refusal}`), { type: 'load-chats' });
      let next = say(s, 'info', e.text);
      const effects: Effect[] = [{ type: 'load-chats' }];
      if (e.action === 'send') next = setChats(next, { texts: withText(next.chats.texts, String(e.conversationId), '') });
      if (e.action === 'edit') next = { ...next, modal: null };
      if (e.action === 'take') return { state: toFront(next, e.conversationId).state, effects: [...effects, { type: 'load-thread', conversationId: e.conversationId }, { type: 'load-queue' }] };
      if (e.action === 'close') {
        next = setChats(next, { composing: false, texts: withText(next.chats.texts, String(e.conversationId), '') });
        return ok(next, ...effects, { type: 'load-queue' }, { type: 'load-thread', conversationId: e.conversationId });
      }
      if (next.chats.front === e.conversationId) effects.push({ type: 'load-thread', conversationId: e.conversationId });
      return ok(next, ...effects);
    }
  }
}
