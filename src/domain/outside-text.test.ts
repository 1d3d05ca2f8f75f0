import { describe, expect, it } from 'vitest';
import { acceptText, checkText, cleanJsonDocument, clipText, MAX_JSON_DEPTH, OutsideTextError, terminalSafe, textRules } from './outside-text.js';

const ESC = '\x1b';
const BEL = '\x07';
/** Nothing a terminal would act on: no C0 but \n, no DEL, no C1, no ESC. */
const inert = (s: string, multiline = false) => expect(s).not.toMatch(multiline ? /[\x00-\x09\x0b-\x1f\x7f-\x9f]/ : /[\x00-\x1f\x7f-\x9f]/);

describe('terminalSafe', () => {
  it('removes the retitle-and-clear payload a POS once sent as a driver name', () => {
    const s = terminalSafe(`Petr${ESC}]0;pwned${BEL}${ESC}[2J Novak`);
    expect(s).toBe('Petr Novak');
  });

  it('removes OSC ended by ST, DCS, SOS/PM/APC, C1 CSI/OSC, charset and cursor escapes', () => {
    const hostile = [
      `${ESC}]8;;http://evil${ESC}\\link${ESC}]8;;${ESC}\\`, // hyperlink, ST-terminated
      `${ESC}P+q544e${ESC}\\`, // DCS (terminfo query)
      `${ESC}_apc${ESC}\\${ESC}^pm${ESC}\\${ESC}Xsos${ESC}\\`,
      '\x9b2J', '\x9d0;title\x07', '\x90dcs\x9c', // 8-bit C1 introducers
      `${ESC}(0`, `${ESC}7`, `${ESC}c`, `${ESC}[?1049h`, `${ESC}[31;1m`,
      `${ESC}[6n`, // device status report: makes the terminal type into stdin
    ].join('');
    const s = terminalSafe(`a${hostile}b`);
    inert(s);
    expect(s).toBe('alinkb');
  });

  it('removes lone ESC, C0 and C1 controls, DEL and bidi overrides; unterminated OSC leaves no ESC', () => {
    inert(terminalSafe(`x${ESC}`));
    inert(terminalSafe(`${ESC}]0;never ends`));
    inert(terminalSafe(`${ESC}${ESC}[2J${ESC}[${ESC}[2J`));
    expect(terminalSafe('a\x01\x08\x7f\x85\x9fb')).toBe('ab');
    expect(terminalSafe('evil\u202egnp.exe')).toBe('evilgnp.exe');
  });

  it('keeps line breaks only for multi-line fields; tabs become spaces', () => {
    expect(terminalSafe('a\r\nb\rc\nd\te')).toBe('a b c d e');
    expect(terminalSafe('a\r\nb\rc\nd\te', { multiline: true })).toBe('a\nb\nc\nd e');
  });

  it('leaves ordinary text alone (same string, no copy)', () => {
    const s = 'Žofie Dvořáková, Vinohradská 12 🍕';
    expect(terminalSafe(s)).toBe(s);
  });
});

describe('checkText / acceptText at intake', () => {
  it('refuses NUL with a reason naming the field', () => {
    expect(checkText('Ja\0na', 'name')).toEqual({ ok: false, reason: 'the name contains a NUL byte' });
  });

  it('enforces the limits the product names: name 200, note 2,000, street 200, product name 200', () => {
    expect(textRules.name.max).toBe(200);
    expect(textRules.note.max).toBe(2000);
    expect(textRules.street.max).toBe(200);
    expect(textRules.productName.max).toBe(200);
    expect(checkText('x'.repeat(200), 'street')).toEqual({ ok: true, text: 'x'.repeat(200) });
    expect(checkText('x'.repeat(10_000), 'street')).toEqual({ ok: false, reason: 'the street is 10,000 characters long; at most 200 allowed' });
    expect(checkText('n'.repeat(2001), 'note').ok).toBe(false);
  });

  it('counts characters, not UTF-16 units, and measures after stripping', () => {
    expect(checkText('🍕'.repeat(200), 'productName').ok).toBe(true);
    expect(checkText(`${ESC}[2J`.repeat(100) + 'x'.repeat(200), 'name')).toEqual({ ok: true, text: 'x'.repeat(200) });
  });

  it('keeps a note on several lines, strips a name to one', () => {
    expect(acceptText('nut\nallergy', 'note')).toBe('nut\nallergy');
    expect(acceptText('Jana\nNovak', 'name')).toBe('Jana Novak');
  });

  it('acceptText throws one user-facing line naming where', () => {
    expect(() => acceptText('x'.repeat(201), 'name', 'customers.csv line 7, column name')).toThrow(
      new OutsideTextError('customers.csv line 7, column name: the name is 201 characters long; at most 200 allowed'),
    );
  });
});

describe('clipText', () => {
  it('cuts a long SIP display name instead of refusing the call', () => {
    const s = clipText(`${ESC}]0;x${BEL}` + 'A'.repeat(5000), 'name');
    expect(Array.from(s)).toHaveLength(200);
    expect(s.endsWith('…')).toBe(true);
    inert(s);
  });
});

describe('cleanJsonDocument', () => {
  it('strips every string in place, refuses a NUL at its path', () => {
    const doc = { name: `a${ESC}[2Jb`, list: [`${ESC}]0;t${BEL}c`, { deep: ['\x9b2Jd', 'x\0y'] }], n: 3 };
    expect(cleanJsonDocument(doc)).toEqual([{ path: '$.list[1].deep[1]', reason: 'contains a NUL byte' }]);
    expect(doc).toEqual({ name: 'ab', list: ['c', { deep: ['d', 'x\0y'] }], n: 3 });
  });

  it('refuses 100,000 levels of nesting in one line, without overflowing the stack', () => {
    const doc = JSON.parse('['.repeat(100_000) + '"x"' + ']'.repeat(100_000));
    expect(cleanJsonDocument(doc)).toEqual([{ path: '$', reason: `nests deeper than ${MAX_JSON_DEPTH} levels; not a file ringdesk reads` }]);
    expect(cleanJsonDocument(JSON.parse('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH)))).toEqual([]);
  });
});
