import { describe, expect, it } from 'vitest';
import { displayPhone, formatPhone, isDialable, normalisePhone, phoneKey } from './phone-number.js';

describe('normalisePhone', () => {
  it('treats every common way of writing one Czech number as one key', () => {
    const forms = ['+420 777 123 456', '00420777123456', '777 123 456', '777-123-456', '777123456', '(777) 123 456', 'sip:+420777123456@pbx.example;user=phone', '"Jana" <sip:00420777123456@10.0.0.1>', 'tel:+420-777-123-456'];
    for (const f of forms) expect(phoneKey(normalisePhone(f, 'CZ')), f).toBe('+420777123456');
  });
  it('uses the default region for national numbers and strips a trunk 0', () => {
    expect(phoneKey(normalisePhone('030 1234567', 'DE'))).toBe('+49301234567');
    expect(phoneKey(normalisePhone('020 7946 0958', 'GB'))).toBe('+442079460958');
    expect(phoneKey(normalisePhone('+44 20 7946 0958', 'CZ'))).toBe('+442079460958');
  });
  it('reads a number seen before the same way, per region, and hands out an answer nobody else holds', () => {
    const first = normalisePhone('777 123 456', 'CZ');
    (first as { e164: string }).e164 = 'changed by a caller';
    expect(normalisePhone('777 123 456', 'CZ')).toMatchObject({ kind: 'valid', e164: '+420777123456', national: '777 123 456' });
    // the same digits in another home region are another number
    expect(phoneKey(normalisePhone('777 123 456', 'SK'))).not.toBe('+420777123456');
    // past the memory's size the oldest are read again, still the same
    for (let i = 0; i < 600; i++) normalisePhone(`+420 777 ${String(i).padStart(6, '0')}`, 'CZ');
    expect(phoneKey(normalisePhone('777 123 456', 'CZ'))).toBe('+420777123456');
  });
  it('recognises withheld caller IDs', () => {
    for (const w of ['', 'anonymous', 'Anonymous', 'sip:anonymous@anonymous.invalid', 'restricted', 'PRIVATE', '<sip:unknown@pbx>']) {
      expect(normalisePhone(w, 'CZ').kind, w).toBe('withheld');
    }
    expect(displayPhone(normalisePhone('anonymous', 'CZ'), 'CZ')).toBe('Withheld number');
    expect(formatPhone('', 'CZ')).toBe('Withheld number');
  });
  it('keeps invalid numbers matchable by their digits and says why', () => {
    const n = normalisePhone('12345', 'CZ');
    expect(n.kind).toBe('invalid');
    expect(phoneKey(n)).toBe('12345');
    expect(isDialable(n)).toBe(false);
    expect(normalisePhone('garbage', 'CZ')).toMatchObject({ kind: 'invalid', reason: 'no digits in the number' });
  });
  it('does not crash on hostile input', () => {
    for (const x of ['\u0000\u0001', 'x'.repeat(10_000), '+'.repeat(50), '😀', '9'.repeat(200), '<<<>>>', null, undefined]) {
      expect(() => normalisePhone(x as string, 'CZ')).not.toThrow();
    }
    expect(normalisePhone('9'.repeat(200), 'CZ').kind).toBe('invalid');
  });
  it('shows a home-region number in its national form, any other internationally, whatever form it came in', () => {
    for (const f of ['777123456', '+420 777 123 456', '00420777123456', 'sip:+420777123456@pbx']) expect(formatPhone(f, 'CZ'), f).toBe('777 123 456');
    expect(formatPhone('+421 905 123 456', 'CZ')).toBe('+421 905 123 456');
    expect(formatPhone('+420 777 123 456', 'SK')).toBe('+420 777 123 456');
    expect(formatPhone('12345', 'CZ')).toBe('12345');
    expect(isDialable(normalisePhone('777123456', 'CZ'))).toBe(true);
  });
});
