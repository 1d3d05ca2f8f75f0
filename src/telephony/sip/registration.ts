/**
 * The operator's link to the PBX: the WebSocket, digest REGISTER with refresh, and keeping
 * both alive. sip.js's Registerer stays "Registered" after its WebSocket died (SIP-NOTES.md),
 * so `PbxLink` pings on a timer and treats a missing pong as a dead link, then drops the
 * Registerer, reconnects with backoff and registers with a fresh one. A wrong password is
 * not retried. On stop the un-REGISTER is raced against a short timeout (a dead socket
 * would hang ~32 s).
 *
 * Every registration move is checked against `registrationMoves` (call-state.ts); an
 * illegal one is a bug, handed to `onBug` (logged in production, thrown in tests).
 */
import WebSocket from 'ws';
import { Registerer, RegistererState, type Core, type UserAgent } from 'sip.js';
import type { RegistrationState } from '../phone.js';
import { moveRegistration } from '../call-state.js';
import type { ResolvedOptions } from './options.js';
import { registrationFailure } from './reasons.js';

/** What the rest of the phone hears from the link. */
export interface LinkEvents {
  /** The registration state changed (or was reported again with a new reason). */
  changed(state: RegistrationState, reason?: string): void;
  /** The WebSocket is open; `localAddress` is where it leaves this box (the RTP address). */
  connected(localAddress: string | undefined): void;
  /** REGISTER accepted (first time, after a retry or after a reconnect). */
  registered(ua: UserAgent): void;
  /** The WebSocket dropped: every dialog on it is gone. */
  lost(): void;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class PbxLink {
  private ua: UserAgent | null = null;
  private registerer: Registerer | null = null;
  private state: RegistrationState = 'offline';
  private stopping = false;
  private wrongPassword = false;
  private backoff: number;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private awaitingPongSince = 0;
  private pongWatched = new WeakSet<object>();
  private connecting = false;

  constructor(private readonly o: ResolvedOptions, private readonly on: LinkEvents) {
    this.backoff = o.reconnectMinMs;
  }

  /** Registration state now. */
  get current(): RegistrationState {
    return this.state;
  }

  /** The settings cannot work (bad PBX address, bad extension): failed before any connection. */
  refuse(reason: string): void {
    this.set('failed', reason);
  }

  /** Connect `ua` to the PBX and register; reconnects by itself until `stop()`. */
  async start(ua: UserAgent): Promise<void> {
    this.ua = ua;
    this.stopping = false;
    await this.connect(true);
  }

  /** The transport says the WebSocket closed (or the ping found it dead). */
  lost(why: string): void {
    if (this.stopping || !this.ua) return;
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
    const reg = this.registerer;
    this.registerer = null;
    reg?.dispose().catch(() => undefined);
    this.on.lost();
    if (this.wrongPassword) return;
    this.set('connecting', `lost the PBX (${why}); reconnecting`);
    if (this.reconnectTimer || this.connecting) return;
    const wait = this.backoff;
    this.reconnectTimer = setTimeout(() => { this.reconnectTimer = null; void this.connect(false); }, wait);
  }

  /** No more reconnects or pings; the calls may still hang up on the link until `close()`. */
  stopReconnecting(): void {
    this.stopping = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.reconnectTimer = this.pingTimer = null;
  }

  /** Un-REGISTER (raced against `unregisterTimeoutMs`), stop the user agent, drop the socket. */
  async close(): Promise<void> {
    const ua = this.ua;
    if (!ua) return;
    const reg = this.registerer;
    this.registerer = null;
    if (reg && ua.isConnected()) {
      await Promise.race([reg.unregister().catch(() => undefined), sleep(this.o.unregisterTimeoutMs)]);
    }
    await Promise.race([ua.stop().catch(() => undefined), sleep(1000)]);
    this.webSocket()?.terminate();
    this.ua = null;
  }

  /** Stopped: tell the desk. */
  offline(): void {
    this.set('offline');
  }

  private set(state: RegistrationState, reason?: string): void {
    if (state === this.state && state !== 'failed' && state !== 'connecting') return;
    try {
      moveRegistration(this.state, state);
    } catch (e) {
      this.o.onBug(e as Error);
    }
    this.state = state;
    this.o.log(`sip: registration ${state}${reason ? ` (${reason})` : ''}`);
    this.on.changed(state, reason);
  }

  private webSocket(): WebSocket | undefined {
    return (this.ua?.transport as unknown as { ws?: WebSocket } | undefined)?.ws;
  }

  private async connect(first: boolean): Promise<void> {
    const ua = this.ua;
    if (!ua || this.stopping || this.connecting) return;
    this.connecting = true;
    this.set('connecting', first ? undefined : 'reconnecting to the PBX');
    try {
      if (first) await ua.start();
      else await ua.reconnect();
    } catch (e) {
      this.connecting = false;
      if (this.stopping) return;
      const wait = this.backoff;
      this.backoff = Math.min(this.backoff * 2, this.o.reconnectMaxMs);
      this.set('failed', `cannot reach the PBX at ${this.o.url} (${(e as Error).message}); retrying in ${(wait / 1000).toFixed(1)} s`);
      this.reconnectTimer = setTimeout(() => { this.reconnectTimer = null; void this.connect(false); }, wait);
      return;
    }
    this.connecting = false;
    if (this.stopping) return;
    const sock = (this.webSocket() as unknown as { _socket?: { localAddress?: string } } | undefined)?._socket;
    this.on.connected(sock?.localAddress?.replace(/^::ffff:/, ''));
    this.startPing();
    this.register();
  }

  private register(): void {
    if (!this.ua || this.stopping) return;
    const reg = new Registerer(this.ua, { expires: this.o.registerExpires, refreshFrequency: 85 });
    this.registerer = reg;
    reg.stateChange.addListener((s) => {
      if (reg !== this.registerer || this.stopping) return;
      if (s === RegistererState.Registered) {
        this.backoff = this.o.reconnectMinMs;
        this.set('registered');
        if (this.ua) this.on.registered(this.ua);
      }
    });
    reg.register({
      requestDelegate: {
        onReject: (r: Core.IncomingResponse) => {
          if (reg !== this.registerer) return;
          const m = r.message;
          const f = registrationFailure(m.statusCode ?? 0, m.reasonPhrase ?? '', this.o.login, this.o.extension);
          this.wrongPassword = f.wrongPassword;
          this.set('failed', f.reason);
          if (!f.wrongPassword && !this.stopping) {
            const wait = this.backoff;
            this.backoff = Math.min(this.backoff * 2, this.o.reconnectMaxMs);
            this.reconnectTimer = setTimeout(() => { this.reconnectTimer = null; this.register(); }, wait);
          }
        },
      },
    }).catch((e: Error) => this.o.log(`sip: register: ${e.message}`, 'warn'));
  }

  private startPing(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.awaitingPongSince = 0;
    this.pingTimer = setInterval(() => {
      const ws = this.webSocket();
      if (!ws || ws.readyState !== WebSocket.OPEN) return;
      if (!this.pongWatched.has(ws)) {
        this.pongWatched.add(ws);
        ws.on('pong', () => { this.awaitingPongSince = 0; });
      }
      if (this.awaitingPongSince && Date.now() - this.awaitingPongSince > this.o.deadLinkMs) {
        this.o.log(`sip: no pong from the PBX for ${Date.now() - this.awaitingPongSince} ms; dropping the link`, 'warn');
        this.awaitingPongSince = 0;
        ws.terminate();
        return;
      }
      if (!this.awaitingPongSince) this.awaitingPongSince = Date.now();
      try { ws.ping(); } catch { /* close follows */ }
    }, Math.min(this.o.keepAliveMs, this.o.deadLinkMs));
    this.pingTimer.unref();
  }
}
