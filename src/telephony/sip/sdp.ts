/**
 * Plain RTP/AVP SDP for one audio stream: read the peer's offer or answer, write ours.
 * Only what a dispatcher's softphone needs: G.711 (PCMU 0, PCMA 8) and RFC 4733
 * telephone-event. Anything else is refused with a reason that ends up in the log and
 * as a 488 Not Acceptable Here on the wire.
 */
import type { Codec } from '../media/types.js';

export interface RemoteMedia {
  address: string;
  port: number;
  /** The codec we will send, picked from the peer's list in the peer's order. */
  codec: Codec;
  payloadType: number;
  /** The peer's telephone-event payload type, when it offered one. */
  dtmfPayloadType?: number;
  /** sendrecv / sendonly / recvonly / inactive as the peer wrote it. */
  direction: 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';
}

export type SdpResult = { ok: true; media: RemoteMedia } | { ok: false; reason: string };

const STATIC: Record<number, Codec> = { 0: 'PCMU', 8: 'PCMA' };
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/** Read a peer's SDP (offer or answer). Never throws. */
export function readSdp(sdp: string): SdpResult {
  if (typeof sdp !== 'string' || sdp.trim() === '') return { ok: false, reason: 'no SDP body' };
  if (sdp.length > 16_384) return { ok: false, reason: 'SDP too large' };
  const lines = sdp.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  if (!lines[0]?.startsWith('v=0')) return { ok: false, reason: 'SDP does not start with v=0' };
  let sessionAddr = '';
  let sessionDir: RemoteMedia['direction'] = 'sendrecv';
  let audio: { port: number; proto: string; pts: number[]; addr: string; dir?: RemoteMedia['direction']; rtpmap: Map<number, string> } | null = null;
  let inOtherMedia = false;
  for (const line of lines) {
    if (!/^[a-z]=/.test(line)) return { ok: false, reason: `SDP line is not "x=value": ${JSON.stringify(line.slice(0, 40))}` };
    const k = line[0];
    const v = line.slice(2);
    if (k === 'm') {
      inOtherMedia = false;
      const m = v.split(/\s+/);
      if (m[0] !== 'audio') { inOtherMedia = true; continue; }
      if (audio) { inOtherMedia = true; continue; } // first audio stream only
      const port = Number(m[1]);
      if (!Number.isInteger(port) || port < 0 || port > 65535) return { ok: false, reason: `bad audio port ${JSON.stringify(m[1])}` };
      const pts = m.slice(3).map(Number);
      if (pts.length === 0 || pts.some((p) => !Number.isInteger(p) || p < 0 || p > 127)) return { ok: false, reason: 'bad payload type list in m=audio' };
      audio = { port, proto: m[2] ?? '', pts, addr: '', rtpmap: new Map() };
    } else if (k === 'c') {
      const c = v.split(/\s+/);
      if (c[0] !== 'IN') return { ok: false, reason: `unsupported connection ${JSON.stringify(v)}` };
      if (c[1] !== 'IP4') return { ok: false, reason: `only IPv4 media is supported, got ${c[1]}` };
      const addr = (c[2] ?? '').split('/')[0];
      if (!IPV4.test(addr)) return { ok: false, reason: `bad media address ${JSON.stringify(c[2] ?? '')}` };
      if (audio && !inOtherMedia) audio.addr = addr;
      else if (!audio) sessionAddr = addr;
    } else if (k === 'a') {
      const dir = v === 'sendrecv' || v === 'sendonly' || v === 'recvonly' || v === 'inactive' ? v : null;
      if (dir) {
        if (audio && !inOtherMedia) audio.dir = dir;
        else if (!audio) sessionDir = dir;
        continue;
      }
      const rm = v.match(/^rtpmap:(\d+)\s+([^/\s]+)\/(\d+)/);
      if (rm && audio && !inOtherMedia) audio.rtpmap.set(Number(rm[1]), `${rm[2].toLowerCase()}/${rm[3]}`);
    }
  }
  if (!audio) return { ok: false, reason: 'no audio stream in SDP' };
  if (audio.proto !== 'RTP/AVP') return { ok: false, reason: `media profile ${audio.proto} is not plain RTP/AVP (WebRTC/SRTP is not supported)` };
  const address = audio.addr || sessionAddr;
  if (!address) return { ok: false, reason: 'no media address (c=) in SDP' };
  let codec: Codec | undefined;
  let payloadType = -1;
  for (const pt of audio.pts) {
    const named = audio.rtpmap.get(pt);
    const c = named === 'pcmu/8000' ? 'PCMU' : named === 'pcma/8000' ? 'PCMA' : named === undefined ? STATIC[pt] : undefined;
    if (c) { codec = c; payloadType = pt; break; }
  }
  if (!codec) return { ok: false, reason: `no common codec: peer offers payload types ${audio.pts.join(' ')}, we speak PCMU and PCMA` };
  let dtmfPayloadType: number | undefined;
  for (const pt of audio.pts) if (audio.rtpmap.get(pt) === 'telephone-event/8000') dtmfPayloadType = pt;
  return { ok: true, media: { address, port: audio.port, codec, payloadType, dtmfPayloadType, direction: audio.dir ?? sessionDir } };
}

export interface LocalMedia {
  address: string;
  port: number;
  /** Answer: exactly the chosen codec. Offer: undefined -> PCMU, PCMA. */
  codec?: { codec: Codec; payloadType: number };
  dtmfPayloadType?: number;
  sessionId: number;
  version: number;
}

/** Write our SDP: an offer (PCMU, PCMA, telephone-event 101) or an answer (the chosen codec). */
export function writeSdp(m: LocalMedia): string {
  const pts = m.codec ? [m.codec.payloadType] : [0, 8];
  const dtmf = m.dtmfPayloadType ?? (m.codec ? undefined : 101);
  if (dtmf !== undefined) pts.push(dtmf);
  const lines = [
    'v=0',
    `o=ringdesk ${m.sessionId} ${m.version} IN IP4 ${m.address}`,
    's=ringdesk',
    `c=IN IP4 ${m.address}`,
    't=0 0',
    `m=audio ${m.port} RTP/AVP ${pts.join(' ')}`,
  ];
  for (const pt of pts) {
    if (pt === dtmf) lines.push(`a=rtpmap:${pt} telephone-event/8000`, `a=fmtp:${pt} 0-16`);
    else lines.push(`a=rtpmap:${pt} ${(m.codec && pt === m.codec.payloadType ? m.codec.codec : STATIC[pt])}/8000`);
  }
  lines.push('a=ptime:20', 'a=sendrecv');
  return lines.join('\r\n') + '\r\n';
}
