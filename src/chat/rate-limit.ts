/**
 * The intake's limits for the web widget (docs/operations.md "Chats"): how many messages a
 * visitor (by token) and an address may send in a minute, and how many times an address may
 * connect. A sliding minute per key, on the intake's one injected clock (`now`), so a test moves
 * time instead of waiting for it; rate-limiter-flexible and limiter read the wall clock
 * themselves, which the tests may not.
 *
 * Memory stays bounded: a key keeps at most `perMinute` instants, and keys idle for a minute are
 * swept whenever the map has grown past `sweepAt`.
 */
export interface RateLimit {
  /** One more for `key` now: null when it is within the limit (and counted), else the ms until one is free. */
  take(key: string): number | null;
  /** Keys counted now (tests, /health). */
  size(): number;
}

const MINUTE = 60_000;

export function rateLimit(perMinute: number, now: () => number, sweepAt = 10_000): RateLimit {
  const hits = new Map<string, number[]>();
  function sweep(at: number) {
    for (const [k, times] of hits) if (at - times[times.length - 1] >= MINUTE) hits.delete(k);
  }
  return {
    take(key) {
      // 0: no limit
      if (perMinute <= 0) return null;
      const at = now();
      if (hits.size > sweepAt) sweep(at);
      let times = hits.get(key);
      if (!times) hits.set(key, (times = []));
      while (times.length && at - times[0] >= MINUTE) times.shift();
      if (times.length >= perMinute) return times[0] + MINUTE - at;
      times.push(at);
      return null;
    },
    size: () => hits.size,
  };
}

/** The widget's limits as the intake is set up (config; 0 = no limit). */
export interface ChatLimits {
  /** Messages (and callback or offline forms) one visitor may send in a minute. */
  messagesPerMinute: number;
  /** The same from one address, every visitor behind it together (an office, a school). */
  addressMessagesPerMinute: number;
  /** WebSocket connections and widget loads from one address in a minute. */
  connectsPerMinute: number;
}

export const defaultChatLimits: ChatLimits = { messagesPerMinute: 20, addressMessagesPerMinute: 120, connectsPerMinute: 60 };

/**
 * The visitor's address: the socket's, or — when the socket comes from this box (the site's TLS
 * proxy in front of the intake) — the last address the proxy put in X-Forwarded-For.
 */
export function clientAddress(remote: string | undefined, forwardedFor: string | string[] | undefined): string {
  const peer = remote ?? '';
  const local = peer === '127.0.0.1' || peer === '::1' || peer === '::ffff:127.0.0.1';
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
  if (!local || !header) return peer;
  const last = header.split(',').map((a) => a.trim()).filter(Boolean).pop();
  return last && /^[0-9a-fA-F:.]{2,45}$/.test(last) ? last : peer;
}
