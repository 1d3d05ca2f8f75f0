/**
 * The effect runner: owns the desk state, feeds events through `reduce` one at a time, in order,
 * and carries out the effects it returns against the store's ports and the phone — the only
 * impure part of the desk, and it decides nothing. Whatever it must await (a port's answer) it
 * awaits in place: the next event, a key typed meanwhile included, is reduced only after the
 * effects before it have answered, so nothing is lost or overtaken (an `ended` never overtakes
 * the `incoming` whose caller lookup is still out). `settled()` is the point where all is answered.
 */
import { randomUUID } from 'node:crypto';
import type { AnswerOptions, PhoneEvent } from '../telephony/phone.js';
import type { StorePorts } from '../store/ports.js';
import { reduce } from './reduce.js';
import { parseDraft, serialiseDraft } from './drafts.js';
import { clipText } from '../domain/outside-text.js';
import { normalisePhone, phoneKey } from '../domain/phone-number.js';
import { createDraft, handToPos, newOrderFacts, runOrderEffect, sendDelivery, type OrderEffectContext } from './order-effects.js';
import { AddressGeocoder } from './geocode-effects.js';
import { defaults } from '../config/config.js';
import { initialState, type CallReservation, type DeskState } from './state.js';
import { answersAtOnce } from './key-routing.js';
import type { CallCode, DeskEvent, Effect } from './events.js';
import { routeCode } from '../callbacks/code-route.js';
import { KeptWrites, type KeptWrite } from './kept-writes.js';
import { ConsoleRun, HEARTBEAT_MS, IDLE_HEARTBEAT_MS, SWEEP_MS } from './console-run.js';
import { runCustomerEffect } from './customer-effects.js';
import { followCall, loadQueue, runQueueEffect } from './queue-effects.js';
import { runChatEffect } from './chat-effects.js';
import { runCallbackEffect } from './callback-effects.js';
import { deskSources, type DeskSources } from './screen-sources.js';
import { runScreenEffect } from './screen-effects.js';
import { handoffOf, listLoaded, runDeskEffect, type DeskEffectContext } from './desk-effects.js';
import { DeskLive } from './desk-live.js';
import { EventLine, type Job } from './event-line.js';
import type { RunnerOptions } from './runner-options.js';

export type { RunnerOptions };
export { HEARTBEAT_MS, IDLE_HEARTBEAT_MS, SWEEP_MS };

export class DeskRunner {
  state: DeskState;
  /** Events in order, effects awaited in place (src/desk/event-line.ts). */
  private readonly line: EventLine = new EventLine({
    reduce: (event) => {
      const step = reduce(this.state, event);
      this.state = step.state;
      return step.effects;
    },
    execute: (e) => this.execute(e),
    tell: () => this.tell(),
    // the answer key's 200 OK never waits behind a port's answer
    jumps: (event) => answersAtOnce(this.state, event),
  });
  /** The state the listeners were last told of. */
  private told: DeskState;
  private listeners = new Set<(s: DeskState) => void>();
  private unsubscribePhone: () => void;
  private readonly now: () => number;
  private readonly ports: StorePorts;
  private readonly timezone: string;
  /** What the full screens read (the customer base, the call log since the shift began) and the customer edits write through. */
  private readonly sources: DeskSources;
  private readonly geocoder: AddressGeocoder | null;
  /** Call-log and session rows, written through a lock (see RunnerOptions.rowWrites). */
  private readonly kept: KeptWrites;
  /** Events the desk asked to get back later ('after' effects). */
  private readonly timers = new Set<NodeJS.Timeout>();
  /** This console run's row and its calls in the call log. */
  private readonly run: ConsoleRun;
  /** The console's clock, heartbeat, sweep and commit watch (runLive). */
  private readonly live: DeskLive;
  /** Where each kind of effect goes: the effect files, each over the ports and the desk's clock. */
  private readonly contexts: ReturnType<DeskRunner['makeContexts']>;

