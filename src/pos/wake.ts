/**
 * How a console tells the relay that it queued an order, so the order goes at once instead of
 * at the relay's next look at the outbox. Today the relay runs inside the console's own process
 * and wake() is a function call; when the relay becomes a per-box service (issue 19), a waker
 * that crosses processes (a datagram on a local socket, say) implements the same interface and
 * the console does not change.
 */
export interface RelayWaker {
  /** An order was queued (sent, cancelled, resent): look at the outbox now. Never throws, never waits. */
  wake(): void;
}

/**
 * A waker for a relay that starts after the console (it is loaded after the first frame): wakes
 * before then are harmless, because a starting relay looks at the outbox first thing.
 */
export function lateWaker(): RelayWaker & { attach(target: RelayWaker | null): void } {
  let target: RelayWaker | null = null;
  return {
    wake: () => target?.wake(),
    attach: (t) => { target = t; },
  };
}
