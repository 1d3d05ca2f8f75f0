/**
 * A Phone driven by a script instead of a network: fixtures, demo calls and tests call
 * `ring`, `callerHangsUp`, `answeredElsewhere`, ...; the desk's actions come back as the
 * same events a SIP phone would emit, asynchronously, as on a network.
 */
import { randomUUID } from 'node:crypto';
import { PhoneEvents, type AnswerOptions, type EndReason, type Phone, type RegistrationState, type TransferProgress } from '../phone.js';
import { canMove, moveRegistration, type CallPhase } from '../call-state.js';
import type { CallFigures } from '../../domain/call-figures.js';

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
  /** A call's consultation call (attended transfer), ended with it once transferred. */
  private readonly consults = new Map<string, string>();
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

  /**
   * An incoming call from `from` (any caller-ID text, '' or 'anonymous' for withheld); `extra`: a
   * colleague's transfer id it carries, the number dialled and the PBX's group header.
   */
  ring(from: string, callId = `replay-${this.run}-${++this.seq}`, extra: { transfer?: string; called?: string; groupHeader?: string; codeHeader?: string } = {}): string {
    this.calls.set(callId, { phase: 'ringing', direction: 'incoming', number: from });
    this.emit({ type: 'incoming', callId, from, at: this.now(), ...Object.fromEntries(Object.entries(extra).filter(([, v]) => v !== undefined)) });
    return callId;
  }

  /**
   * A transfer of `callId` moves on, as the NOTIFY sipfrag bodies would say: trying, ringing,
   * answered (the dispatcher's leg then ends, transferred), failed (the target did not take it:
   * the call stays); 'refused' = the REFER refused (603): ringdesk bridges the two itself.
   */
  transferProgress(callId: string, state: TransferProgress | 'refused', detail?: string): void {
    const c = this.calls.get(callId);
    if (!c || c.phase === 'ended') return;
    const at = this.now();
    if (state === 'refused') {
      this.emit({ type: 'transfer', callId, state: 'failed', code: 603, detail: `refused: 603 Decline; ringdesk connects them itself`, at });
      this.emit({ type: 'transfer', callId, state: 'bridging', at });
      this.emit({ type: 'transfer', callId, state: 'bridged', at });
      this.endConsultOf(callId);
      return this.end(callId, 'transferred', 'bridged by ringdesk');
    }
    this.emit({ type: 'transfer', callId, state, detail, at });
    if (state === 'answered') {
      this.endConsultOf(callId);
      this.end(callId, 'transferred', 'transferred');
    }
  }

  /** The caller hangs up: a missed call while ringing, a remote hang-up once answered. */
  callerHangsUp(callId: string): void {
    const c = this.calls.get(callId);
    if (!c || c.phase === 'ended') return;
    this.end(callId, c.phase === 'ringing' || c.phase === 'dialing' ? (c.direction === 'incoming' ? 'caller-cancelled' : 'no-answer') : 'remote-hangup');
  }

  /** The media worker's figures of a call that ended (issue 18), as a SIP phone gives them after the end. */
  callFigures(callId: string, figures: CallFigures): void {
    this.later(() => this.emit({ type: 'figures', callId, figures }));
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

  /** Desk-phone mode: the dispatcher picks the ringing call up on the desk phone (its audio never passes the console). */
  pickedUpOnDeskPhone(callId: string): void {
    const c = this.calls.get(callId);
    if (!c || c.phase !== 'ringing') return;
    c.phase = 'answered';
    this.emit({ type: 'answered', callId, at: this.now(), where: 'desk-phone' });
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

  answer(callId: string, o?: AnswerOptions): void {
    this.actions.push(`answer ${callId}${o?.record ? ` recorded to ${o.record}` : ''}`);
    const c = this.calls.get(callId);
    if (!c || c.phase !== 'ringing' || c.direction !== 'incoming') return;
    c.phase = 'answered';
    this.later(() => this.emit({ type: 'answered', callId, at: this.now() }));
    // recorded: the caller hears the announcement until the script says it ended (`announcementEnds`)
    if (o?.announce) this.later(() => this.emit({ type: 'recording', callId, state: 'announcing' }));
  }

  /** A recorded call's announcement has played: the dispatcher is connected. */
  announcementEnds(callId: string): void {
    this.emit({ type: 'recording', callId, state: 'connected' });
  }

  /** A recorded call's recorder could not make its file (as the SIP phone says it: `not recorded: <why>`); the call goes on. */
  recordingFails(callId: string, why: string): void {
    this.emit({ type: 'recording', callId, state: 'not-recorded', detail: `not recorded: ${why}` });
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

  dial(number: string, logged = true): string {
    const callId = `replay-${this.run}-out-${++this.seq}`;
    if (logged) this.actions.push(`dial ${number}`);
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

  transfer(callId: string, target: string, o: { tag?: string } = {}): void {
    this.actions.push(`transfer ${callId} ${target}${o.tag ? ` #${o.tag}` : ''}`);
    if (this.calls.get(callId)?.phase !== 'answered') return;
    this.later(() => this.emit({ type: 'transfer', callId, state: 'asked', at: this.now() }));
  }

  consult(callId: string, target: string, o: { tag?: string } = {}): string {
    this.actions.push(`consult ${callId} ${target}${o.tag ? ` #${o.tag}` : ''}`);
    const c = this.calls.get(callId);
    if (c && c.phase === 'answered') {
      c.phase = 'paused';
      this.later(() => this.emit({ type: 'muted', callId, muted: true }));
    }
    const consultId = this.dial(target, false);
    this.consults.set(callId, consultId);
    return consultId;
  }

  completeTransfer(callId: string, consultId: string, o: { tag?: string } = {}): void {
    this.actions.push(`complete ${callId} ${consultId}${o.tag ? ` #${o.tag}` : ''}`);
    const c = this.calls.get(callId);
    if (!c || c.phase === 'ended') return;
    this.later(() => this.emit({ type: 'transfer', callId, state: 'asked', at: this.now() }));
  }

  private endConsultOf(callId: string): void {
    const consultId = this.consults.get(callId);
    this.consults.delete(callId);
    if (consultId) this.end(consultId, 'transferred', 'transferred');
  }

  private end(callId: string, reason: EndReason, detail?: string): void {
    const c = this.calls.get(callId);
    if (!c || c.phase === 'ended') return;
    c.phase = 'ended';
    this.emit({ type: 'ended', callId, reason, ...(detail ? { detail } : {}), at: this.now() });
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
