/** What the desk runner (src/desk/runner.ts) is built with: the store, the phone, the operator, the clock and the console's hooks. */
import type { AnswerOptions, Phone } from '../telephony/phone.js';
import type { LogLine } from '../files/log-file.js';
import type { Store } from '../store/index.js';
import type { StorePorts } from '../store/ports.js';
import type { Effect } from './events.js';
import type { CannedReply } from '../domain/canned-reply.js';
import type { WhatsAppTemplate } from '../domain/whatsapp-template.js';
import type { RelayWaker } from '../pos/wake.js';

export interface RunnerOptions {
  store: Store;
  /** What the desk asks of persistence (default: the store's own ports, SQLite answering at once). */
  ports?: StorePorts;
  phone: Phone;
  operator: { id: number | null; name: string; extension: string };
  now?: () => number;
  bell?: () => void;
  onQuit?: () => void;
  columns?: number;
  rows?: number;
  /** Config cannedReplies: the chat console's canned replies (the built-in ones when absent). */
  cannedReplies?: readonly CannedReply[];
  /** Config whatsappTemplates: the approved templates a WhatsApp chat may get after its window. */
  whatsappTemplates?: readonly WhatsAppTemplate[];
  /** Config rejectSpam: reject calls from spam-only numbers while they ring. */
  rejectSpam?: boolean;
  /** Diagnostics log (a file; never the screen): automatic spam rejections and the like. */
  log?: LogLine;
  /** Config timezone: promised times, zone hours and outlets' day numbers are read in it. */
  timezone?: string;
  /** Config geocoder (Nominatim-compatible base URL): coordinates for addresses typed without them; empty = none. */
  geocoder?: string;
  /** How long one geocoder request may take (default 3000 ms). */
  geocodeTimeoutMs?: number;
  /** Called for effects a caller wants to observe (tests, replay). */
  onEffect?: (e: Effect) => void;
  /**
   * When call-log and session rows are written: 'after-frame' (the console) lets the frame that
   * shows a keystroke or a ringing call go out first (with `afterFrame`, also what runs right
   * behind that frame: an auto-answer's 200 OK); 'at-once' (default) writes them before
   * `dispatch` returns. Either way a row that meets a lock waits and is written later, in order.
   */
  rowWrites?: 'after-frame' | 'at-once';
  /** Told whenever this desk queues an order for a point of sale, so the relay sends it at once. */
  relay?: RelayWaker;
  /** Config autoAnswerMs: answer the banner's call after this many ms when no call is on; -1 (default) never. */
  autoAnswerMs?: number;
  /**
   * While live (runLive): messages arriving in the chat in front are marked read together this
   * long after the first of them, one write per batch instead of one per message (every write
   * wakes every console on the box). Default READ_BATCH_MS (src/desk/desk-live.ts).
   */
  readBatchMs?: number;
  /**
   * Run something once the screen has drawn its next frame (the console passes
   * `AfterFrame.after`, fed by Ink's onRender): an 'after' effect of 0 ms waits for it, so
   * auto-answer at 0 answers right behind the banner's frame. Without it, a timer.
   */
  afterFrame?: (run: () => void) => void;
  /** This console run's id in the call log (src/store/consoles.ts); default a fresh one. */
  consoleId?: string;
  /**
   * Config record (issue 18): how a call is answered — its recording's file and the announcement
   * the caller hears first — or undefined: not recorded. Given the call's id, its group and now.
   */
  recordCall?: (call: { callId: string; group: string }, now: number) => AnswerOptions | undefined;
}