  constructor(private o: RunnerOptions) {
    this.now = o.now ?? Date.now;
    this.ports = o.ports ?? o.store.ports;
    this.timezone = o.timezone ?? defaults.timezone;
    this.consoleId = o.consoleId ?? `desk-${randomUUID()}`;
    this.sources = deskSources(this.ports, this.timezone, this.now);
    this.run = new ConsoleRun({ store: o.store, id: this.consoleId, operator: o.operator, now: this.now, log: o.log, timezone: this.timezone });
    this.geocoder = o.geocoder ? new AddressGeocoder(o.geocoder, o.geocodeTimeoutMs) : null;
    this.state = initialState({
      operator: o.operator.name, extension: o.operator.extension, currency: this.ports.currency, region: this.ports.region,
      now: this.now(), columns: o.columns, rows: o.rows, rejectSpam: o.rejectSpam, autoAnswerMs: o.autoAnswerMs, cannedReplies: o.cannedReplies, whatsappTemplates: o.whatsappTemplates,
    });
    this.told = this.state;
    this.kept = new KeptWrites({
      store: o.store, now: this.now, afterFrame: o.rowWrites === 'after-frame', frameHook: o.afterFrame, write: (e) => this.writeKept(e),
      failed: (text) => this.enqueue({ type: 'error', text }, true),
    });
    this.live = new DeskLive({
      ports: this.ports, run: this.run, now: this.now, log: o.log, shared: o.store.file !== ':memory:', readBatchMs: o.readBatchMs,
      state: () => this.state, dispatch: (e) => this.dispatch(e), enqueue: (job) => this.enqueue(job),
    });
    this.contexts = this.makeContexts();
    this.unsubscribePhone = o.phone.on((e) => this.onPhone(e));
  }

  /** This console run, as the call log knows it. */
  readonly consoleId: string;

  /**
   * Start: close what an earlier run left ringing, load the open orders and bring back whatever
   * this operator had open, half-typed text included. Resolves once the desk shows it.
   */
  start(): Promise<void> {
    this.enqueue(async () => {
      await this.live.mark();
      this.run.begin();
      return [];
    });
    // every console gone while nobody watched (the last one killed) is found now
    this.live.sweep(true);
    this.enqueue(async () => {
      const { ports } = this;
      const out: DeskEvent[] = [];
      const presence = await this.startPresence();
      if (presence) out.push(presence);
      out.push(await listLoaded(ports), await loadQueue(this.contexts.queue));
      const session = await ports.sessions.load(this.o.operator.name);
      if (!session) return out;
      const delivery = session.deliveryId ? await ports.deliveries.get(session.deliveryId) : null;
      const draft = parseDraft(session.draft);
      if (delivery || draft) out.push({ type: 'session-restored', delivery, draft });
      if (delivery) out.push(await handoffOf(ports, delivery.id));
      return out;
    });
    return this.settled();
  }

  /** This operator's presence as the console starts: a break chosen before a restart stays, anything else is available. */
  private async startPresence(): Promise<DeskEvent | null> {
    const { presence, operators } = this.ports;
    const name = this.o.operator.name;
    try {
      const before = await presence.of(name);
      const mine = { status: before?.status === 'break' ? 'break' as const : 'available' as const, until: null, since: this.now() };
      await presence.set(name, mine, this.consoleId);
      const [team, limits] = await Promise.all([presence.all(), operators.limits(name)]);
      return { type: 'presence-loaded', team, limits };
    } catch (err) {
      this.o.log?.(`presence not recorded: ${(err as Error).message}`);
      return null;
    }
  }

  /**
   * The console is alive (call it every HEARTBEAT_MS): its row says so, and the open calls of
   * console runs that are gone are closed at their last sign of life.
   */
  heartbeat(): void {
    this.run.heartbeat();
  }

  /** Look whether the consoles this one watches are still there (a vanished one is marked gone). */
  sweep(all = false): void {
    this.live.sweep(all);
  }

  /** The relay service is alive (it sweeps for the whole box), or gone (this console sweeps again). */
  sweepColleagues(on: boolean): void {
    this.live.sweepColleagues(on);
  }

  /** Another connection committed: the desk reads again what moved (src/desk/desk-live.ts). */
  colleagueCommitted(): void {
    this.live.colleagueCommitted();
  }

  /** The console's own clock, heartbeat and ears (src/desk/desk-live.ts). Returns the stop. */
  runLive(): () => void {
    return this.live.start();
  }

  /** The console quits: its run is over, its operator offline (a crash never gets here; a colleague's sweep finds its lock free). */
  stop(): void {
    this.run.stop();
  }

  subscribe(f: (s: DeskState) => void): () => void {
    this.listeners.add(f);
    return () => this.listeners.delete(f);
  }

  dispose(): void {
    this.unsubscribePhone();
    this.listeners.clear();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    // a last try with the full busy timeout; what still cannot be written is at least in the log
    for (const e of this.kept.close()) this.o.log?.(`not written, the database stayed locked: ${JSON.stringify(e)}`, 'error');
  }

  /** How many call-log and session rows wait for the database (a colleague's long write holds its lock). */
  get waitingWrites(): number {
    return this.kept.waiting;
  }

  /** Write the waiting call-log and session rows now (`patient`: one try with the full busy timeout). */
  flushWrites(patient = false): void {
    this.kept.flush(patient);
  }

