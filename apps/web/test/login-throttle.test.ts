import { describe, expect, it } from 'vitest';
import { createLoginThrottle } from '../src/server/auth/login-throttle';

describe('login throttle', () => {
  it('refuses after the limit of failures within the window, until it slides past', () => {
    const t = createLoginThrottle({ limit: 3, windowMs: 1000 });
    t.failed(0);
    t.failed(100);
    expect(t.retryAfter(150)).toBe(0);
    t.failed(200);
    expect(t.retryAfter(250)).toBe(750);
    expect(t.retryAfter(999)).toBe(1);
    // the failure at 0 has left the window: two remain, under the limit
    expect(t.retryAfter(1000)).toBe(0);
  });

  it('is reset by a correct password', () => {
    const t = createLoginThrottle({ limit: 2, windowMs: 1000 });
    t.failed(0);
    t.failed(1);
    expect(t.retryAfter(2)).toBeGreaterThan(0);
    t.succeeded();
    expect(t.retryAfter(3)).toBe(0);
  });
});
