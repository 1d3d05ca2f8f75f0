/**
 * 180 Ringing straight from the transport, before sip.js has parsed the INVITE.
 *
 * sip.js sends its 180 only after its grammar parser, transaction, dialog and Invitation have
 * run (~1.5 ms of CPU at the console, which made INVITE → 180 about twice baresip's). The
 * caller's phone only needs the INVITE's own Via, From, To, Call-ID, CSeq and Record-Route
 * echoed with our tag and Contact, so `ringingFor` reads those few lines of the raw text and
 * writes the 180 at once. sip.js then handles the INVITE as before, with the same to-tag
 * (`adoptToTag`); its own 180 and 100 Trying are not sent again (calls.ts `EarlyRinging`).
 *
 * Only a plain new call rings this way: anything sip.js might refuse or treat specially (a
 * re-INVITE, Require, Replaces, a body that is not SDP, folded lines, another user) is left
 * to sip.js alone.
 */
import type { Invitation } from 'sip.js';

/** What our 180 says about us: the users we answer for, our Contact, Supported and User-Agent values. */
export interface OurRinging {
  users: readonly string[];
  contact: string;
  supported: string;
  userAgent: string;
}

/** A 180 written from a raw INVITE: the call's id, the to-tag chosen for its dialog, the response text. */
export interface RingingNow {
  callId: string;
  toTag: string;
  response: string;
}

const compact: Record<string, string> = { v: 'via', f: 'from', t: 'to', i: 'call-id', c: 'content-type' };
const TAG_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A to-tag as sip.js makes them: ten random letters and digits. */
export function newToTag(): string {
  let t = '';
  for (let i = 0; i < 10; i++) t += TAG_CHARS[Math.floor(Math.random() * TAG_CHARS.length)];
  return t;
}

/** The user part of a SIP URI (`sip:1761@host;…` → `1761`), or null. */
function uriUser(uri: string): string | null {
  const m = /^sips?:([^@;?>]+)@/i.exec(uri);
  return m ? m[1] : null;
}

/** True when a From/To value carries a tag (a parameter after the address, not inside it). */
function hasTag(value: string): boolean {
  const after = value.lastIndexOf('>') >= 0 ? value.slice(value.lastIndexOf('>')) : value;
  return /;\s*tag\s*=/i.test(after);
}

/**
 * The 180 Ringing for a raw SIP message when it is a new plain INVITE to one of `me.users`,
 * else null (sip.js handles it alone).
 */
export function ringingFor(raw: string, me: OurRinging, toTag: string = newToTag()): RingingNow | null {
  if (!raw.startsWith('INVITE ')) return null;
  let headEnd = raw.indexOf('\r\n\r\n');
  if (headEnd < 0) headEnd = raw.length;
  const lines = raw.slice(0, headEnd).split('\r\n');
  const requestLine = lines[0].split(' ');
  if (requestLine.length !== 3 || requestLine[2] !== 'SIP/2.0') return null;
  const user = uriUser(requestLine[1]);
  if (user === null || !me.users.includes(user)) return null;
  const via: string[] = [];
  const recordRoute: string[] = [];
  let from: string | null = null, to: string | null = null, callId: string | null = null, cseq: string | null = null;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line === '' || line[0] === ' ' || line[0] === '\t') return null; // folded: sip.js's parser knows it
    const colon = line.indexOf(':');
    if (colon <= 0) return null;
    const raw = line.slice(0, colon).trim().toLowerCase();
    const name = compact[raw] ?? raw;
    const value = line.slice(colon + 1).trim();
    switch (name) {
      case 'via': via.push(value); break;
      case 'record-route': recordRoute.push(value); break;
      case 'from': if (from !== null) return null; from = value; break;
      case 'to': if (to !== null) return null; to = value; break;
      case 'call-id': if (callId !== null) return null; callId = value; break;
      case 'cseq': if (cseq !== null) return null; cseq = value; break;
      case 'require': case 'replaces': return null;
      case 'content-type': if (!value.toLowerCase().startsWith('application/sdp')) return null; break;
    }
  }
  if (!via.length || !from || !to || !callId || !cseq || hasTag(to) || !hasTag(from)) return null;
  if (!/^\d+\s+INVITE$/.test(cseq)) return null;
  const out = ['SIP/2.0 180 Ringing'];
  for (const v of via) out.push(`Via: ${v}`);
  out.push(`From: ${from}`, `To: ${to};tag=${toTag}`, `CSeq: ${cseq}`, `Call-ID: ${callId}`);
  if (me.supported) out.push(`Supported: ${me.supported}`);
  if (me.userAgent) out.push(`User-Agent: ${me.userAgent}`);
  for (const r of recordRoute) out.push(`Record-Route: ${r}`);
  out.push(`Contact: ${me.contact}`, 'Content-Length: 0', '', '');
  return { callId, toTag, response: out.join('\r\n') };
}

/** The parts of sip.js 0.21.2's Invitation whose to-tag is set here. */
interface InvitationTag {
  incomingInviteRequest?: { toTag?: unknown };
  request: { toTag?: unknown };
}

/**
 * Make sip.js answer this invitation with the to-tag our early 180 used (its responses and its
 * dialog). False when sip.js's Invitation is not what 0.21.2 has (then its own 180 goes out too).
 */
export function adoptToTag(inv: Invitation, toTag: string): boolean {
  const x = inv as unknown as InvitationTag;
  const uas = x.incomingInviteRequest;
  if (!uas || typeof uas.toTag !== 'string') return false;
  uas.toTag = toTag;
  x.request.toTag = toTag;
  return true;
}
