// Reconnect schedule: 0.5 s, 1 s, 2 s, 4 s, 8 s, then every 10 s. Short enough
// that a restarted agent is back within seconds, capped so a dead host costs
// one connection attempt per 10 s.

export const BACKOFF_BASE_MS = 500;
export const BACKOFF_CAP_MS = 10_000;

/** Delay before reconnect attempt `attempt` (0-based). */
export function backoffDelay(attempt: number): number {
  if (!Number.isFinite(attempt) || attempt < 0) return BACKOFF_BASE_MS;
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.floor(attempt));
}
