import { describe, expect, it } from 'vitest';
import { formatRoutes } from '../../src/cli/format-route';

describe('route ls', () => {
  it('prints each route with where it came from and whether the kernel has it', () => {
    const lines = formatRoutes({
      added: 0,
      removed: 0,
      routes: [
        {
          family: 4,
          dst: '10.62.0.0/24',
          via: '10.60.0.12',
          dev: 'eth0',
          origin: { host: 'host-b', network: 'l3b' },
          source: 'hub',
          installed: 't',
          present: true,
        },
        {
          family: 4,
          dst: '10.63.0.0/24',
          via: '10.60.0.13',
          dev: 'eth0',
          origin: { host: 'host-c', network: 'l3c' },
          source: 'hub',
          installed: 't',
          present: false,
        },
      ],
    });
    expect(lines[0]).toMatch(/^DESTINATION\s+VIA\s+DEV\s+FROM\s+SOURCE\s+STATE$/);
    expect(lines[1]).toMatch(
      /^10\.62\.0\.0\/24\s+10\.60\.0\.12\s+eth0\s+l3b@host-b\s+hub\s+installed$/,
    );
    expect(lines[2]).toMatch(/missing$/);
  });
});
