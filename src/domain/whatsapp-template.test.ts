import { describe, expect, it } from 'vitest';
import { fillTemplate, templateLine, templatePayload } from './whatsapp-template.js';

const update = { name: 'order_update', language: 'cs', parameters: ['{name}', 'objednávka {order}', '{time}'], label: 'Order update' };

describe('WhatsApp templates', () => {
  it('fills the parameters from the chat, or says which fact the chat lacks', () => {
    const r = fillTemplate(update, { name: 'Jana', order: '1042', time: '19:30' });
    expect(r).toEqual({ ok: true, message: { name: 'order_update', language: 'cs', parameters: ['Jana', 'objednávka 1042', '19:30'] } });
    expect(fillTemplate(update, { name: 'Jana', order: '', time: '' })).toEqual({ ok: false, reason: 'template Order update needs an unfinished order, and this chat has none' });
    expect(fillTemplate({ name: 'hello', language: 'en_US', parameters: [] }, { name: '', order: '', time: '' })).toEqual({ ok: true, message: { name: 'hello', language: 'en_US', parameters: [] } });
  });

  it("is one line in the thread, and the Cloud API's template payload (no components without parameters)", () => {
    const m = { name: 'order_update', language: 'cs', parameters: ['Jana', '1042'] };
    expect(templateLine(m)).toBe('[template order_update (cs)] Jana · 1042');
    expect(templatePayload('420777123456', { ...m, parameters: [] })).toEqual({ messaging_product: 'whatsapp', recipient_type: 'individual', to: '420777123456', type: 'template', template: { name: 'order_update', language: { code: 'cs' } } });
  });
});
