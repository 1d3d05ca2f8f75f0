/**
 * The rest of the box as a fixture plays it, through the store's ports: colleagues' console runs
 * (one each, begun when first used, available as a console that starts), and the items that
 * arrive elsewhere, by the fixture's names.
 */
import type { StorePorts } from '../store/ports.js';
import type { Clock } from '../domain/clock.js';
import { callbackTerms } from '../domain/callback.js';
import type { EntryVia, NewWorkItem, WorkItem, WorkItemOwner } from '../domain/work-item.js';
import { advanceMs, type FixtureItem } from './format.js';

export class Colleagues {
  private readonly names = new Map<string, number>();
  private readonly runs = new Set<string>();
  constructor(private store: StorePorts, private clock: Clock) {}

  /** The item a name stands for: a fixture item's id, or a call's name (its call item). */
  async id(name: string): Promise<number> {
    const id = this.names.get(name) ?? (await this.store.workItems.byRef('call', name))?.id;
    if (id === undefined) throw new Error(`no item or call named "${name}" yet`);
    return id;
  }

  nameOf(item: WorkItem): string {
    for (const [n, id] of this.names) if (id === item.id) return n;
    return item.kind === 'call' ? item.ref : `#${item.id}`;
  }

  /** `operator`'s console run (the fixture's colleagues hold what they accept there). */
  async console(operator: string, begin = true): Promise<{ id: string; operator: string; console: string }> {
    const id = `fixture-${operator}`;
    if (begin && !this.runs.has(id)) {
      await this.store.consoles.begin(id, operator, this.clock());
      if (!(await this.store.presence.of(operator))) await this.store.presence.set(operator, { status: 'available', until: null, since: this.clock() }, id);
      this.runs.add(id);
    }
    return { id, operator, console: id };
  }

  /** Make the item; a reason when the store refused it. */
  async create(it: FixtureItem): Promise<string | null> {
    const now = this.clock();
    const [via, ...value] = (it.entry ?? (it.web?.page ? `web ${it.web.page}` : 'web')).split(' ');
    let owner: WorkItemOwner = { to: 'anyone' };
    if (it.owner?.startsWith('group ')) {
      const g = await this.store.groups.byName(it.owner.slice(6));
      if (!g) return `no group "${it.owner.slice(6)}" (setup.groups)`;
      owner = { to: 'group', groupId: g.id, group: g.name };
    } else if (it.owner && it.owner !== 'anyone') owner = { to: 'operator', operator: it.owner };
    const item: Omit<NewWorkItem, 'kind'> = {
      ref: `fixture:${it.id}`, entry: { via: via as EntryVia, value: value.join(' ') }, language: it.language, name: it.name, phone: it.phone,
      web: it.web ?? null, owner, arrivedAt: now - (advanceMs(it.waited ?? '0s') ?? 0), note: it.text ? { by: it.by ?? 'web', text: it.text } : undefined,
    };
    if (it.kind === 'chat') {
      const made = await this.store.workItems.create({ ...item, kind: 'chat' }, now);
      if (!made.ok) return made.reason;
      this.names.set(it.id, made.item.id);
      return null;
    }
    const dueAt = now + (advanceMs(it.due ?? '0s') ?? 0);
    const terms = callbackTerms({ dueAt, attempts: it.attempts, expiresAt: it.expires ? now + (advanceMs(it.expires) ?? 0) : null }, now);
    if (!terms.ok) return terms.reason;
    const made = await this.store.callbacks.create({ item, source: 'web', terms: terms.terms, createdBy: it.by ?? 'web' }, now);
    if (!made.ok) return made.reason;
    this.names.set(it.id, made.item.id);
    return null;
  }
}
