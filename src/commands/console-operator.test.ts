import { afterEach, describe, expect, it } from 'vitest';
import { consoleOperator } from './console-operator.js';
import { tempStore } from '../../test/helpers/temp-store.js';

const cleanups: (() => void)[] = [];
afterEach(() => { cleanups.splice(0).forEach((f) => f()); });
const fresh = () => { const t = tempStore(); cleanups.push(t.cleanup); return t.store; };

describe('who a console is', () => {
  it('a first start on a PBX with no card and no extension writes nothing and says what to give', async () => {
    const store = fresh();
    const r = await consoleOperator(store.ports, { osUser: 'root', pbx: true });
    expect(r).toEqual({ ok: false, reason: 'operator root has no extension for the PBX: start with --extension N, or ringdesk operator add root --extension N' });
    expect(store.operators.list()).toEqual([]);
    // the next start with --extension is not blocked by an empty card: it is used
    const again = await consoleOperator(store.ports, { osUser: 'root', extension: '1001', pbx: true });
    expect(again).toMatchObject({ ok: true, operator: { name: 'root', extension: '1001' } });
    expect(store.operators.list().map((o) => [o.name, o.osUser, o.extension])).toEqual([['root', 'root', '1001']]);
  });

  it('without a PBX and without an extension no card is made: "operator root (no extension)"', async () => {
    const store = fresh();
    expect(await consoleOperator(store.ports, { osUser: 'root', pbx: false })).toEqual({ ok: true, operator: { id: null, name: 'root', extension: '', pbxLogin: '', headsetTarget: '' } });
    expect(store.operators.list()).toEqual([]);
  });

  it("a card without an extension gets the one given; a card's own extension stays, the flag wins for this run", async () => {
    const store = fresh();
    store.operators.upsert({ name: 'eva', osUser: 'eva', extension: '' });
    expect(await consoleOperator(store.ports, { osUser: 'eva', extension: '1002', pbx: true })).toMatchObject({ ok: true, operator: { name: 'eva', extension: '1002' } });
    expect(store.operators.byName('eva')!.extension).toBe('1002');
    expect(await consoleOperator(store.ports, { name: 'eva', osUser: 'x', extension: '1009', pbx: true })).toMatchObject({ ok: true, operator: { extension: '1009' } });
    expect(store.operators.byName('eva')!.extension).toBe('1002');
    expect(await consoleOperator(store.ports, { name: 'eva', osUser: 'x', pbx: true })).toMatchObject({ ok: true, operator: { extension: '1002' } });
  });
});
