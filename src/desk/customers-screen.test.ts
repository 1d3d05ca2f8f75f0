import { describe, expect, it } from 'vitest';
import { customersStep, customersWhere, initialCustomersUi, resumedUi, type CustomersUi, type CustomersView } from './customers-screen.js';
import { screenCommand } from './keymap.js';

/** A key as the desk resolves it on the customers screen (the keymap, by pane), then the screen's step. */
const reduceCustomersKey = (ui: CustomersUi, key: string, v: CustomersView) => customersStep(ui, screenCommand('customers', customersWhere(ui), key)?.id ?? null, key, v);

const view: CustomersView = {
  results: [1, 2, 3].map((id) => ({ id, name: `C${id}`, company: '', category: 'regular', note: '', debt: 0, phone: '', address: '' })),
  selected: { id: 1, values: { name: 'C1', company: '', note: 'old note', city: '', country: '' } },
  historyLength: 2,
};
const keys = (list: string[], ui: CustomersUi = initialCustomersUi) => {
  const intents = [];
  for (const k of list) { const s = reduceCustomersKey(ui, k, view); ui = s.ui; intents.push(...s.intents); }
  return { ui, intents };
};

describe('customers screen keys', () => {
  it('types into the search and asks for results at every keystroke', () => {
    const r = keys(['n', 'o', 'v', 'delete', ' ', '7']);
    expect(r.ui.query).toBe('no 7');
    expect(r.intents.filter((i) => i.type === 'search')).toHaveLength(6);
  });
  it('moves through the list, selecting as it goes, and cycles funnels both ways', () => {
    expect(keys(['down', 'down', 'down']).intents.at(-1)).toEqual({ type: 'select', customerId: 3 });
    expect(keys(['left']).ui.funnel).toBe('regular');
    expect(keys(['right', 'right']).ui.funnel).toBe('vip');
  });
  it('edits a field in place, sets the category with one key, adds a number', () => {
    const start = keys(['tab', 'tab']).ui;
    expect(start.pane).toBe('details');
    const edit = keys(['down', 'down', 'enter', 'delete', 'delete', 'delete', 'x', 'enter'], start);
    expect(edit.intents).toEqual([{ type: 'save', customerId: 1, field: 'note', value: 'old nx' }]);
    expect(keys(['5'], start).intents).toEqual([{ type: 'category', customerId: 1, category: 'spam' }]);
    expect(keys(['+', '6', '0', '2', 'enter'], start).intents).toEqual([{ type: 'add-phone', customerId: 1, typed: '602' }]);
    expect(keys(['enter', 'escape'], start).intents).toEqual([]);
  });
  it('says so when a key meets a full field or search, and keeps what is typed', () => {
    const start = keys(['tab', 'tab']).ui; // details, on Name
    const full = 'x'.repeat(200);
    const editing = { ...start, editing: { row: 'name' as const, value: full } };
    const r = reduceCustomersKey(editing, 'y', view);
    expect(r.ui.editing?.value).toBe(full);
    expect(r.intents).toEqual([{ type: 'refused', reason: expect.stringMatching(/is full: at most 200 characters/) }]);
    const search = reduceCustomersKey({ ...initialCustomersUi, query: 'n'.repeat(200) }, 'o', view);
    expect(search.ui.query).toHaveLength(200);
    expect(search.intents).toEqual([{ type: 'refused', reason: expect.stringMatching(/is full/) }]);
  });
  it('escape steps back: pane, then the query, then closes the screen', () => {
    expect(keys(['tab', 'escape']).ui.pane).toBe('list');
    expect(keys(['a', 'escape']).ui.query).toBe('');
    expect(keys(['escape']).intents).toEqual([{ type: 'close' }]);
    expect(keys(['ctrl+r']).intents).toEqual([{ type: 'refresh' }]);
  });
});

describe('customers screen keys from the one keymap table (issue 11)', () => {
  it('/ goes to the search from any pane; in the search with something typed it is typed (a house number "1234/56")', () => {
    const details = keys(['tab', 'tab']).ui;
    expect(keys(['/'], details).ui.pane).toBe('list');
    expect(keys(['/']).ui.query).toBe('');
    expect(keys(['1', '2', '/', '5']).ui.query).toBe('12/5');
  });
  it('j/k move in the history and details panes; in the list pane they are letters of the search', () => {
    const history = keys(['tab']).ui;
    expect(keys(['j'], history).ui.historyCursor).toBe(1);
    expect(keys(['j', 'k'], history).ui.historyCursor).toBe(0);
    const details = keys(['tab', 'tab']).ui;
    expect(keys(['j', 'j'], details).ui.row).toBe(2);
    expect(keys(['j', 'k']).ui.query).toBe('jk');
  });
});

describe('typing on the customers screen (outside text)', () => {
  it('search and inline edits take no C1 control and stop at the field limit', () => {
    const view = { results: [], selected: { id: 1, values: { name: '', company: '', note: '', city: '', country: '' } }, historyLength: 0 };
    let ui = initialCustomersUi;
    for (const k of ['a', '\x9b', 'b']) ui = reduceCustomersKey(ui, k, view).ui;
    expect(ui.query).toBe('ab');
    ui = { ...ui, pane: 'details', editing: { row: 'name', value: 'n'.repeat(199) } };
    for (const k of ['x', 'y', '\x85']) ui = reduceCustomersKey(ui, k, view).ui;
    expect(ui.editing?.value).toBe('n'.repeat(199) + 'x');
  });
  it('comes back as it was when the console stopped: the search, the funnel and an inline edit at its row', () => {
    const ui = resumedUi({ query: 'Vese', funnel: 'problem', customerId: 1, editing: { row: 'note', value: 'old note, call first' } });
    expect(ui).toMatchObject({ query: 'Vese', funnel: 'problem', pane: 'details', row: 2, editing: { row: 'note', value: 'old note, call first' } });
    // the edit goes on where it stopped
    expect(keys(['!', 'enter'], ui).intents).toEqual([{ type: 'save', customerId: 1, field: 'note', value: 'old note, call first!' }]);
    expect(resumedUi(undefined, '777')).toEqual({ ...initialCustomersUi, query: '777' });
  });
});
