/**
 * WhatsApp message templates (issue 16): after the 24-hour customer-service window closes, the
 * Cloud API takes only a template approved in WhatsApp Manager. The box's config names them
 * (`whatsappTemplates`: name, language code, the body's parameters in order); a dispatcher picks
 * one for the chat in front, its parameters filled from the chat, and it goes through the chat
 * outbox like any answer (queued, sent, delivered, read or failed), as a template message
 * payload (https://developers.facebook.com/docs/whatsapp/cloud-api/guides/send-message-templates).
 */

/** One approved template as configured: {name}, {order} and {time} in a parameter stand for the client's name, their order's number and its promised time. */
export interface WhatsAppTemplate { name: string; language: string; parameters: string[]; label?: string }

/** A template with its parameters filled, as it is queued and sent. */
export interface TemplateMessage { name: string; language: string; parameters: string[] }

/** What fills a template's parameters, from the chat in front ('' = not known). */
export interface TemplateFacts { name: string; order: string; time: string }

const PLACEHOLDER = /\{(name|order|time)\}/g;
const factWords: Record<keyof TemplateFacts, string> = { name: "the client's name", order: 'an unfinished order', time: "the order's promised time" };

/** The template filled for this chat, or why it cannot be (a parameter needs what the chat does not have). */
export function fillTemplate(t: WhatsAppTemplate, facts: TemplateFacts): { ok: true; message: TemplateMessage } | { ok: false; reason: string } {
  const parameters: string[] = [];
  for (const p of t.parameters) {
    let missing: keyof TemplateFacts | null = null;
    const text = p.replace(PLACEHOLDER, (_, k: keyof TemplateFacts) => {
      if (!facts[k]) missing = k;
      return facts[k];
    });
    if (missing) return { ok: false, reason: `template ${t.label ?? t.name} needs ${factWords[missing]}, and this chat has none` };
    parameters.push(text);
  }
  return { ok: true, message: { name: t.name, language: t.language, parameters } };
}

/** The template as one line in the thread (the desk and the log; the customer sees the approved text). */
export function templateLine(m: TemplateMessage): string {
  return `[template ${m.name} (${m.language})]${m.parameters.length ? ` ${m.parameters.join(' · ')}` : ''}`;
}

/** The Cloud API's template message for one recipient. */
export function templatePayload(to: string, m: TemplateMessage): Record<string, unknown> {
  return {
    messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'template',
    template: {
      name: m.name, language: { code: m.language },
      ...(m.parameters.length ? { components: [{ type: 'body', parameters: m.parameters.map((text) => ({ type: 'text', text })) }] } : {}),
    },
  };
}
