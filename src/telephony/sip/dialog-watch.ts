/**
 * The RFC 4235 `dialog` event package for desk-phone mode: the console SUBSCRIBEs to its own
 * extension (Event: dialog, Accept: application/dialog-info+xml) and hears from the PBX when a
 * dialog on that extension is confirmed (the desk phone picked up) and terminated (it hung up).
 * sip.js's subscription dialog refreshes the subscription before it expires; a subscription that
 * ends (the PBX terminated it, a refresh was refused, no NOTIFY came) is made again after
 * `retryMs`. A PBX without the package answers 489 Bad Event: the watch says so once and stops.
 */
import { Core, UserAgent } from 'sip.js';
import type { LogLine } from '../../files/log-file.js';
import { parseDialogInfo, type DialogInfo } from './dialog-info.js';

/** Where the watch stands, in the words the desk shows. */
export type DialogWatchStatus =
  | { state: 'watching' }
  /** The PBX refused the package (489) or the SUBSCRIBE: desk-phone calls end at pick-up, as before. */
  | { state: 'unsupported'; reason: string }
  /** The subscription ended or the link dropped; it is being made again. */
  | { state: 'lost'; reason: string };

export interface DialogWatchHooks {
  /** A NOTIFY's dialogs, read; `at` is its arrival on the phone's clock. */
  dialogs(info: DialogInfo, at: number): void;
  status(status: DialogWatchStatus): void;
}

export interface DialogWatchOptions {
  /** The AoR watched: sip:<extension>@<domain>. */
  aor: string;
  /** Expires asked for, in seconds (the PBX may shorten it); refreshed at 90 %. */
  expires: number;
  /** After a subscription ended or failed (not 489), try again after this many ms. */
  retryMs: number;
  now: () => number;
  log: LogLine;
}

export class DialogWatch {
  private ua: UserAgent | null = null;
  private request: Core.OutgoingSubscribeRequest | null = null;
  private subscription: Core.Subscription | null = null;
  private retry: NodeJS.Timeout | null = null;
  /** 489 (or another refusal of the package itself): never asked again in this run. */
  private refused = false;
  private current: DialogWatchStatus['state'] | null = null;

  constructor(private readonly o: DialogWatchOptions, private readonly hooks: DialogWatchHooks) {}

  /** Registered (again): subscribe, unless a subscription on this user agent is already up. */
  start(ua: UserAgent): void {
    if (this.refused) return;
    if (this.ua === ua && (this.request || this.subscription)) return;
    this.drop();
    this.ua = ua;
    this.subscribe();
  }

  /** The link to the PBX is gone, and the subscription with it (nothing can be sent). */
  linkLost(reason: string): void {
    this.drop();
    this.ua = null;
    // the registration state already tells the desk; the next registration subscribes again
    if (!this.refused && this.current !== null) this.o.log(`sip: dialog watch: ${reason}; subscribing again once registered`);
    this.current = null;
  }

  /** Stopping: unsubscribe (Expires: 0) while the link is up; no retry. */
  stop(): void {
    const sub = this.subscription;
    this.refused = true; // nothing more is asked
    if (sub && (sub.subscriptionState === Core.SubscriptionState.Active || sub.subscriptionState === Core.SubscriptionState.Pending)) {
      try {
        sub.unsubscribe();
      } catch (e) {
        this.o.log(`sip: dialog watch: unsubscribe: ${(e as Error).message}`);
      }
    }
    this.drop();
  }

  get watching(): boolean {
    return this.current === 'watching';
  }

