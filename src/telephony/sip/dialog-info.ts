/**
 * RFC 4235 dialog-info documents (`application/dialog-info+xml`), the bodies of the NOTIFYs the
 * PBX sends for the `dialog` event package: which dialogs the watched extension has and in
 * which state (trying, proceeding, early, confirmed, terminated). The body comes from the
 * network: anything that is not a dialog-info document for the entity we watch is refused with
 * a reason naming what and where, never thrown at the phone.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { clipText } from '../../domain/outside-text.js';

export type DialogState = 'trying' | 'proceeding' | 'early' | 'confirmed' | 'terminated';
const dialogStates: readonly string[] = ['trying', 'proceeding', 'early', 'confirmed', 'terminated'];

export interface DialogInfoDialog {
  id: string;
  /** The SIP Call-ID of the dialog (pua_dialoginfo and Asterisk include it); '' when not given. */
  callId: string;
  direction: 'initiator' | 'recipient' | '';
  state: DialogState;
  /** Why it ended, when the PBX says (RFC 4235 state@event: cancelled, rejected, replaced, local-bye, remote-bye, error, timeout). */
  event: string;
}

export interface DialogInfo {
  version: number;
  /** 'full': every dialog of the entity is listed (a dialog not listed is over); 'partial': only the changed ones. */
  state: 'full' | 'partial';
  entity: string;
  dialogs: DialogInfoDialog[];
}

export type DialogInfoResult = { ok: true; info: DialogInfo } | { ok: false; reason: string };

/** A NOTIFY body larger than this is refused unread (a full state of a busy extension is a few KB). */
export const MAX_DIALOG_INFO_BYTES = 64 * 1024;
/** More dialogs than this in one document is not an operator's extension. */
export const MAX_DIALOGS = 200;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (name) => name === 'dialog',
});

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string => (typeof v === 'string' ? v : isNode(v) && typeof v['#text'] === 'string' ? v['#text'] : '');
const attr = (n: Node, name: string): string => (typeof n[`@${name}`] === 'string' ? (n[`@${name}`] as string) : '');
const shown = (raw: string) => `"${clipText(raw, 'id')}"`;

/** user@host of a SIP URI, lower-cased host, without port, parameters or the display part. */
export function aorOf(uri: string): string {
  const m = /^\s*<?\s*sips?:([^@;>?\s]+@)?([^:;>?\s]+)/i.exec(uri);
  if (!m) return '';
  return `${m[1] ?? ''}${m[2].toLowerCase()}`;
}

/**
 * Read a dialog-info body. `entity`: the AoR this console watches (sip:1001@pbx); a document about
 * another entity is refused, so a misrouted NOTIFY never ends this operator's call.
 */
export function parseDialogInfo(body: string, entity: string): DialogInfoResult {
  const size = Buffer.byteLength(body, 'utf8');
  if (size > MAX_DIALOG_INFO_BYTES) return { ok: false, reason: `dialog-info body of ${size} bytes refused (at most ${MAX_DIALOG_INFO_BYTES})` };
  if (!body.trim()) return { ok: false, reason: 'dialog-info body is empty' };
  // entity definitions are how XML bombs grow; dialog-info never needs one
  if (/<!DOCTYPE|<!ENTITY/i.test(body)) return { ok: false, reason: 'dialog-info body has a DOCTYPE or entity definition (refused)' };
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    const e = valid.err;
    return { ok: false, reason: `dialog-info body is not XML: ${clipText(e.msg, 'reason')} (line ${e.line}, column ${e.col})` };
  }
  let doc: unknown;
  try {
    doc = parser.parse(body);
  } catch (err) {
    return { ok: false, reason: `dialog-info body could not be read: ${clipText((err as Error).message, 'reason')}` };
  }
  const root = isNode(doc) ? doc['dialog-info'] : undefined;
  if (!isNode(root)) {
    const first = isNode(doc) ? Object.keys(doc).find((k) => !k.startsWith('?')) : undefined;
    return { ok: false, reason: `not a dialog-info document (root element ${first ? shown(first) : 'missing'})` };
  }
  const version = attr(root, 'version');
  if (!/^\d{1,10}$/.test(version)) return { ok: false, reason: `dialog-info version ${shown(version)} is not a whole number` };
  const state = attr(root, 'state');
  if (state !== 'full' && state !== 'partial') return { ok: false, reason: `dialog-info state ${shown(state)} is neither full nor partial` };
  const about = attr(root, 'entity');
  if (!aorOf(about) || aorOf(about) !== aorOf(entity)) {
    return { ok: false, reason: `dialog-info about ${shown(about)}, not the watched ${shown(entity)}` };
  }
  const list = root.dialog;
  const raw = Array.isArray(list) ? list : [];
  if (raw.length > MAX_DIALOGS) return { ok: false, reason: `dialog-info lists ${raw.length} dialogs (at most ${MAX_DIALOGS})` };
  const dialogs: DialogInfoDialog[] = [];
  for (const [i, d] of raw.entries()) {
    const where = `dialog ${i + 1}`;
    if (!isNode(d)) return { ok: false, reason: `${where} has no attributes or state` };
    const id = attr(d, 'id');
    if (!id) return { ok: false, reason: `${where} has no id` };
    const st = text(d.state);
    if (!dialogStates.includes(st)) return { ok: false, reason: `${where} (${shown(id)}) has state ${shown(st)}, not one of ${dialogStates.join(', ')}` };
    const direction = attr(d, 'direction');
    dialogs.push({
      id, callId: attr(d, 'call-id'), state: st as DialogState,
      direction: direction === 'initiator' || direction === 'recipient' ? direction : '',
      event: isNode(d.state) ? attr(d.state, 'event') : '',
    });
  }
  return { ok: true, info: { version: Number(version), state, entity: about, dialogs } };
}
