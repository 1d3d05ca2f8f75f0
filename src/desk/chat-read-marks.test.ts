/**
 * Issue 19: a chat in front is marked read with one write when it is opened, and one per batch
 * of messages arriving while it is open — not one per message (every write wakes every console's
 * commit watch on the box). Still right for every desk's unread count. A real SQLite file, the
 * intake's own connection, the desk live (its commit watch); the read marks counted by a trigger.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DeskRunner } from './runner.js';
import { ReplayPhone } from '../telephony/replay/replay-phone.js';
import { Store } from '../store/index.js';
import { tempStore } from '../../test/helpers/temp-store.js';
import { NOON } from '../../test/helpers/clock.js';
import { until } from '../../test/helpers/until.js';

let t: ReturnType<typeof tempStore>;
let intake: Store;
let runner: DeskRunner;
let stopLive = () => {};
const marks = () => (intake.db.prepare('SELECT COUNT(*) AS n FROM read_marks').get() as { n: number }).n;

beforeEach(async () => {
  t = tempStore();
  intake = Store.open(t.file, { region: 'CZ', currency: 'CZK' });
  // every write that marks a chat read, whoever makes it
  intake.db.exec(`CREATE TABLE read_marks (id INTEGER PRIMARY KEY, conversation_id INTEGER);
    CREATE TRIGGER read_marks_count AFTER UPDATE OF unread ON conversations WHEN NEW.unread = 0 AND OLD.unread > 0
    BEGIN INSERT INTO read_marks (conversation_id) VALUES (NEW.id); END;`);
});

async function live(readBatchMs: number) {
  runner = new DeskRunner({ store: t.store, phone: new ReplayPhone({ register: false }), operator: { id: null, name: 'alice', extension: '101' }, now: () => NOON, readBatchMs });
  await runner.start();
  stopLive = runner.runLive();
}
afterEach(() => {
  stopLive();
  runner.dispose();
  intake.close();
  t.cleanup();
});

const say = (id: string, text: string, at: number) => {
  const r = intake.conversations.receive('telegram', '501', { channelMessageId: id, kind: 'text', text, visitor: { name: 'Ann Smith' } }, at);
  expect(r.ok).toBe(true);
  return r.ok ? r.conversation.id : 0;
};
const shown = (text: string) => () => runner.state.chats.thread?.timeline.some((e) => JSON.stringify(e).includes(text)) ?? false;

it('opening a chat marks it read in one write; four messages arriving one by one while it is open in one more', async () => {
  await live(60_000); // one batch, written when the console stops
  const id = say('tg-1', 'Hello?', NOON);
  say('tg-2', 'Anyone there?', NOON + 1000);
  runner.dispatch({ type: 'chat-taken', conversationId: id });
  await until('the chat in front', shown('Anyone there?'));
  await until('the opening marked read', () => marks() === 1);
  for (let i = 1; i <= 4; i++) {
    say(`tg-more-${i}`, `Message ${i}`, NOON + 2000 + i);
    await until(`message ${i} on screen`, shown(`Message ${i}`));
    // this desk shows it read at once
    expect(runner.state.chats.rows.find((r) => r.conversation.id === id)?.conversation.unread ?? 0).toBe(0);
  }
  expect(marks()).toBe(1);
  // the batch is written once, at the latest as the console stops: every desk reads 0 unread again
  stopLive();
  await until('the batch marked read', () => intake.conversations.get(id)!.unread === 0);
  expect(marks()).toBe(2);
});

it('a message arriving in the chat in front is marked read for every desk when its batch ends', async () => {
  await live(300);
  const id = say('tg-1', 'Hello?', NOON);
  runner.dispatch({ type: 'chat-taken', conversationId: id });
  await until('the chat in front', shown('Hello?'));
  say('tg-2', 'Still there?', NOON + 1000);
  await until('the message on screen', shown('Still there?'));
  await until('marked read when the batch ends', () => intake.conversations.get(id)!.unread === 0);
  expect(marks()).toBe(2);
});
