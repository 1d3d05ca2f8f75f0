/**
 * Where a client who came with an invitation code goes (src/domain/invitation-code.ts
 * `routeByCode` over the store): the code's dispatcher while they are there, else the code's
 * fallback group (none: anyone). "There" is their presence: for a callback request, anything but
 * offline (it can wait out a break); for a caller on the line, available or wrapping up (a caller
 * cannot wait out a break). One function for POST /callbacks and for live calls (X-Ringdesk-Code),
 * asked through the store's ports (src/store/ports.ts) so any engine answers it.
 */
import type { StorePorts } from '../store/ports.js';
import { routeByCode, type CodeRoute } from '../domain/invitation-code.js';
import { ownerLabel, type WorkItemOwner } from '../domain/work-item.js';

export type CodeRouted =
  | { ok: true; codeId: number; owner: WorkItemOwner; why: string }
  | { ok: false; reason: string };

export interface CodeRouteOptions { waits: 'callback' | 'call'; spend: boolean }

/** What routing a code reads: the code, who is there, the groups. */
export type CodeRoutePorts = Pick<StorePorts, 'invitationCodes' | 'presence' | 'groups'>;

/**
 * `raw`: the code as the client gave it. `spend`: a callback request uses the code up now
 * (a live call spends it only when answered: `invitationCodes.markUsed`).
 */
export async function routeCode(ports: CodeRoutePorts, raw: string, now: number, o: CodeRouteOptions): Promise<CodeRouted> {
  const found = o.spend ? await ports.invitationCodes.redeem(raw, now) : await ports.invitationCodes.find(raw, now);
  if (!found.ok) return found;
  const [present, ownIds] = await Promise.all([ports.presence.present(now), ports.groups.groupsOf(found.code.operator)]);
  const own = await Promise.all(ownIds.map((id) => ports.groups.byId(id)));
  const r = routeByCode(found.code, (op) => thereNow(present, o).has(op), () => own.map((g) => g?.name ?? '').filter(Boolean));
  return routed(r, r.to === 'fallback' && r.group ? await ports.groups.byName(r.group) : null);
}

/** Who counts as there: a callback can wait out a break, a caller on the line cannot. */
function thereNow(present: { online: Set<string>; available: Set<string> }, o: CodeRouteOptions): Set<string> {
  return o.waits === 'callback' ? present.online : present.available;
}

/** The route as a work item's owner, with the reason the queue shows. */
function routed(r: CodeRoute, g: { id: number; name: string } | null): CodeRouted {
  if (r.to === 'operator') return { ok: true, codeId: r.codeId, owner: { to: 'operator', operator: r.operator }, why: `invitation code #${r.codeId}: for ${r.operator}` };
  const owner: WorkItemOwner = g ? { to: 'group', groupId: g.id, group: g.name } : { to: 'anyone' };
  return { ok: true, codeId: r.codeId, owner, why: `invitation code #${r.codeId}: ${r.why}, to ${ownerLabel(owner)}` };
}
