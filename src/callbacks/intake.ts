/**
 * A callback request from outside (`POST /callbacks` on the box's HTTP endpoint, served by the
 * relay: src/pos/status-server.ts; the web widget's back end sends it). The body is checked
 * against docs/callbacks.schema.json's rules field by field, every text goes through the one
 * gate (src/domain/outside-text.ts, via the work item's checks), and then:
 *
 * - with an invitation code (`code`): to that operator only, or while they are offline (their
 *   presence: offline, or a console that quit or vanished) to the code's fallback group (src/domain/invitation-code.ts). A code that does not work is said
 *   so in the answer, and the request still goes into the queue (a client is never turned away);
 * - with a `group`: to that group; else to anyone;
 * - when nobody who may take it is available (presence available or wrapping up; on a break or
 *   offline is not): an offline message — listed for the next operator and
 *   e-mailed to config offlineMailTo through the e-mail outbox, in the same transaction.
 *
 * A `requestId` makes a retried request land once (the item's channel reference).
 */
import type { StorePorts } from '../store/ports.js';
import type { LogLine } from '../files/log-file.js';
import { callbackTerms } from '../domain/callback.js';
import { routeCode } from './code-route.js';
import { offlineMail } from '../domain/offline-message.js';
import { ownerLabel, type WorkItemOwner } from '../domain/work-item.js';

export interface IntakeContext {
  timezone: string;
  /** Where offline messages are e-mailed ('' = listed only). */
  offlineMailTo: string;
  now: number;
  log?: LogLine;
}

export interface IntakeReply { code: number; body: Record<string, unknown> }

const FIELDS = ['requestId', 'name', 'phone', 'note', 'when', 'attempts', 'retryMinutes', 'expires', 'group', 'code', 'language', 'page', 'referrer', 'browser', 'os'] as const;

function isoInstant(v: unknown, field: string): number | string {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v)) return `${field} must be a date and time with an offset, e.g. 2026-12-07T18:30:00+01:00`;
  const t = Date.parse(v);
  return Number.isNaN(t) ? `${field} "${v}" is not a real date and time` : t;
}

/** What taking a callback request reads and writes (src/store/ports.ts). */
export type CallbackIntakeSources = Pick<StorePorts, 'invitationCodes' | 'presence' | 'groups' | 'callbacks'>;

