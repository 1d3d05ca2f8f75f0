/**
 * A Phone driven by a script instead of a network: fixtures, demo calls and tests call
 * `ring`, `callerHangsUp`, `answeredElsewhere`, ...; the desk's actions come back as the
 * same events a SIP phone would emit, asynchronously, as on a network.
 */
import { randomUUID } from 'node:crypto';
import { PhoneEvents, type EndReason, type Phone, type RegistrationState } from '../phone.js';
import { canMove, moveRegistration, type CallPhase } from '../call-state.js';

export interface ReplayOptions {
  now?: () => number;
  /** Register at start (default true); a fixture may start offline to test disabled call keys. */
  register?: boolean;
  /** Outgoing calls are answered by the far end after this many ms; -1 = only when scripted. */
  remoteAnswerMs?: number;
}

export class ReplayPhone extends PhoneEvents implements Phone {
  private calls = new Map<string, { phase: CallPhase; direction: 'incoming' | 'outgoing'; number: string }>();
  private seq = 0;
  /** Unique to this phone: call ids (the call log's references) never repeat across runs of the demo. */
  private readonly run = randomUUID().slice(0, 8);
  private registration: RegistrationState = 'offline';
  private timers = new Set<NodeJS.Timeout>();
  private readonly now: () => number;
  /** Every action the desk asked for, in order: fixtures assert on it. */
  readonly actions: string[] = [];

  constructor(private o: ReplayOptions = {}) {
    super();
    this.now = o.now ?? Date.now;
  }

  async start(): Promise<void> {
    if (this.o.register === false) return this.setRegistration('offline');
    this.setRegistration('connecting');
    this.later(() => this.setRegistration('registered'));
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.setRegistration('offline');
  }

  /** Report a registration state; an illegal move (call-state.ts) throws, as it is a bug in the script. */
  setRegistration(state: RegistrationState, reason?: string): void {
    this.registration = moveRegistration(this.registration, state);
    this.emit({ type: 'registration', state, reason });
  }

  // ------------------------------------------------------------ the script's side

  /** An incoming call from `from` (any caller-ID text, '' or 'anonymous' for withheld). */
  ring(from: string, callId = `replay-${this.run}-${++this.seq}`): string {
    this.calls.set(callId, { phase: 'ringing', direction: 'incoming', number: from });
    this.emit({ type: 'incoming', callId, from, at: this.now() });
    return callId;
  }

  /** The caller hangs up: a missed call while ringing, a remote hang-up once answered. */
  callerHangsUp(callId: string): void {
    const c = this.calls.get(callId);
    if (!c || c.phase === 'ended') return;
    this.end(callId, c.phase === 'ringing' || c.phase === 'dialing' ? (c.direction === 'incoming' ? 'caller-cancelled' : 'no-answer') : 'remote-hangup');
  }

  /** The caller gives up only if nobody has answered yet. */
  giveUpIfUnanswered(callId: string): void {
    if (this.calls.get(callId)?.phase === 'ringing') this.callerHangsUp(callId);
  }

  /** A colleague answered this forked call first (CANCEL, "Call completed elsewhere"). */
  answeredElsewhere(callId: string): void {
    const c = this.calls.get(callId);
    if (c && c.phase !== 'ended') this.end(callId, 'answered-elsewhere');
  }

  /** Outgoing: the far end picks up. */
  remoteAnswers(callId: string): void {
    const c = this.calls.get(callId);
    if (!c || !canMove(c.phase, 'answered')) return;
    c.phase = 'answered';
    this.emit({ type: 'answered', callId, at: this.now() });
  }

  remoteBusy(callId: string): void {
    const c = this.calls.get(callId);
    if (c && c.phase !== 'ended') this.end(callId, 'busy');
  }

  /** The id of the last call placed with dial(), for scripts. */
  lastDialled(): string | undefined {
    return [...this.calls.entries()].filter(([, c]) => c.direction === 'outgoing').pop()?.[0];
  }

  liveCalls(): string[] {
    return [...this.calls.entries()].filter(([, c]) => c.phase !== 'ended').map(([id]) => id);
  }

  // ------------------------------------------------------------ the desk's side

  answer(callId: string): void {
    this.actions.push(`answer ${callId}`);
    const c = this.calls.get(callId);
    if (!c || c.phase !== 'ringing' || c.direction !== 'incoming') return;
    c.phase = 'answered';
    this.later(() => this.emit({ type: 'answered', callId, at: this.now() }));
  }

  reject(callId: string, decline = false): void {
    this.actions.push(`reject ${callId}${decline ? ' decline' : ''}`);
    const c = this.calls.get(callId);
    if (c && c.phase === 'ringing') this.later(() => this.end(callId, 'rejected'));
  }

  hangup(callId: string): void {
    this.actions.push(`hangup ${callId}`);
    const c = this.calls.get(callId);
    if (c && c.phase !== 'ended') this.later(() => this.end(callId, 'local-hangup'));
  }

  mute(callId: string, muted: boolean): void {
    this.actions.push(`${muted ? 'mute' : 'unmute'} ${callId}`);
    const c = this.calls.get(callId);
    if (!c || (c.phase !== 'answered' && c.phase !== 'paused')) return;
    c.phase = muted ? 'paused' : 'answered';
    this.later(() => this.emit({ type: 'muted', callId, muted }));
  }

  dial(number: string): string {
    const callId = `replay-${this.run}-out-${++this.seq}`;
    this.actions.push(`dial ${number}`);
    this.calls.set(callId, { phase: 'dialing', direction: 'outgoing', number });
    this.later(() => {
      const c = this.calls.get(callId);
      if (!c || c.phase !== 'dialing') return;
      c.phase = 'ringing';
      this.emit({ type: 'ringing', callId, at: this.now() });
      const after = this.o.remoteAnswerMs ?? -1;
      if (after >= 0) this.later(() => this.remoteAnswers(callId), after);
    });
    return callId;
  }

  private end(callId: string, reason: EndReason): void {
    const c = this.calls.get(callId);
    if (!c || c.phase === 'ended') return;
    c.phase = 'ended';
    this.emit({ type: 'ended', callId, reason, at: this.now() });
  }

  /** Network-like asynchrony: the event follows the action, never inside it. */
  private later(f: () => void, ms = 0): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      f();
    }, ms);
    this.timers.add(t);
  }
}
