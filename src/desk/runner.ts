/**
 * The effect runner: owns the desk state, feeds events through `reduce`, and carries out
 * the effects it returns against the store and the phone. The only impure part of the desk.
 */
import { runCallbackEffect } from './callback-effects.js';
import { randomUUID } from 'node:crypto';
import type { PhoneEvent } from '../telephony/phone.js';
import { reduce } from './reduce.js';
import { parseDraft, serialiseDraft } from './drafts.js';
import { clipText } from '../domain/outside-text.js';
import { createDraft, handToPos, newOrderFacts, runOrderEffect, sendDelivery, type OrderEffectContext } from './order-effects.js';
import { AddressGeocoder } from './geocode-effects.js';
import { defaults } from '../config/config.js';
import { initialState, type CallReservation, type DeskState } from './state.js';
import { nextTickAt } from './desk-clock.js';
import { saveAnswer, type CallCode, type DeskEvent, type Effect } from './events.js';
import { routeCode } from '../callbacks/code-route.js';
import { KeptWrites, type KeptWrite } from './kept-writes.js';
import { ConsoleRun, HEARTBEAT_MS, IDLE_HEARTBEAT_MS, SWEEP_MS } from './console-run.js';
import { runCustomerEffect } from './customer-effects.js';
import { followCall, loadQueue, runQueueEffect, type QueueContext } from './queue-effects.js';
import { runChatEffect, type ChatContext } from './chat-effects.js';
import type { RelayWaker } from '../pos/wake.js';
import { storeDeskSources, type DeskSources } from './screen-sources.js';
import { runScreenEffect } from './screen-effects.js';

import type { RunnerOptions } from './runner-options.js';

export type { RunnerOptions };
export { HEARTBEAT_MS, IDLE_HEARTBEAT_MS, SWEEP_MS };


export class DeskRunner {
  state: DeskState;
  private queue: DeskEvent[] = [];
  private busy = false;
  private listeners = new Set<(s: DeskState) => void>();
  private unsubscribePhone: () => void;
  private readonly now: () => number;
  /** What the full screens read (the customer base, the call log since the shift began) and the customer edits write through. */
  private readonly sources: DeskSources;
  private readonly geocoder: AddressGeocoder | null;
  /** Call-log and session rows, written through a lock (see RunnerOptions.rowWrites). */
  private readonly kept: KeptWrites;
  /** Events the desk asked to get back later ('after' effects). */
  private readonly timers = new Set<NodeJS.Timeout>();
  /** This console run's row and its calls in the call log. */
  private readonly run: ConsoleRun;

  constructor(private o: RunnerOptions) {
    this.now = o.now ?? Date.now;
    this.consoleId = o.consoleId ?? `desk-${randomUUID()}`;
    this.sources = storeDeskSources(o.store, o.timezone ?? defaults.timezone, this.now);
    this.run = new ConsoleRun({ store: o.store, id: this.consoleId, operator: o.operator, now: this.now, log: o.log, timezone: o.timezone ?? defaults.timezone });
    this.geocoder = o.geocoder ? new AddressGeocoder(o.geocoder, o.geocodeTimeoutMs) : null;
    this.state = initialState({
      operator: o.operator.name, extension: o.operator.extension, currency: o.store.currency, region: o.store.region,
      now: this.now(), columns: o.columns, rows: o.rows, rejectSpam: o.rejectSpam, autoAnswerMs: o.autoAnswerMs, cannedReplies: o.cannedReplies,
    });
    this.kept = new KeptWrites({
      store: o.store, now: this.now, afterFrame: o.rowWrites === 'after-frame', frameHook: o.afterFrame, write: (e) => this.writeKept(e),
      failed: (text) => this.dispatch({ type: 'error', text }),
    });
    this.unsubscribePhone = o.phone.on((e) => this.onPhone(e));
  }

  /** This console run, as the call log knows it. */
  readonly consoleId: string;

