// Slows password guessing: after `limit` failures within `windowMs`, logins
// are refused until the window has passed. One admin account, so one global
// counter; a correct password resets it.

export interface LoginThrottle {
  /** Milliseconds to wait before the next attempt is allowed (0: go ahead). */
  retryAfter(now?: number): number;
  failed(now?: number): void;
  succeeded(): void;
}

/** A sliding-window failure counter. */
export function createLoginThrottle({
  limit = 5,
  windowMs = 60_000,
}: { limit?: number; windowMs?: number } = {}): LoginThrottle {
  let failures: number[] = [];
  const recent = (now: number) => (failures = failures.filter((t) => now - t < windowMs));
  return {
    retryAfter(now = Date.now()) {
      const list = recent(now);
      return list.length < limit ? 0 : windowMs - (now - (list[list.length - limit] ?? now));
    },
    failed(now = Date.now()) {
      failures.push(now);
    },
    succeeded() {
      failures = [];
    },
  };
}
