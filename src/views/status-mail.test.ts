import { describe, expect, it } from 'vitest';
import { statusRow } from './StatusBar.js';
import { initialState, type DeskState } from '../desk/state.js';

const text = (s: DeskState) => statusRow(s).map((x) => x.text).join('');

describe("the offline messages' e-mails on the status bar", () => {
  it('a failed e-mail is said loudly, ones still to send quietly, nothing when the outbox is empty', () => {
    const base = initialState({ operator: 'alice', extension: '101', currency: 'CZK', region: 'CZ', now: 0 });
    const mail = (toSend: number, failed: number): DeskState => ({ ...base, queue: { ...base.queue, mail: { toSend, sent: 3, failed } } });
    expect(text(mail(0, 0))).not.toContain('mail');
    expect(text(mail(2, 0))).toContain('mail 2 to send');
    expect(text(mail(2, 1))).toContain('mail ✗1 failed');
    const narrow = { ...mail(0, 1), size: { columns: 40, rows: 24 } };
    expect(text(narrow)).toContain('mail✗1');
  });
});
