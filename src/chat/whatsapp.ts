/**
 * WhatsApp Cloud API (docs/chat.md): the webhook Meta calls and the sender the chat pump uses.
 *
 * - GET  /whatsapp  the verify handshake: `hub.mode=subscribe`, `hub.verify_token` equal to the
 *                   box's verify token → the `hub.challenge` echoed; anything else 403.
 * - POST /whatsapp  signed with `X-Hub-Signature-256: sha256=<HMAC-SHA256 of the raw body with the
 *                   app secret>`: a missing or wrong signature → 401 and nothing stored. Each
 *                   message is stored once by its id (Meta retries anything but a 2xx) before the
 *                   200 goes back; `statuses[]` move the delivery of our own messages.
 * The 24-hour customer-service window is kept on the conversation by the store (each customer
 * message moves it); free text is refused by the store once it closed, an approved template
 * (src/domain/whatsapp-template.ts) goes as a template message.
 */
import crypto from 'node:crypto';
import type { Store } from '../store/index.js';
import type { ClaimedChat } from '../store/conversations.js';
import type { DeliveryState, InboundChat } from '../domain/conversation.js';
import type { LogLine } from '../files/log-file.js';
import type { ChatAttempt, ChatSender } from './chat-pump.js';
import { templatePayload } from '../domain/whatsapp-template.js';

export interface WhatsAppSettings {
  /** The app secret that signs every webhook POST (env RINGDESK_WHATSAPP_APP_SECRET). */
  appSecret: string;
  /** What Meta sends back in the verify handshake (env RINGDESK_WHATSAPP_VERIFY_TOKEN). */
  verifyToken: string;
  /** For sending: the access token (env RINGDESK_WHATSAPP_TOKEN), the business phone number's id, the Graph API root. */
  accessToken?: string;
  phoneNumberId?: string;
  apiRoot?: string;
}

export const WHATSAPP_API_ROOT = 'https://graph.facebook.com/v21.0';

/** Equal in constant time (a token or a signature compared byte by byte would leak its length of match). */
function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** The verify handshake's answer: the challenge to echo, or null (403). */
export function verifyHandshake(query: URLSearchParams, verifyToken: string): string | null {
  if (query.get('hub.mode') !== 'subscribe' || !verifyToken) return null;
  return same(query.get('hub.verify_token') ?? '', verifyToken) ? query.get('hub.challenge') ?? '' : null;
}

/** Whether the raw body carries the app's signature. */
export function signatureValid(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  if (!header || !appSecret) return false;
  const expected = 'sha256=' + crypto.createHmac('sha256', appSecret).update(rawBody).digest('hex');
  return same(header.trim().toLowerCase(), expected);
}

