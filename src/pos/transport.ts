/**
 * What a transport to a point of sale promises the relay: send one order and say how it went.
 * "retry" covers everything that may succeed later with the same key (POS down, 5xx, 408, 429,
 * 409 in flight, timeouts, resets: a timeout is not a failure, DOMAIN.md §3.3); "rejected" is
 * the POS refusing this order as it is (validation, auth), which a blind retry cannot fix.
 */
export interface OrderToSend {
  /** The idempotency key: the same on every attempt for one version of one delivery. */
  key: string;
  /** The order payload as stored in the outbox (JSON text). */
  payload: string;
  timeoutMs: number;
}

export type SendOutcome =
  | { kind: 'acknowledged' }
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  | { kind: 'rejected'; reason: string };

/** A connection to one point of sale. */
export interface PosLink {
  /** `written` is called once the order is on the wire, before the answer. */
  send(order: OrderToSend, written: () => void): Promise<SendOutcome>;
  close(): Promise<void>;
}

/** The answer to a status report from a point of sale, the same over HTTP and WebSocket. */
export interface StatusReply { code: number; body: Record<string, unknown> }
/** Hands a status report (already authenticated as coming from `posId`) to the store. */
export type StatusReceiver = (posId: number, report: unknown) => Promise<StatusReply>;

/** Codes worth retrying with the same key; every other 4xx is a refusal of the order itself. */
export function isRetryableCode(code: number): boolean {
  return code === 408 || code === 409 || code === 425 || code === 429 || code >= 500;
}

/** Retry-After as seconds or an HTTP date, in ms from now; undefined when absent or unreadable. */
export function retryAfterMs(header: string | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const s = Number(header);
  if (Number.isFinite(s) && s >= 0) return s * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The outcome of an HTTP answer (or a WebSocket nack carrying an HTTP-like code). */
export function outcomeOfCode(code: number, detail: string, retryAfter?: string): SendOutcome {
  if (code >= 200 && code < 300) return { kind: 'acknowledged' };
  const what = `POS answered ${code}${detail ? `: ${detail.slice(0, 200)}` : ''}`;
  if (isRetryableCode(code)) return { kind: 'retry', reason: what, retryAfterMs: retryAfterMs(retryAfter) };
  if (code === 401 || code === 403) return { kind: 'rejected', reason: `${what} (check the token with "ringdesk pos set NAME --token ...")` };
  return { kind: 'rejected', reason: what };
}

/** A network error in the words a dispatcher can act on. */
export function describeNetworkError(e: unknown, timeoutMs: number): string {
  const code = (e as NodeJS.ErrnoException)?.code ?? '';
  if (code === 'ETIMEDOUT' || code === 'RINGDESK_TIMEOUT') return `no answer from the POS within ${Math.round(timeoutMs / 100) / 10} s (it may still have the order; the same key goes again)`;
  if (code === 'ECONNREFUSED') return 'the POS is not reachable (connection refused)';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'the connection to the POS was reset';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the POS host name does not resolve';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'no route to the POS';
  return `cannot reach the POS: ${(e as Error)?.message ?? String(e)}`;
}
