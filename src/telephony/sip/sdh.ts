/**
 * A sip.js SessionDescriptionHandler for Node: plain RTP/AVP over UDP with G.711
 * (PCMU 0, PCMA 8) and telephone-event/8000 (101). sip.js's own handler needs a
 * browser's WebRTC; this one hands media to an `RtpStream` (src/telephony/media),
 * which runs RTP in a worker thread.
 *
 * Offer (outgoing call): getDescription() -> our SDP; setDescription(answer) starts RTP.
 * Answer (incoming call): setDescription(offer) -> getDescription() answers and starts RTP.
 * Answer prepared while it rings (calls.ts): prepareAnswer(offer) reads the offer, takes the
 * stream and writes the answer without starting RTP; startMedia() starts it once the 200 is out.
 */
import { SessionDescriptionHandlerError, type BodyAndContentType, type SessionDescriptionHandler } from 'sip.js';
import type { RtpStream } from '../media/types.js';
import { readSdp, writeSdp, type RemoteMedia } from './sdp.js';

/** Hands the handler a ready RTP stream (a warm spare when there is one). */
export type TakeRtpStream = () => Promise<RtpStream>;

export class NodeSdh implements SessionDescriptionHandler {
  private stream: RtpStream | null = null;
  private opening: Promise<RtpStream> | null = null;
  private remote: RemoteMedia | null = null;
  private startedFor = '';
  private muted = false;
  private closed = false;
  private readonly sessionId = Math.floor(Math.random() * 1e9);
  private version = 0;

  /** `takeNow`: the warm stream if one is open this instant (answering prepared without an await). */
  constructor(private take: TakeRtpStream, private log: (line: string) => void, private takeNow: () => RtpStream | null = () => null) {}

  /** The peer's media as negotiated, or null before negotiation. */
  get remoteMedia(): RemoteMedia | null {
    return this.remote;
  }

  /** Run once with the call's stream just before its media first starts (a recorded call's tap and announcement). */
  beforeMedia: ((stream: RtpStream) => void) | null = null;

  /** The RTP stream of this call once negotiation opened one. */
  get rtp(): RtpStream | null {
    return this.stream;
  }

  hasDescription(contentType: string): boolean {
    return contentType.toLowerCase().startsWith('application/sdp');
  }

  async setDescription(sdp: string): Promise<void> {
    const read = readSdp(sdp);
    if (!read.ok) throw new SessionDescriptionHandlerError(`unusable SDP: ${read.reason}`);
    this.remote = read.media;
    if (this.stream) this.startIfReady(this.stream);
  }

  async getDescription(): Promise<BodyAndContentType> {
    const stream = await this.ensureStream();
    const remote = this.remote;
    const body = writeSdp({
      address: stream.localAddress,
      port: stream.localPort,
      codec: remote ? { codec: remote.codec, payloadType: remote.payloadType } : undefined,
      dtmfPayloadType: remote ? remote.dtmfPayloadType : undefined,
      sessionId: this.sessionId,
      version: this.version++,
    });
    if (remote) this.startIfReady(stream);
    return { body, contentType: 'application/sdp' };
  }

  /**
   * While the call rings: read the offer, take the call's stream and write the answer SDP,
   * so answering costs no await. RTP does not start until `startMedia()`.
   */
  async prepareAnswer(offer: string): Promise<string> {
    await this.setDescription(offer);
    const stream = await this.ensureStream();
    return this.answerSdp(stream, this.remote!);
  }

  /**
   * `prepareAnswer` at once, when a warm stream is open: the answer SDP, ready before the
   * ringing call is shown; null when it cannot be done without waiting (then `prepareAnswer`).
   */
  prepareAnswerNow(offer: string): string | null {
    if (this.closed || this.stream || this.opening) return null;
    const read = readSdp(offer);
    if (!read.ok) return null;
    const stream = this.takeNow();
    if (!stream) return null;
    this.remote = read.media;
    this.stream = stream;
    if (this.muted) stream.setMuted(true);
    return this.answerSdp(stream, read.media);
  }

  private answerSdp(stream: RtpStream, remote: RemoteMedia): string {
    return writeSdp({
      address: stream.localAddress,
      port: stream.localPort,
      codec: { codec: remote.codec, payloadType: remote.payloadType },
      dtmfPayloadType: remote.dtmfPayloadType,
      sessionId: this.sessionId,
      version: this.version++,
    });
  }

  /** The 200 with the prepared answer is on the wire: send and receive from now on. */
  startMedia(): void {
    if (this.stream) this.startIfReady(this.stream);
  }

  /** Pause: the peer keeps getting packets, but only silence. */
  setMuted(muted: boolean): void {
    this.muted = muted;
    this.stream?.setMuted(muted);
  }

  sendDtmf(tones: string): boolean {
    if (!this.stream || !/^[0-9A-D#*]+$/i.test(tones)) return false;
    for (const t of tones) this.stream.sendDtmf(t.toUpperCase());
    return true;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    const s = this.stream;
    this.stream = null;
    const closing = s ? s.close() : this.opening?.then((o) => o.close());
    // a play/record program or file that failed mid-call did not stop the call; say so in the log
    s?.close().then(() => s.stats()).then((st) => { if (st.audioProblem) this.log(`audio: ${st.audioProblem}`); }, () => undefined);
    closing?.catch((e: Error) => this.log(`rtp close failed: ${e.message}`));
  }

  private ensureStream(): Promise<RtpStream> {
    if (this.stream) return Promise.resolve(this.stream);
    if (this.closed) return Promise.reject(new SessionDescriptionHandlerError('call already ended'));
    this.opening ??= this.take().then(
      (s) => {
        if (this.closed) {
          s.close().catch(() => undefined);
          throw new SessionDescriptionHandlerError('call ended while media was opening');
        }
        this.stream = s;
        if (this.muted) s.setMuted(true);
        return s;
      },
      (e: Error) => {
        throw new SessionDescriptionHandlerError(`cannot open RTP: ${e.message}`);
      },
    );
    return this.opening;
  }

  private startIfReady(stream: RtpStream): void {
    const r = this.remote;
    if (!r || r.port === 0) return;
    const key = `${r.address}:${r.port}/${r.payloadType}`;
    if (key === this.startedFor) return;
    this.startedFor = key;
    const before = this.beforeMedia;
    this.beforeMedia = null;
    before?.(stream);
    try {
      stream.start({ address: r.address, port: r.port }, r.codec, r.payloadType, r.dtmfPayloadType);
    } catch (e) {
      throw new SessionDescriptionHandlerError(`cannot start RTP: ${(e as Error).message}`);
    }
    this.log(`rtp ${stream.localAddress}:${stream.localPort} -> ${key} ${r.codec}`);
  }
}