  private writeKept(e: KeptWrite): void {
    if (e.type === 'log-call') {
      this.run.logCall(e.entry);
      const call = this.state.calls.find((c) => c.id === e.entry.callRef);
      // this console's own writes wake no commit watch here: its queue is read again at once
      if (followCall(this.o.store, this.contexts.queue, e.entry, call?.lookup?.customers[0]?.name ?? '')) this.enqueue(async () => [await loadQueue(this.contexts.queue)], true);
      return;
    }
    this.o.store.sessions.save(this.o.operator.name, { deliveryId: e.session.deliveryId, draft: serialiseDraft(e.session.draft) }, this.now());
  }

  /** Events are processed one at a time, in order, even when an effect dispatches more or awaits a port. */
  dispatch(event: DeskEvent): void {
    this.enqueue(event);
  }

  /** Resolves once every event so far has been reduced and its effects have answered. */
  settled(): Promise<void> {
    return this.line.settled();
  }

  /** `answer`: an effect's answer, before anything that came from outside meanwhile (src/desk/event-line.ts). */
  private enqueue(job: Job, answer = false): void {
    this.line.push(job, answer);
  }

  /** Tell the listeners (the App) of a new state; nothing changed, nothing drawn. */
  private tell(): void {
    if (this.state === this.told) return;
    this.told = this.state;
    this.live.keepTime();
    for (const l of this.listeners) l(this.state);
  }

  private onPhone(event: PhoneEvent): void {
    if (event.type !== 'incoming') return this.dispatch({ type: 'phone', event });
    // caller ID and display name come from the network (SIP, a fixture): stripped and cut, never refused — the call still rings
    const from = clipText(event.from, 'id');
    const displayName = event.displayName === undefined ? undefined : clipText(event.displayName, 'name');
    const { ports } = this;
    // the banner's facts in one wait: what the number finds, a colleague's transfer, the group, the invitation code
    this.enqueue(async () => {
      const callerKey = phoneKey(normalisePhone(from, ports.region));
      const [lookup, transfer, group, code] = await Promise.all([
        ports.lookupCaller(from),
        // a colleague's transfer: by the id the call carries, else this caller ringing for this extension just now
        ports.transfers.forIncoming({ tag: event.transfer, callerKey, extension: this.o.operator.extension, now: this.now() }),
        // which group it is for: the PBX's header or the number dialled, mapped by the store (telephony passes them raw)
        ports.groupRoutes.resolve(event.groupHeader, event.called),
        this.callCode(event.codeHeader),
      ]);
      return [{ type: 'phone', event: { ...event, from, displayName }, lookup, transfer, group, code }];
    });
  }

  /**
   * The invitation code a caller typed in the PBX's IVR (X-Ringdesk-Code): whom the call rings for —
   * its dispatcher while available, else its fallback group (src/callbacks/code-route.ts). Looked
   * up, not used: the console that answers spends it. A code that does not work rings for anyone.
   */
  private async callCode(raw: string | undefined): Promise<CallCode | null> {
    if (!raw) return null;
    const r = await routeCode(this.ports, clipText(raw, 'label'), this.now(), { waits: 'call', spend: false });
    if (!r.ok) {
      this.o.log?.(`a call came with an invitation code that does not work (${r.reason}): it rings for anyone`, 'warn');
      return null;
    }
    const reservedFor: CallReservation | null = r.owner.to === 'operator' ? { operator: r.owner.operator } : r.owner.to === 'group' ? { groupId: r.owner.groupId, group: r.owner.group } : null;
    return { codeId: r.codeId, reservedFor };
  }

  /** Recorded or not (config record): the phone's answer options; a recorded call's file goes into its row. */
  private recordingOf(callId: string): AnswerOptions | undefined {
    const call = this.state.calls.find((c) => c.id === callId);
    const o = call && call.direction === 'incoming' ? this.o.recordCall?.({ callId, group: call.group ?? '' }, this.now()) : undefined;
    if (o?.record) this.kept.keep({ type: 'log-call', entry: { op: 'recorded', callRef: callId, file: o.record } });
    return o;
  }

  /** Carry out one effect; a Promise when it waits for a port (its answer comes back as events). */
  private execute(e: Effect): Promise<void> | void {
    this.o.onEffect?.(e);
    try {
      const pending = this.route(e);
      // a store or phone failure is shown to the dispatcher; the console stays up
      if (pending) return pending.catch((err: unknown) => this.failed(e, err));
    } catch (err) {
      this.failed(e, err);
    }
  }

  private failed(e: Effect, err: unknown): void {
    this.enqueue({ type: 'error', text: `${e.type} failed: ${(err as Error).message}` }, true);
  }