/** Sign a body as Meta does (tests and the bench send signed sample payloads). */
export function signBody(rawBody: string | Buffer, appSecret: string): string {
  return 'sha256=' + crypto.createHmac('sha256', appSecret).update(rawBody).digest('hex');
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | null => (v && typeof v === 'object' && !Array.isArray(v) ? v as Obj : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** One WhatsApp message object → what the store takes (null: not one we can read; the reason). */
export function inboundOf(m: Obj, profileName: string | undefined): { user: string; msg: InboundChat } | { skip: string } {
  const id = str(m.id);
  const user = str(m.from) ?? str(m.from_user_id);
  if (!id || !user) return { skip: 'a message without id or sender' };
  const ts = Number(str(m.timestamp));
  const base = {
    channelMessageId: id, at: Number.isFinite(ts) && ts > 0 ? ts * 1000 : undefined,
    visitor: { name: profileName, phone: str(m.from) && /^\d{6,15}$/.test(str(m.from)!) ? `+${str(m.from)}` : undefined },
  };
  const type = str(m.type);
  if (type === 'text') return { user, msg: { ...base, kind: 'text', text: str(obj(m.text)?.body) ?? '' } };
  if (type === 'location') {
    const l = obj(m.location) ?? {};
    const words = [str(l.name), str(l.address)].filter(Boolean).join(', ');
    return { user, msg: { ...base, kind: 'location', text: words, location: { lat: Number(l.latitude), lon: Number(l.longitude) } } };
  }
  if (type === 'interactive') {
    const i = obj(m.interactive) ?? {};
    const reply = obj(i.button_reply) ?? obj(i.list_reply) ?? {};
    return { user, msg: { ...base, kind: 'button', text: str(reply.title) ?? '', buttonData: str(reply.id) ?? '' } };
  }
  if (type === 'button') {
    const b = obj(m.button) ?? {};
    return { user, msg: { ...base, kind: 'button', text: str(b.text) ?? '', buttonData: str(b.payload) ?? str(b.text) ?? '' } };
  }
  if (type === 'contacts') {
    const c = obj(arr(m.contacts)[0]) ?? {};
    const phone = str(obj(arr(c.phones)[0])?.phone);
    const name = str(obj(c.name)?.formatted_name) ?? '';
    return { user, msg: { ...base, kind: 'contact', text: name, contactPhone: phone ?? '' } };
  }
  // image, audio, sticker, order…: kept as a line saying what came, so the thread has no hole
  return { user, msg: { ...base, kind: 'text', text: `(${type ?? 'unknown'} message: open WhatsApp to see it)` } };
}

const statusStates: Record<string, Exclude<DeliveryState, 'queued'>> = { sent: 'sent', delivered: 'delivered', read: 'read', failed: 'failed' };

export interface WebhookOutcome { code: number; body: string; stored: number; duplicates: number; statuses: number; skipped: string[] }

/**
 * A signed POST's JSON: every message stored once, every status applied. Throws only when the
 * store fails (the caller answers 503 and Meta sends it again).
 */
export function receiveWebhook(store: Store, payload: unknown, now: number, log: LogLine = () => {}): WebhookOutcome {
  const out: WebhookOutcome = { code: 200, body: 'ok', stored: 0, duplicates: 0, statuses: 0, skipped: [] };
  const root = obj(payload);
  if (!root) { out.skipped.push('the body is not a JSON object'); return out; }
  for (const entry of arr(root.entry)) {
    for (const change of arr(obj(entry)?.changes)) {
      const value = obj(obj(change)?.value);
      if (!value) continue;
      const names = new Map<string, string>();
      for (const c of arr(value.contacts)) {
        const co = obj(c) ?? {};
        const name = str(obj(co.profile)?.name);
        for (const k of [str(co.wa_id), str(co.user_id)]) if (k && name) names.set(k, name);
      }
      for (const raw of arr(value.messages)) {
        const m = obj(raw);
        if (!m) continue;
        const parsed = inboundOf(m, names.get(str(m.from) ?? '') ?? names.get(str(m.from_user_id) ?? ''));
        if ('skip' in parsed) { out.skipped.push(parsed.skip); continue; }
        const r = store.conversations.receive('whatsapp', parsed.user, parsed.msg, now);
        if (!r.ok) {
          out.skipped.push(`message ${parsed.msg.channelMessageId.slice(0, 100)}: ${r.reason}`);
          log(`WhatsApp message ${parsed.msg.channelMessageId.slice(0, 100)} refused: ${r.reason}`, 'warn');
        } else if (r.created) out.stored++;
        else out.duplicates++;
      }
      for (const raw of arr(value.statuses)) {
        const s = obj(raw) ?? {};
        const state = statusStates[str(s.status) ?? ''];
        const id = str(s.id);
        if (!state || !id) continue;
        const err = obj(arr(s.errors)[0]);
        const reason = err ? [str(err.code), str(err.title) ?? str(err.message)].filter(Boolean).join(' ') : '';
        if (store.conversations.reportDelivery({ channel: 'whatsapp', channelMessageId: id }, state, now, reason)) out.statuses++;
      }
    }
  }
  return out;
}

/** Sends text, or an approved template, through the Cloud API (POST /{phone number id}/messages). */
export function whatsAppSender(s: WhatsAppSettings, timeoutMs = 15_000): ChatSender {
  return {
    async send(row: ClaimedChat): Promise<ChatAttempt> {
      if (!s.accessToken || !s.phoneNumberId) return { kind: 'retry', reason: 'no WhatsApp access token or phone number id set (RINGDESK_WHATSAPP_TOKEN, --whatsapp-phone-id)' };
      let res: Response;
      try {
        res = await fetch(`${s.apiRoot ?? WHATSAPP_API_ROOT}/${encodeURIComponent(s.phoneNumberId)}/messages`, {
          method: 'POST',
          headers: { authorization: `Bearer ${s.accessToken}`, 'content-type': 'application/json' },
          body: JSON.stringify(row.template
            ? templatePayload(row.channelUserId, row.template)
            : { messaging_product: 'whatsapp', recipient_type: 'individual', to: row.channelUserId, type: 'text', text: { body: row.text } }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (e) {
        return { kind: 'retry', reason: `WhatsApp unreachable: ${(e as Error).message}` };
      }
      const body = obj(await res.json().catch(() => null)) ?? {};
      if (res.ok) return { kind: 'sent', channelMessageId: str(obj(arr(body.messages)[0])?.id) ?? null };
      const err = obj(body.error) ?? {};
      const reason = `WhatsApp ${res.status}${str(err.code) ? ` (${str(err.code)})` : ''}: ${(str(err.message) ?? res.statusText).slice(0, 200)}`;
      // 131047: more than 24 hours since the customer wrote; 131026/131051: not deliverable to that user
      if (['131047', '131026', '131051', '100'].includes(str(err.code) ?? '') || (res.status >= 400 && res.status < 500 && res.status !== 401 && res.status !== 429)) {
        return { kind: 'refused', reason };
      }
      const after = Number(res.headers.get('retry-after'));
      return { kind: 'retry', reason, retryAfterMs: Number.isFinite(after) && after > 0 ? after * 1000 : undefined };
    },
  };
}