/** Check and take a callback request; the reply is what POST /callbacks answers. */
export async function receiveCallbackRequest(store: CallbackIntakeSources, body: unknown, ctx: IntakeContext): Promise<IntakeReply> {
  const log = ctx.log ?? (() => {});
  const bad = (error: string): IntakeReply => {
    log(`callback request refused: ${error}`, 'warn');
    return { code: 400, body: { error } };
  };
  if (!body || typeof body !== 'object' || Array.isArray(body)) return bad('the body must be a JSON object');
  const b = body as Record<string, unknown>;
  const unknown = Object.keys(b).find((k) => !(FIELDS as readonly string[]).includes(k));
  if (unknown !== undefined) return bad(`unknown field "${unknown.slice(0, 40)}"; the fields are ${FIELDS.join(', ')}`);
  for (const k of ['requestId', 'name', 'phone', 'note', 'group', 'code', 'language', 'page', 'referrer', 'browser', 'os'] as const) {
    if (b[k] !== undefined && typeof b[k] !== 'string') return bad(`${k} must be text`);
  }
  if (typeof b.phone !== 'string' || !b.phone.trim()) return bad('phone is required: the number to call back');
  for (const k of ['attempts', 'retryMinutes'] as const) {
    if (b[k] !== undefined && (typeof b[k] !== 'number' || !Number.isInteger(b[k]))) return bad(`${k} must be a whole number`);
  }
  const now = ctx.now;
  const when = b.when === undefined ? now : isoInstant(b.when, 'when');
  if (typeof when === 'string') return bad(when);
  const expires = b.expires === undefined ? null : isoInstant(b.expires, 'expires');
  if (typeof expires === 'string') return bad(expires);
  if (when < now - 60_000) return bad('when is in the past');
  const terms = callbackTerms({
    dueAt: when, attempts: b.attempts as number | undefined, expiresAt: expires,
    retryDelayMs: b.retryMinutes === undefined ? undefined : (b.retryMinutes as number) * 60_000,
  }, now);
  if (!terms.ok) return bad(terms.reason);

  // presence, as every console shows it (a console that quit or vanished has made its operator offline)
  const { available: present } = await store.presence.present(now);

  let owner: WorkItemOwner = { to: 'anyone' };
  let codeId: number | null = null;
  let codeProblem: string | null = null;
  let routedBy = '';
  if (b.group !== undefined && b.group !== '') {
    const g = await store.groups.byName(String(b.group));
    if (!g) return bad(`no group "${String(b.group).slice(0, 100)}"`);
    owner = { to: 'group', groupId: g.id, group: g.name };
  }
  if (b.code !== undefined && b.code !== '') {
    const routed = await routeCode(store, String(b.code), now, { waits: 'callback', spend: true });
    if (!routed.ok) {
      codeProblem = routed.reason;
    } else {
      codeId = routed.codeId;
      owner = routed.owner;
      routedBy = routed.why;
    }
  }

  const web = b.page !== undefined || b.referrer !== undefined || b.browser !== undefined || b.os !== undefined
    ? { page: b.page as string | undefined, referrer: b.referrer as string | undefined, browser: b.browser as string | undefined, os: b.os as string | undefined }
    : null;
  const made = await store.callbacks.create({
    item: {
      ref: b.requestId ? `web:${String(b.requestId)}` : '',
      entry: codeId !== null ? { via: 'code', value: `#${codeId}` } : { via: 'web', value: (b.page as string | undefined) ?? '' },
      language: b.language as string | undefined, name: b.name as string | undefined, phone: b.phone, web, owner,
      note: b.note ? { by: 'web', text: String(b.note) } : routedBy ? { by: 'ringdesk', text: routedBy } : undefined,
    },
    source: 'web', terms: terms.terms, codeId, createdBy: 'web',
  }, now);
  if (!made.ok) return bad(made.reason);
  const { item, callback } = made;
  if (!made.created) {
    return { code: 200, body: { id: item.id, position: item.position, dueAt: new Date(callback.dueAt).toISOString(), duplicate: true } };
  }

  // nobody who may take it is available (a wrap-up ends by itself in seconds; a break or offline does not):
  // an offline message, listed and e-mailed
  const mayTake = async (op: string) => owner.to === 'anyone' || (owner.to === 'operator' && owner.operator === op)
    || (owner.to === 'group' && (await store.groups.groupsOf(op)).includes(owner.groupId));
  const available = (await Promise.all([...present].map(mayTake))).some(Boolean);
  let mailId: number | null = null;
  if (!available) {
    const m = offlineMail({
      kind: 'callback', itemId: item.id, name: item.name, phone: item.phone, text: item.notes.map((n) => n.text).join('\n'),
      group: owner.to === 'group' ? owner.group : owner.to === 'operator' ? owner.operator : '', entry: item.entry.value,
      arrivedAt: item.arrivedAt, dueAt: callback.dueAt,
    }, ctx.timezone);
    mailId = (await store.callbacks.markOffline(item.id, now, ctx.offlineMailTo ? { kind: 'offline-message', itemId: item.id, to: ctx.offlineMailTo, ...m } : null)).mailId;
  }
  log(`callback #${item.id} requested${codeId !== null ? ` with code #${codeId}` : ''} for ${ownerLabel(owner)}${available ? '' : ` (nobody available: offline message${mailId !== null ? `, e-mail #${mailId}` : ''})`}`);
  return {
    code: 201,
    body: {
      id: item.id, position: item.position, dueAt: new Date(callback.dueAt).toISOString(), offline: !available, ...(codeProblem ? { codeAccepted: false, codeProblem } : codeId !== null ? { codeAccepted: true } : {}),
    },
  };
}