  /** Start: close what an earlier run left ringing, load the open orders and bring back whatever this operator had open, half-typed text included. */
  start(): void {
    // what this desk has seen: a commit after this (before runLive starts watching) is still noticed
    this.seen = { desk: this.o.store.deskVersion(), presence: this.o.store.presence.version() };
    this.run.begin();
    // every console gone while nobody watched (the last one killed) is found now
    this.sweep(true);
    this.startPresence();
    this.dispatch({ type: 'list-loaded', orders: this.o.store.deliveries.open(), failures: this.o.store.outbox.failures() });
    this.dispatch(loadQueue(this.queueContext));
    const session = this.o.store.sessions.load(this.o.operator.name);
    if (!session) return;
    const delivery = session.deliveryId ? this.o.store.deliveries.get(session.deliveryId) : null;
    const draft = parseDraft(session.draft);
    if (delivery || draft) this.dispatch({ type: 'session-restored', delivery, draft });
    if (delivery) this.reportHandoff(delivery.id);
  }

  /**
   * The console is alive (call it every HEARTBEAT_MS): its row says so, and the open calls of
   * console runs that are gone are closed at their last sign of life.
   */
  heartbeat(): void {
    this.run.heartbeat();
  }

  /**
   * Look whether the consoles this one watches are still there; a vanished one (kill -9, the SSH
   * session dropped) is marked gone: its operator offline, its items back in the queue.
   */
  sweep(all = false): void {
    try {
      // this connection wrote it: the commit watch does not tell this desk, so it shows it itself
      if (this.run.sweep(all).length) this.dispatch({ type: 'presence-loaded', team: this.o.store.presence.all() });
    } catch (err) {
      this.o.log?.(`presence: ${(err as Error).message}`);
    }
  }

  /** Whether this console looks for vanished colleagues itself (default); not while the relay service does it for the box. */
  private sweepsHere = true;

  /**
   * The relay service is alive (it looks for vanished consoles for the whole box: no sweep timer
   * here), or gone (this console looks again, at once and every SWEEP_MS).
   */
  sweepColleagues(on: boolean): void {
    if (on === this.sweepsHere) return;
    this.sweepsHere = on;
    if (on && this.live) this.sweep(true);
    this.armSweep();
  }

  private armSweep(): void {
    const live = this.live;
    if (!live) return;
    const wanted = this.sweepsHere && this.o.store.file !== ':memory:';
    if (wanted && !live.sweep) live.sweep = setInterval(() => this.sweep(), SWEEP_MS);
    if (!wanted && live.sweep) {
      clearInterval(live.sweep);
      live.sweep = null;
    }
  }

