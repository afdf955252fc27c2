import { describe, expect, it } from 'vitest';
import { describeUnavailable } from '../src/server/fleet/agent-link';
import { BACKOFF_CAP_MS, backoffDelay } from '../src/server/fleet/backoff';

describe('reconnect backoff', () => {
  it('doubles from 0.5 s and caps at 10 s', () => {
    expect(Array.from({ length: 8 }, (_, i) => backoffDelay(i))).toEqual([
      500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000,
    ]);
    expect(backoffDelay(1000)).toBe(BACKOFF_CAP_MS);
    expect(backoffDelay(-1)).toBe(500);
    expect(backoffDelay(Number.NaN)).toBe(500);
  });

  it('tells the UI when the next try is, and why', () => {
    const text = describeUnavailable(
      { status: 'reconnecting', nextRetryAt: 14_000, lastError: 'connection refused' },
      10_100,
    );
    expect(text).toBe('reconnecting, next try in 4 s (connection refused)');
    expect(describeUnavailable({ status: 'connecting', nextRetryAt: null, lastError: null })).toBe(
      'connecting',
    );
  });
});