  private subscribe(): void {
    const ua = this.ua;
    if (!ua) return;
    const core = ua.userAgentCore;
    const target = UserAgent.makeURI(this.o.aor);
    if (!target) {
      this.refuse(`"${this.o.aor}" is not a SIP address`);
      return;
    }
    const message = core.makeOutgoingRequestMessage(Core.C.SUBSCRIBE, target, core.configuration.aor, target, {}, [
      'Event: dialog',
      'Accept: application/dialog-info+xml',
      `Expires: ${this.o.expires}`,
      `Contact: ${core.configuration.contact.toString()}`,
      'Allow: ACK,BYE,CANCEL,INFO,INVITE,MESSAGE,NOTIFY,OPTIONS,PRACK,REFER,REGISTER,SUBSCRIBE',
    ]);
    const request = core.subscribe(message, {
      onNotify: ({ request: notify, subscription }) => {
        if (this.request !== request) return void notify.accept();
        if (subscription) this.adopt(subscription);
        this.onNotify(notify);
      },
      onNotifyTimeout: () => {
        if (this.request === request) this.again('the PBX accepted the SUBSCRIBE but sent no NOTIFY');
      },
      onRedirect: (r) => this.rejected(request, r),
      onReject: (r) => this.rejected(request, r),
    });
    this.request = request;
  }

  private rejected(request: Core.OutgoingSubscribeRequest, r: Core.IncomingResponse): void {
    if (this.request !== request) return;
    const code = r.message.statusCode ?? 0;
    const phrase = `${code} ${r.message.reasonPhrase ?? ''}`.trim();
    // 489 Bad Event: no dialog package; 405/501: no SUBSCRIBE at all; 403: not allowed to watch
    if (code === 489 || code === 405 || code === 501 || code === 403 || code === 404) return this.refuse(`the PBX answered ${phrase} to SUBSCRIBE dialog`);
    this.again(`the PBX answered ${phrase} to SUBSCRIBE dialog`);
  }

  private adopt(sub: Core.Subscription): void {
    if (this.subscription === sub) return;
    this.subscription = sub;
    this.request = null;
    sub.autoRefresh = true;
    sub.delegate = {
      onNotify: (notify) => this.onNotify(notify),
      onRefresh: (refresh) => {
        this.o.log(`sip: dialog watch: refreshing the subscription (${sub.subscriptionExpires} s left)`, 'debug');
        refresh.delegate = {
          onReject: (r) => this.subscription === sub && this.again(`the PBX refused the refresh: ${r.message.statusCode} ${r.message.reasonPhrase ?? ''}`.trim()),
        };
      },
      onTerminated: () => {
        if (this.subscription === sub) this.again('the PBX ended the subscription');
      },
    };
  }

  private onNotify(notify: Core.IncomingNotifyRequest): void {
    const at = this.o.now();
    const m = notify.message;
    notify.accept();
    const type = (m.getHeader('content-type') ?? '').toLowerCase();
    if (!m.body) {
      // a NOTIFY without a body (pending, or the subscription ending) says nothing about calls
      this.report({ state: 'watching' });
      return;
    }
    if (!type.startsWith('application/dialog-info+xml')) {
      this.o.log(`sip: dialog watch: NOTIFY body ignored: it is ${type || 'untyped'}, not application/dialog-info+xml`, 'warn');
      return;
    }
    const r = parseDialogInfo(m.body, this.o.aor);
    if (!r.ok) {
      this.o.log(`sip: dialog watch: NOTIFY from the PBX ignored: ${r.reason}`, 'warn');
      return;
    }
    this.report({ state: 'watching' });
    this.hooks.dialogs(r.info, at);
  }

  /** Try again after retryMs (the reason is logged and shown once). */
  private again(reason: string): void {
    this.drop();
    this.report({ state: 'lost', reason });
    if (this.refused || !this.ua) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.subscribe();
    }, this.o.retryMs);
  }

  private refuse(reason: string): void {
    this.drop();
    this.refused = true;
    this.report({ state: 'unsupported', reason });
  }

  private drop(): void {
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    const sub = this.subscription;
    this.subscription = null;
    this.request?.waitNotifyStop();
    this.request = null;
    if (sub) {
      sub.delegate = undefined;
      try { sub.dispose(); } catch { /* already gone with the link */ }
    }
  }

  private report(s: DialogWatchStatus): void {
    if (this.current === s.state) return;
    this.current = s.state;
    this.o.log(`sip: dialog watch: ${s.state}${'reason' in s ? `: ${s.reason}` : ''}`, s.state === 'watching' ? 'info' : 'warn');
    this.hooks.status(s);
  }
}
