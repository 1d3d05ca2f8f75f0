/**
 * How a console tells the relay that it queued an order, so the order goes at once instead of
 * at the relay's next look at the outbox. The relay is a per-box service (issue 19): the order's
 * commit itself wakes it, across processes (the relay watches the database's -wal file,
 * `wakeOnCommits` in src/pos/relay.ts). While a console stands in for a dead service
 * (src/pos/relay-standby.ts) its own relay is woken with a function call, through this interface.
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
