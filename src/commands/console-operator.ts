/**
 * Who a console is: the operator card found by name (--operator, RINGDESK_OPERATOR) or by the
 * OS user running it, with the extension of --extension over the card's. A console never writes
 * an empty card: with no card and no extension it runs as that name with none ("operator root
 * (no extension)"); with --extension it makes the card with it, or fills a card's empty
 * extension. On a PBX an extension (or PBX login) is needed: refused before anything is written.
 */
import type { StorePorts } from '../store/ports.js';

export interface ConsoleOperator { id: number | null; name: string; extension: string; pbxLogin: string; headsetTarget: string }

export async function consoleOperator(store: StorePorts, o: { name?: string; osUser: string; extension?: string; pbx: boolean }):
  Promise<{ ok: true; operator: ConsoleOperator } | { ok: false; reason: string }> {
  const name = o.name || o.osUser;
  const card = o.name ? await store.operators.byName(o.name) : await store.operators.byOsUser(o.osUser);
  const extension = o.extension?.trim() || card?.extension || '';
  if (o.pbx && !extension && !card?.pbxLogin) {
    return { ok: false, reason: `operator ${card?.name ?? name} has no extension for the PBX: start with --extension N, or ringdesk operator ${card ? 'set' : 'add'} ${card?.name ?? name} --extension N` };
  }
  if (!card) {
    if (!extension) return { ok: true, operator: { id: null, name, extension: '', pbxLogin: '', headsetTarget: '' } };
    const made = await store.operators.upsert({ name, osUser: o.name ? undefined : o.osUser, extension });
    return { ok: true, operator: { id: made.id, name: made.name, extension, pbxLogin: made.pbxLogin, headsetTarget: made.headsetTarget } };
  }
  // a card without an extension gets the one given; a card's own extension is never overwritten by a flag
  if (!card.extension && extension) await store.operators.upsert({ name: card.name, extension });
  return { ok: true, operator: { id: card.id, name: card.name, extension, pbxLogin: card.pbxLogin, headsetTarget: card.headsetTarget } };
}
