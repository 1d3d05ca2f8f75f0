import { describe, expect, it } from 'vitest';
import { CsvReader, csvLine, detectDelimiter, guardCell, restoreCell, type CsvRecord } from './csv.js';

function readAll(text: string, chunk = text.length, delimiter?: string): CsvRecord[] {
  const r = new CsvReader(delimiter);
  const out: CsvRecord[] = [];
  for (let i = 0; i < text.length; i += chunk) out.push(...r.push(text.slice(i, i + chunk)));
  return out.concat(r.end());
}

const sample = '\ufeffname;phone;note\r\n"Novák; Zdeněk";777 123 456;"said ""ring twice""\r\nsecond line"\r\n\r\nJana;602111222;\nlast;1;x';

describe('CsvReader', () => {
  it('reads quotes, doubled quotes, line breaks inside quotes, blank lines and a BOM, with the starting line of each record', () => {
    const recs = readAll(sample);
    expect(recs).toEqual([
      { line: 1, fields: ['name', 'phone', 'note'] },
      { line: 2, fields: ['Novák; Zdeněk', '777 123 456', 'said "ring twice"\r\nsecond line'] },
      { line: 5, fields: ['Jana', '602111222', ''] },
      { line: 6, fields: ['last', '1', 'x'] },
    ]);
  });

  it('gives the same records however the text is cut into chunks', () => {
    const whole = readAll(sample);
    for (const chunk of [1, 2, 3, 7, 16]) expect(readAll(sample, chunk), `chunk ${chunk}`).toEqual(whole);
  });

  it('reports a quote that is never closed, on the line it opened', () => {
    const recs = readAll('a,b\n1,2\n3,"open\n4,5\n');
    expect(recs[2]).toMatchObject({ line: 3, error: 'a quoted value is never closed' });
  });

  it('detects comma, semicolon and tab headers', () => {
    expect(detectDelimiter('name,phone,"a;b;c"')).toBe(',');
    expect(detectDelimiter('jméno;telefon;poznámka')).toBe(';');
    expect(detectDelimiter('name\tphone')).toBe('\t');
    expect(readAll('a\tb\n1\t2\n')[1].fields).toEqual(['1', '2']);
  });

  it('writes lines that read back to the same values', () => {
    const rows = [['plain', 'with,comma', 'with "quote"', 'two\nlines', ' padded ', '']];
    const text = rows.map((r) => csvLine(r)).join('');
    expect(text).toBe('plain,"with,comma","with ""quote""","two\nlines"," padded ",\r\n');
    expect(readAll(text).map((r) => r.fields)).toEqual(rows);
  });

  it('guards cells a spreadsheet would run as formulas, and reads every value back exactly', () => {
    const values = ['=1+1', '+420 777 123 456', '-45.00', '@SUM(A1)', '\tcmd', '\rcmd', "'quoted", "''twice", "'=already", 'plain', '', "it's", '5-2'];
    const guarded = values.map(guardCell);
    expect(guarded.filter((v) => /^[=+\-@\t\r]/.test(v))).toEqual([]);
    expect(guarded.slice(0, 3)).toEqual(["'=1+1", "'+420 777 123 456", "'-45.00"]);
    expect(guarded.slice(-4)).toEqual(['plain', '', "it's", '5-2']);
    expect(guarded.map(restoreCell)).toEqual(values);
    // csvLine also strips control characters (a tab or CR never leaves ringdesk in a cell): the rest reads back exactly
    const printable = values.filter((v) => !/[\t\r]/.test(v));
    expect(readAll(csvLine(printable))[0].fields.map(restoreCell)).toEqual(printable);
    // a spreadsheet user's apostrophe before a number is dropped too
    expect(restoreCell("'+420602111222")).toBe('+420602111222');
  });
});