  /** This operator's presence as the console starts: a break chosen before a restart stays, anything else is available. */
  private startPresence(): void {
    const { store } = this.o;
    const name = this.o.operator.name;
    try {
      const before = store.presence.of(name);
      const now = this.now();
      const mine = { status: before?.status === 'break' ? 'break' as const : 'available' as const, until: null, since: now };
      store.presence.set(name, mine, this.consoleId);
      this.dispatch({ type: 'presence-loaded', team: store.presence.all(), limits: store.operators.limits(name) });
    } catch (err) {
      this.o.log?.(`presence not recorded: ${(err as Error).message}`);
    }
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
      if (followCall(this.queueContext, e.entry, call?.lookup?.customers[0]?.name ?? '')) this.dispatch(loadQueue(this.queueContext));
      return;
    }
    this.o.store.sessions.save(this.o.operator.name, { deliveryId: e.session.deliveryId, draft: serialiseDraft(e.session.draft) }, this.now());
  }

  /** Events are processed one at a time, in order, even when an effect dispatches more. */
  dispatch(event: DeskEvent): void {
    this.queue.push(event);
    if (this.busy) return;
    this.busy = true;
    const before = this.state;
    try {
      while (this.queue.length) {
        const step = reduce(this.state, this.queue.shift()!);
        this.state = step.state;
        for (const e of step.effects) this.execute(e);
      }
    } finally {
      this.busy = false;
    }
    // nothing changed, nothing drawn
    if (this.state === before) return;
    this.keepTime();
    for (const l of this.listeners) l(this.state);
  }

  private live: { tick: NodeJS.Timeout | null; tickAt: number; beat: NodeJS.Timeout | null; beatEvery: number; sweep: NodeJS.Timeout | null } | null = null;

  /**
   * The console's own clock, heartbeat and ears (fixtures and tests move time themselves): the
   * clock ticks at the next whole minute, or the next second while something on screen counts
   * seconds (src/desk/state.ts countsSeconds); the heartbeat runs every HEARTBEAT_MS while this
   * desk has a call, without one only when the run holds no lock file (every IDLE_HEARTBEAT_MS);
   * the sweep for vanished colleagues every SWEEP_MS only while no relay service does it for the
   * box (`sweepColleagues`); a commit by another connection that moved what a desk shows
   * (Store.deskVersion) reloads the lists. No other timer runs while idle. Returns the stop.
   */
  runLive(): () => void {
    const { store } = this.o;
    this.live = { tick: null, tickAt: 0, beat: null, beatEvery: -1, sweep: null };
    this.keepTime();
    this.armSweep();
    const stopWatching = store.onCommit((byOthers) => {
      if (byOthers) this.colleagueCommitted();
    });
    // a colleague's commit between start() and now (the console loads its relay first) is shown now, not at the next commit
    if (this.seen) this.colleagueCommitted();
    else this.seen = { desk: store.deskVersion(), presence: store.presence.version() };
    return () => {
      stopWatching();
      if (this.live?.tick) clearTimeout(this.live.tick);
      if (this.live?.beat) clearInterval(this.live.beat);
      if (this.live?.sweep) clearInterval(this.live.sweep);
      this.live = null;
    };
  }

  private seen: { desk: number; presence: number } | null = null;

  /**
   * Another connection committed (the commit watch; a fixture's colleague): the desk hears whether
   * what its lists show moved (it reloads them then; an open customers or calls screen on any
   * commit), colleagues' statuses are read when a presence changed — a heartbeat or a lease moves
   * neither: the desk's answer is no effect and nothing drawn.
   */
  colleagueCommitted(): void {
    const { store } = this.o;
    let desk = false;
    try {
      const now = { desk: store.deskVersion(), presence: store.presence.version() };
      const before = this.seen;
      this.seen = now;
      desk = !before || now.desk !== before.desk;
      if (!before || now.presence !== before.presence) this.dispatch({ type: 'presence-loaded', team: store.presence.all() });
    } catch (e) {
      return this.dispatch({ type: 'error', text: `database: ${(e as Error).message}` });
    }
    // the desk decides what to read again: the lists when what they show moved, an open full screen on any commit
    this.dispatch(desk ? { type: 'store-changed' } : { type: 'store-changed', listsMoved: false });
  }

  /** The next tick where the state needs it; the heartbeat at the pace the state needs. */
  private keepTime(): void {
    const live = this.live;
    if (!live) return;
    const now = this.now();
    const at = nextTickAt(this.state, now);
    if (!live.tick || live.tickAt > at) {
      if (live.tick) clearTimeout(live.tick);
      live.tickAt = at;
      live.tick = setTimeout(() => {
        live.tick = null;
        this.dispatch({ type: 'tick', now: this.now() });
        // a tick that changed nothing (fired a hair early) still needs the next one
        this.keepTime();
      }, Math.max(0, at - now));
    }
    // with no call a console holding its lock beats not at all: nothing of it could be closed
    const every = this.state.calls.length ? HEARTBEAT_MS : this.run.locked ? 0 : IDLE_HEARTBEAT_MS;
    if (live.beatEvery !== every) {
      if (live.beat) clearInterval(live.beat);
      live.beatEvery = every;
      live.beat = every ? setInterval(() => this.heartbeat(), every) : null;
    }
  }

  private onPhone(event: PhoneEvent): void {
    if (event.type === 'incoming') {
      // caller ID and display name come from the network (SIP, a fixture): stripped and cut, never refused — the call still rings
      const from = clipText(event.from, 'id');
      const displayName = event.displayName === undefined ? undefined : clipText(event.displayName, 'name');
      const lookup = this.o.store.lookupCaller(from);
      // a colleague's transfer: by the id the call carries, else this caller ringing for this extension just now
      const transfer = this.o.store.transfers.forIncoming({ tag: event.transfer, callerKey: lookup.key, extension: this.o.operator.extension, now: this.now() });
      // which group it is for: the PBX's header or the number dialled, mapped by the store (telephony passes them raw)
      const group = this.o.store.groupRoutes.resolve(event.groupHeader, event.called);
      this.dispatch({ type: 'phone', event: { ...event, from, displayName }, lookup, transfer, group, code: this.callCode(event.codeHeader) });
    } else {
      this.dispatch({ type: 'phone', event });
    }
  }

  /**
   * The invitation code a caller typed in the PBX's IVR (X-Ringdesk-Code): whom the call rings for —
   * its dispatcher while available, else its fallback group (src/callbacks/code-route.ts). Looked
   * up, not used: the console that answers spends it. A code that does not work rings for anyone.
   */
  private callCode(raw: string | undefined): CallCode | null {
    if (!raw) return null;
    const r = routeCode(this.o.store, clipText(raw, 'label'), this.now(), { waits: 'call', spend: false });
    if (!r.ok) {
      this.o.log?.(`a call came with an invitation code that does not work (${r.reason}): it rings for anyone`, 'warn');
      return null;
    }
    const reservedFor: CallReservation | null = r.owner.to === 'operator' ? { operator: r.owner.operator } : r.owner.to === 'group' ? { groupId: r.owner.groupId, group: r.owner.group } : null;
    return { codeId: r.codeId, reservedFor };
  }

  private execute(e: Effect): void {
    const { store, phone } = this.o;
    this.o.onEffect?.(e);
    try {
      switch (e.type) {
        case 'answer': return phone.answer(e.callId);
        case 'reject': return phone.reject(e.callId);
        case 'hangup': return phone.hangup(e.callId);
        case 'mute': return phone.mute(e.callId, e.muted);
        case 'connect-headset':
          if (phone.connectHeadset) return phone.connectHeadset();
          return this.dispatch({ type: 'error', text: 'this phone has no headset leg (demo or replay): start the console with --pbx' });
        case 'dial': {
          const callId = phone.dial(e.number);
          this.dispatch({ type: 'dialed', callId, number: e.number, target: e.target, lookup: store.lookupCaller(e.number), at: this.now(), ...(e.callbackItem !== undefined ? { callbackItem: e.callbackItem } : {}) });
          return;
        }
        case 'callback-create': case 'callback-next': case 'callback-take': case 'callback-outcome': case 'code-create': case 'expire-callbacks':
          return runCallbackEffect({
            store, now: this.now, timezone: this.o.timezone ?? defaults.timezone, operator: this.o.operator.name, consoleId: this.consoleId,
            dispatch: (ev) => this.dispatch(ev),
          }, e);
        case 'bell': return this.o.bell?.();
        case 'next': return this.dispatch(e.event);
        case 'code-used': return store.invitationCodes.markUsed(e.codeId, this.now());
        case 'after': {
          // at 0 ms, right behind the frame this state draws (the banner before the auto-answer)
          if (e.ms === 0 && this.o.afterFrame) return this.o.afterFrame(() => this.dispatch(e.event));
          const t = setTimeout(() => {
            this.timers.delete(t);
            this.dispatch(e.event);
          }, e.ms);
          this.timers.add(t);
          return;
        }
        case 'log-call': return this.kept.keep(e);
        case 'load-list': return this.dispatch({ type: 'list-loaded', orders: store.deliveries.open(), failures: store.outbox.failures() });
        case 'open-delivery': {
          const d = store.deliveries.get(e.id);
          if (!d) return this.dispatch({ type: 'error', text: `order ${e.id} no longer exists` });
          this.dispatch({ type: 'delivery-opened', delivery: d });
          return this.reportHandoff(d.id);
        }
        case 'create-delivery': return newOrderFacts(this.orderContext, e.customerId, e.phone, e.location);
        case 'create-draft': return createDraft(this.orderContext, e);
        case 'save-delivery': {
          const r = store.deliveries.save(e.delivery, this.now());
          return this.dispatch(saveAnswer(r));
        }
        case 'send-delivery': return sendDelivery(this.orderContext, e.delivery, e.choice);
        case 'hand-to-pos': return handToPos(this.orderContext, e.delivery);
        case 'reload-delivery':
          this.dispatch({ type: 'delivery-reloaded', delivery: store.deliveries.get(e.id) });
          return this.reportHandoff(e.id);
        case 'search-menu': return this.dispatch({ type: 'menu-results', query: e.query, results: store.catalog.searchProducts(e.query, 8, e.posId) });
        case 'load-pos': return this.dispatch({ type: 'pos-options', options: store.catalog.pointsOfSale() });
        case 'save-session': return this.kept.keep(e);
        case 'quit': return this.o.onQuit?.();
        case 'quote-delivery': case 'load-product': case 'load-zones': case 'load-scheduled': case 'confirm-scheduled':
        case 'busy': case 'courier-comment': case 'set-when': case 'repeat-order': case 'accept-requote':
          return runOrderEffect(this.orderContext, e);
        case 'log': return this.o.log?.(e.text);
        case 'set-presence': return this.o.store.presence.set(this.o.operator.name, e.presence, this.consoleId);
        case 'resend-order': return this.resend(e.outboxId, e.number);
        case 'add-customer': case 'add-number': case 'load-customer': case 'update-customer': case 'refresh-callers':
          return runCustomerEffect({ store, customers: this.sources.customers, state: () => this.state, dispatch: (ev) => this.dispatch(ev) }, e);
        case 'customers-search': case 'customers-profile': case 'customers-write': case 'load-call-log': case 'call-back-done':
          return runScreenEffect({ sources: this.sources, dispatch: (ev) => this.dispatch(ev) }, e);
        case 'load-queue': case 'preview-item': case 'accept-item': case 'redirect-item': case 'finish-item':
          return runQueueEffect(this.queueContext, e);
        case 'load-chats': case 'load-thread': case 'take-chat': case 'send-chat': case 'send-order-summary': case 'link-chat': case 'new-chat-customer':
        case 'chat-category': case 'close-chat': case 'edit-client':
          return runChatEffect(this.chatContext, e);
        case 'set-status': {
          const r = store.deliveries.save({ ...e.delivery, status: e.status }, this.now());
          if (!r.ok) return this.dispatch(saveAnswer(r));
          // the caller confirmed on the phone: a scheduled order's confirmation call is done too
          if (e.status === 'confirmed') store.orderTerms.markConfirmed(r.delivery.id, this.now());
          const d = store.deliveries.get(r.delivery.id) ?? r.delivery;
          return this.dispatch({ type: 'delivery-status', delivery: d, text: `Order ${d.number} is now ${d.status === 'awaiting' ? 'awaiting confirmation' : d.status}` });
        }
        case 'transfer-start': return this.startTransfer(e);
        case 'transfer-complete': return phone.completeTransfer(e.callId, e.consultId, e.transferId === null ? {} : { tag: String(e.transferId) });
        case 'transfer-cancel':
          phone.hangup(e.consultId);
          phone.mute(e.callId, false);
          if (e.transferId !== null) store.transfers.settle(e.transferId, 'cancelled', this.now());
          return;
        case 'transfer-settled':
          if (e.state === 'taken') return store.transfers.take(e.transferId, this.o.operator.name, this.now());
          return store.transfers.settle(e.transferId, e.state, this.now());
        case 'cancel-delivery': {
          // the same cancel as issue 7's: reason recorded, the point of sale told through the outbox
          const r = store.cancelDelivery(e.delivery.id, e.delivery.version, e.reason, e.note, this.now());
          if (!r.ok) return this.dispatch(saveAnswer(r));
          if (e.delivery.status !== 'draft') this.o.relay?.wake();
          const d = r.delivery;
          return this.dispatch({ type: 'delivery-status', delivery: d, text: `Order ${d.number} cancelled (${e.reason}${e.note ? `: ${e.note}` : ''})` });
        }
      }
    } catch (err) {
      // a store or phone failure is shown to the dispatcher; the console stays up
      this.dispatch({ type: 'error', text: `${e.type} failed: ${(err as Error).message}` });
    }
  }

  /** The transfer row first (its id travels with the call), then the REFER (blind) or the consultation call (attended). */
  private startTransfer(e: Extract<Effect, { type: 'transfer-start' }>): void {
    const { store, phone, operator } = this.o;
    let id: number | null = null;
    try {
      id = store.transfers.create({
        callRef: e.callId, caller: e.caller, callerKey: e.callerKey, deliveryId: e.deliveryId, customerId: e.customerId,
        fromOperator: operator.name, fromExtension: operator.extension, target: e.target, kind: e.kind, note: e.note, at: this.now(),
      });
    } catch (err) {
      // the call is handed over all the same; the colleague's console opens it by the caller's number only
      this.o.log?.(`transfer row not written: ${(err as Error).message}`, 'warn');
    }
    const tag = id === null ? {} : { tag: String(id) };
    if (e.kind === 'blind') {
      phone.transfer(e.callId, e.target, tag);
      return this.dispatch({ type: 'transfer-started', callId: e.callId, transferId: id, at: this.now() });
    }
    const consultId = phone.consult(e.callId, e.target, tag);
    this.dispatch({ type: 'transfer-started', callId: e.callId, transferId: id, consultId, at: this.now() });
  }

  /** The card shows where the delivery's newest version is in the hand-off (queued, sending, acknowledged, failed and why). */
  private reportHandoff(deliveryId: number): void {
    this.dispatch({ type: 'handoff', deliveryId, handoff: this.o.store.outbox.handoffOf(deliveryId) });
  }

  /** The resend key: the failed order goes out again with the same key and a fresh run of retries. */
  private resend(outboxId: number, number: string): void {
    const r = this.o.store.outbox.resend(outboxId, this.now());
    if (!r.ok) return this.dispatch({ type: 'resent', ok: false, text: `${number}: ${r.reason}` });
    this.o.relay?.wake();
    const delivery = this.o.store.deliveries.get(r.row.deliveryId);
    this.dispatch({ type: 'resent', ok: true, delivery, text: `${number} sent again to ${r.row.posName || 'its point of sale'} (the same order: the POS takes it once)` });
    this.reportHandoff(r.row.deliveryId);
  }

  /** The queue's effects (issue 15) run against the same store and clock, as this operator and console run. */
  private get queueContext(): QueueContext {
    return { store: this.o.store, operator: this.o.operator.name, console: this.consoleId, now: this.now, dispatch: (e) => this.dispatch(e) };
  }

  /** The chat console's effects (issue 16) run as this operator and console run. */
  private get chatContext(): ChatContext {
    return {
      store: this.o.store, customers: this.sources.customers, operator: this.o.operator.name, console: this.consoleId, timezone: this.o.timezone ?? defaults.timezone,
      now: this.now, dispatch: (e) => this.dispatch(e), inFront: (id) => this.state.screen === 'chats' && this.state.chats.front === id,
    };
  }

  /** Order-taking effects (issue 7) run against the same store, clock and operator. */
  private get orderContext(): OrderEffectContext {
    return {
      store: this.o.store, settings: { timezone: this.o.timezone ?? defaults.timezone, currency: this.o.store.currency },
      now: this.now, operatorId: this.o.operator.id, dispatch: (e) => this.dispatch(e), geocoder: this.geocoder, wakeRelay: () => this.o.relay?.wake(),
    };
  }
}