  private route(e: Effect): Promise<void> | void {
    const { phone } = this.o;
    const c = this.contexts;
    // the phone's actions and the console's hooks are not waited for: only a port's answer is
    switch (e.type) {
      case 'answer': return void phone.answer(e.callId, this.recordingOf(e.callId));
      case 'reject': return void phone.reject(e.callId);
      case 'hangup': return void phone.hangup(e.callId);
      case 'mute': return void phone.mute(e.callId, e.muted);
      case 'connect-headset':
        if (phone.connectHeadset) return void phone.connectHeadset();
        return this.enqueue({ type: 'error', text: 'this phone has no headset leg (demo or replay): start the console with --pbx' }, true);
      case 'bell': return void this.o.bell?.();
      case 'next': return this.enqueue(e.event, true);
      case 'after': {
        // at 0 ms, right behind the frame this state draws (the banner before the auto-answer)
        if (e.ms === 0 && this.o.afterFrame) return void this.o.afterFrame(() => this.dispatch(e.event));
        const t = setTimeout(() => {
          this.timers.delete(t);
          this.dispatch(e.event);
        }, e.ms);
        this.timers.add(t);
        return;
      }
      case 'log-call': case 'save-session': return void this.kept.keep(e);
      case 'quit': return void this.o.onQuit?.();
      case 'log': return void this.o.log?.(e.text);
      case 'dial': case 'code-used': case 'load-list': case 'open-delivery': case 'save-delivery': case 'reload-delivery': case 'search-menu':
      case 'load-pos': case 'set-presence': case 'resend-order': case 'set-status': case 'transfer-start': case 'transfer-cancel':
      case 'transfer-settled': case 'cancel-delivery':
        return runDeskEffect(c.desk, e);
      case 'transfer-complete': return void phone.completeTransfer(e.callId, e.consultId, e.transferId === null ? {} : { tag: String(e.transferId) });
      case 'callback-create': case 'callback-next': case 'callback-take': case 'callback-outcome': case 'code-create': case 'expire-callbacks':
        return runCallbackEffect(c.callback, e);
      case 'create-delivery': return newOrderFacts(c.order, e.customerId, e.phone, e.location);
      case 'create-draft': return createDraft(c.order, e);
      case 'send-delivery': return sendDelivery(c.order, e.delivery, e.choice);
      case 'hand-to-pos': return handToPos(c.order, e.delivery);
      case 'quote-delivery': case 'load-product': case 'load-zones': case 'load-scheduled': case 'confirm-scheduled':
      case 'busy': case 'courier-comment': case 'set-when': case 'repeat-order': case 'accept-requote':
        return runOrderEffect(c.order, e);
      case 'add-customer': case 'add-number': case 'load-customer': case 'update-customer': case 'refresh-callers':
        return runCustomerEffect(c.customer, e);
      case 'customers-search': case 'customers-profile': case 'customers-write': case 'load-call-log': case 'call-back-done':
        return runScreenEffect(c.screen, e);
      case 'load-queue': case 'preview-item': case 'accept-item': case 'redirect-item': case 'finish-item':
        return runQueueEffect(c.queue, e);
      case 'load-chats': case 'load-thread': case 'take-chat': case 'send-chat': case 'send-order-summary': case 'link-chat': case 'new-chat-customer': case 'send-template':
      case 'chat-category': case 'close-chat': case 'edit-client':
        return runChatEffect(c.chat, e);
    }
  }

  /** Each effect file's context: the same ports, clock, operator and console run, and the one way back (dispatch). */
  private makeContexts() {
    const { ports, now, timezone, consoleId } = this;
    const dispatch = (e: DeskEvent) => this.enqueue(e, true);
    const operator = this.o.operator.name;
    const wakeRelay = () => this.o.relay?.wake();
    const desk: DeskEffectContext = { ports, phone: this.o.phone, operator: this.o.operator, consoleId, now, log: this.o.log, dispatch, wakeRelay };
    const order: OrderEffectContext = {
      ports, settings: { timezone, currency: ports.currency }, now, operatorId: this.o.operator.id, dispatch, geocoder: this.geocoder, wakeRelay,
    };
    return {
      desk, order,
      customer: { ports, customers: this.sources.customers, state: () => this.state, dispatch },
      screen: { sources: this.sources, dispatch },
      queue: { ports, operator, console: consoleId, now, dispatch },
      callback: { ports, now, timezone, operator, consoleId, dispatch },
      chat: {
        ports, customers: this.sources.customers, operator, console: consoleId, timezone, now, dispatch,
        inFront: (id: number) => this.state.screen === 'chats' && this.state.chats.front === id,
        readLater: (id: number) => this.live.readLater(id),
      },
    };
  }
}
