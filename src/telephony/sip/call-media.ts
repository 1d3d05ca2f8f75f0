/**
 * RTP streams for the phone's calls. The stream a call will use is opened before it is
 * needed: a warm spare waits from registration on, so answering costs no socket bind or
 * worker round trip; each call taking it starts the next one. Streams bind to the address
 * the PBX link leaves this box from.
 */
import type { AudioSpec, RtpStream } from '../media/types.js';
import type { ResolvedOptions } from './options.js';

export class CallMedia {
  private spare: Promise<RtpStream> | null = null;
  /** The spare once it is open: a ringing call takes it without an await. */
  private ready: RtpStream | null = null;
  private address = '127.0.0.1';
  private closed = false;

  constructor(private readonly o: ResolvedOptions) {}

  /** The PBX link is up from `localAddress` (when known): streams bind there; a spare is made ready. */
  linkUp(localAddress: string | undefined): void {
    if (localAddress) this.address = localAddress;
    this.closed = false;
    this.fillSpare();
  }

  /** A new stream playing `audio` (the headset leg's own, or a call's when no spare is ready). */
  open(audio: AudioSpec = this.o.audio): Promise<RtpStream> {
    return this.o.openRtp({ localAddress: this.address, audio, portMin: this.o.rtpPortMin, portMax: this.o.rtpPortMax });
  }

  /** The stream for a call: the warm spare when there is one; the next spare opens behind it. */
  take(): Promise<RtpStream> {
    const p = this.spare;
    this.spare = null;
    this.ready = null;
    queueMicrotask(() => this.fillSpare());
    return p ? p.catch(() => this.open()) : this.open();
  }

  /**
   * The open warm spare now, or null when none is open yet (then `take`). The next spare is
   * opened after this turn, so a ringing call's banner and answer do not wait for it.
   */
  takeNow(): RtpStream | null {
    const s = this.ready;
    if (!s) return null;
    this.ready = null;
    this.spare = null;
    setImmediate(() => this.fillSpare());
    return s;
  }

  /** Stop: the spare is closed and no new one is opened. */
  async close(): Promise<void> {
    this.closed = true;
    this.ready = null;
    const spare = this.spare;
    this.spare = null;
    if (spare) await spare.then((s) => s.close()).catch(() => undefined);
  }

  private fillSpare(): void {
    if (this.spare || this.closed) return;
    const p = this.open();
    p.then((s) => { if (this.spare === p) this.ready = s; }, () => undefined);
    p.catch((e: Error) => {
      this.o.log(`rtp: cannot open a stream: ${e.message}`, 'error');
      if (this.spare === p) this.spare = null;
    });
    this.spare = p;
  }
}
