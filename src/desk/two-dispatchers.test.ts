/**
 * Two dispatchers on one order: two desks (the real runner and reducer), each with its own
 * connection to one SQLite file, as two consoles on a box. A colleague's save lands between a
 * dispatcher opening a field and pressing Enter.
 */
import { afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { DeskRunner } from './runner.js';
import { ReplayPhone } from '../telephony/replay/replay-phone.js';
import { Store } from '../store/index.js';
import { seed, demoNumbers } from '../demo/seed.js';
import { tempDir } from '../../test/helpers/temp-store.js';
import { NOON } from '../../test/helpers/clock.js';

const cleanups: (() => void)[] = [];
afterEach(() => { while (cleanups.length) cleanups.pop()!(); });

async function deskOn(file: string, operator: string, clock: { now?: () => number; timezone?: string } = {}) {
  const store = Store.open(file, { region: 'CZ', currency: 'CZK' });
  const phone = new ReplayPhone({ remoteAnswerMs: -1 });
  const runner = new DeskRunner({ store, phone, operator: { id: null, name: operator, extension: operator === 'nina' ? '101' : '102' }, ...clock });
  await runner.start();
  cleanups.push(() => { runner.dispose(); store.close(); });
  const press = async (...k: string[]) => {
    for (const key of k) runner.dispatch({ type: 'key', key });
    await runner.settled();
  };
  return { store, runner, press, type: (t: string) => press(...t), message: () => runner.state.message?.text ?? '' };
}

/** Nina makes a draft; Olga opens it from her list. */
async function twoOnOneOrder() {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const file = path.join(t.dir, 'desk.db');
  const nina = await deskOn(file, 'nina');
  seed(nina.store);
  await nina.press('N');
  const id = nina.runner.state.delivery!.id;
  const olga = await deskOn(file, 'olga');
  olga.runner.dispatch({ type: 'open-order', id });
  await olga.runner.settled();
  expect(olga.runner.state.delivery?.id).toBe(id);
  return { nina, olga, id, row: () => nina.store.deliveries.get(id)! };
}

describe('two dispatchers on one order', () => {
  it('different fields: Olga types the street while Nina has the flat open; both are saved', async () => {
    const { nina, olga, row } = await twoOnOneOrder();
    await nina.press('down', 'down', 'enter');
    await nina.type('12');
    await olga.press('enter');
    await olga.type('Korunní');
    await olga.press('enter');
    await nina.press('enter');
    expect(row().address).toMatchObject({ street: 'Korunní', flat: '12' });
    expect(nina.runner.state.delivery?.address).toMatchObject({ street: 'Korunní', flat: '12' });
    // Olga's console also recorded the street's zone: its outlet and promised time come with it
    expect(nina.message()).toMatch(/^Saved — kept a colleague's change to Street(, .*)? too$/);
  });

  it('the same field: Nina\'s Enter is refused with Olga\'s value shown, her text kept; Enter again writes it', async () => {
    const { nina, olga, row } = await twoOnOneOrder();
    await nina.press('enter');
    await nina.type('Italská');
    await olga.press('enter');
    await olga.type('Korunní');
    await olga.press('enter');
    await nina.press('enter');
    expect(row().address.street).toBe('Korunní');
    expect(nina.runner.state.delivery?.address.street).toBe('Korunní'); // the card shows the newer value
    expect(nina.runner.state.modal).toMatchObject({ kind: 'edit', field: 'street', value: 'Italská' });
    expect(nina.message()).toBe('Street was changed by a colleague to "Korunní" — your text is kept: Enter saves it over theirs');
    // the kept text is part of the session: a crash now would not lose it either
    expect(nina.store.sessions.load('nina')?.draft).toContain('"value":"Italská"');
    await nina.press('enter');
    expect(row().address.street).toBe('Italská');
    expect(nina.runner.state.modal).toBeNull();
    expect(nina.store.sessions.load('nina')?.draft).toBe('');
  });

  it('a cancel refused as stale keeps the dialog with the reason typed; Enter again cancels', async () => {
    const { nina, olga, row } = await twoOnOneOrder();
    await nina.press('3', 'down', 'down', 'down', 'down', 'down');
    await nina.type('caller moved away');
    await olga.press('down', 'down', 'enter');
    await olga.type('4');
    await olga.press('enter');
    await nina.press('enter');
    expect(row().status).toBe('draft');
    expect(nina.runner.state.modal).toMatchObject({ kind: 'cancel', note: 'caller moved away', index: 5 });
    expect(nina.message()).toMatch(/changed by someone else .* your text is kept: Enter tries again/);
    await nina.press('enter');
    expect(row()).toMatchObject({ status: 'cancelled', address: { flat: '4' } });
    expect(nina.store.orderTerms.get(row().id)).toMatchObject({ cancelReason: 'other', cancelNote: 'caller moved away' });
  });

  it('the same draft sent from two consoles: the second is refused with where the order is now; the point of sale gets it once', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const file = path.join(t.dir, 'desk.db');
    const atNoon = { now: () => NOON, timezone: 'Europe/Prague' };
    const nina = await deskOn(file, 'nina', atNoon);
    seed(nina.store, { now: NOON });
    // Nina takes Lucie's order (her saved address, two lasagne); Olga opens the same draft from her list
    nina.runner.dispatch({ type: 'phone', event: { type: 'incoming', callId: 'c1', from: demoNumbers.knownCustomer, at: NOON }, lookup: nina.store.lookupCaller(demoNumbers.knownCustomer) });
    await nina.press('n');
    nina.runner.dispatch({ type: 'phone', event: { type: 'answered', callId: 'c1', at: NOON } });
    await nina.press('m');
    await nina.type('lasagne');
    await nina.press('enter', '+');
    const id = nina.runner.state.delivery!.id;
    const olga = await deskOn(file, 'olga', atNoon);
    olga.runner.dispatch({ type: 'open-order', id });
    await olga.runner.settled();
    expect(olga.runner.state.delivery?.status).toBe('draft');
    await nina.press('s');
    expect(nina.store.deliveries.get(id)!.status).toBe('sent');
    await olga.press('s');
    const number = nina.store.deliveries.get(id)!.number;
    expect(olga.message()).toMatch(new RegExp(`^Order ${number} was already sent — now queued for .+; nothing sent again$`));
    expect(olga.runner.state.delivery?.status).toBe('sent'); // her card shows where it is now
    expect(nina.store.outbox.ofDelivery(id)).toHaveLength(1);
  });

  it('the courier comment and the persons are saved over a colleague\'s change to another field', async () => {
    const { nina, olga, row } = await twoOnOneOrder();
    await nina.press('K');
    await nina.type('gate 1234');
    await olga.press('down', 'down', 'enter');
    await olga.type('4');
    await olga.press('enter');
    await nina.press('enter');
    await nina.press('u', 'delete');
    await nina.type('3');
    await olga.press('up', 'enter');
    await olga.type('41');
    await olga.press('enter');
    await nina.press('enter');
    expect(row()).toMatchObject({ persons: 3, address: { flat: '4', house: '41' } });
    expect(nina.store.orderTerms.get(row().id)?.courierComment).toBe('gate 1234');
  });
});
