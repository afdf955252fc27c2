import { describe, expect, it } from 'vitest';
import { parsePing } from '../src/service/ping-output';

describe('parsePing', () => {
  it('reads counts and rtt of a successful run', () => {
    const out =
      'PING 10.10.0.3 (10.10.0.3) 56(84) bytes of data.\n\n--- 10.10.0.3 ping statistics ---\n3 packets transmitted, 3 received, 0% packet loss, time 2003ms\nrtt min/avg/max/mdev = 0.412/0.601/0.880/0.201 ms\n';
    expect(parsePing(out)).toEqual({
      transmitted: 3,
      received: 3,
      lossPercent: 0,
      rttMs: { min: 0.412, avg: 0.601, max: 0.88, mdev: 0.201 },
    });
  });

  it('reads a run where nothing came back', () => {
    const out =
      '--- 10.20.0.3 ping statistics ---\n2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 1020ms\n';
    expect(parsePing(out)).toEqual({ transmitted: 2, received: 0, lossPercent: 100, rttMs: null });
  });

  it('gives null without a summary', () => {
    expect(parsePing('ping: connect: Network is unreachable\n')).toBeNull();
  });
});
