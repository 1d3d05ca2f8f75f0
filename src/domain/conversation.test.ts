import { describe, expect, it } from 'vitest';
import { checkInbound, checkOutbound, freeTextRefusal, serviceWindowAfter, serviceWindowLeft, SERVICE_WINDOW_MS, takesAutomaticMessages } from './conversation.js';

describe('the chat model', () => {
  it('WhatsApp only has a 24-hour window; free text is refused before the first message and after the window', () => {
    expect(serviceWindowAfter('web', 1000)).toBeNull();
    expect(serviceWindowAfter('whatsapp', 1000)).toBe(1000 + SERVICE_WINDOW_MS);
    expect(freeTextRefusal({ channel: 'telegram', serviceWindowEndsAt: null }, 5)).toBeNull();
    expect(freeTextRefusal({ channel: 'whatsapp', serviceWindowEndsAt: null }, 5)).toMatch(/approved template/);
    expect(freeTextRefusal({ channel: 'whatsapp', serviceWindowEndsAt: 10 }, 9)).toBeNull();
    expect(freeTextRefusal({ channel: 'whatsapp', serviceWindowEndsAt: 10 }, 10)).toMatch(/window closed/);
    expect(serviceWindowLeft({ serviceWindowEndsAt: 3 * 60_000 + 1 }, 0)).toBe('4m');
    expect(serviceWindowLeft({ serviceWindowEndsAt: 0 }, 0)).toBe('closed');
    expect(serviceWindowLeft({ serviceWindowEndsAt: null }, 0)).toBe('');
  });

  it('outbound text and buttons: through the gate, Telegram\'s 1–64 bytes of button data', () => {
    expect(checkOutbound('Hi\x1b]0;x\x07 there')).toEqual({ ok: true, text: 'Hi there', buttons: [] });
    expect(checkOutbound('ok', [{ text: 'Yes', data: 'y'.repeat(65) }])).toEqual({ ok: false, reason: 'button "Yes": its data must be 1–64 bytes, is 65' });
    expect(checkOutbound('ok', [{ text: 'Ano', data: 'č'.repeat(32) }]).ok).toBe(true);
    expect(checkOutbound('ok', [{ text: 'Ano', data: 'č'.repeat(33) }]).ok).toBe(false);
  });

  it('inbound: kind system is never from outside; a text field of the wrong type is named', () => {
    expect(checkInbound({ channelMessageId: '1', kind: 'system' as never, text: 'x' })).toEqual({ ok: false, reason: expect.stringMatching(/kind "system"/) });
    expect(checkInbound({ channelMessageId: '1', kind: 'text', text: 5 as never })).toEqual({ ok: false, reason: 'text must be text' });
    expect(checkInbound({ channelMessageId: '1', kind: 'text', text: 'a\r\nb' })).toMatchObject({ ok: true, message: { text: 'a\nb' } });
  });

  it('"Not a client" and SPAM stop automatic messages', () => {
    expect(['client', 'spam', 'employee', 'model', 'sleeping', 'not-client'].map((category) => takesAutomaticMessages({ category: category as never })))
      .toEqual([true, false, true, true, true, false]);
  });
});
