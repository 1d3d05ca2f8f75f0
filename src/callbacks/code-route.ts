/**
 * Where a client who came with an invitation code goes (src/domain/invitation-code.ts
 * `routeByCode` over the store): the code's dispatcher while they are there, else the code's
 * fallback group (none: anyone). "There" is their presence: for a callback request, anything but
 * offline (it can wait out a break); for a caller on the line, available or wrapping up (a caller
 * cannot wait out a break). One function for POST /callbacks and for live calls (X-Ringdesk-Code).
 */
import type { Store } from '../store/index.js';
import { routeByCode } from '../domain/invitation-code.js';
import { ownerLabel, type WorkItemOwner } from '../domain/work-item.js';

export type CodeRouted =
  | { ok: true; codeId: number; owner: WorkItemOwner; why: string }
  | { ok: false; reason: string };

/**
 * `raw`: the code as the client gave it. `spend`: a callback request uses the code up now
 * (a live call spends it only when answered: `InvitationCodes.markUsed`).
 */
export function routeCode(store: Store, raw: string, now: number, o: { waits: 'callback' | 'call'; spend: boolean }): CodeRouted {
  const found = o.spend ? store.invitationCodes.redeem(raw, now) : store.invitationCodes.find(raw, now);
  if (!found.ok) return found;
  const present = store.presence.present(now);
  const there = o.waits === 'callback' ? present.online : present.available;
  const groupsOf = (operator: string) => store.groups.groupsOf(operator).map((id) => store.groups.byId(id)?.name ?? '').filter(Boolean);
  const r = routeByCode(found.code, (op) => there.has(op), groupsOf);
  if (r.to === 'operator') return { ok: true, codeId: r.codeId, owner: { to: 'operator', operator: r.operator }, why: `invitation code #${r.codeId}: for ${r.operator}` };
  const g = r.group ? store.groups.byName(r.group) : null;
  const owner: WorkItemOwner = g ? { to: 'group', groupId: g.id, group: g.name } : { to: 'anyone' };
  return { ok: true, codeId: r.codeId, owner, why: `invitation code #${r.codeId}: ${r.why}, to ${ownerLabel(owner)}` };
}
