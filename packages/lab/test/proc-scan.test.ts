import { describe, expect, it } from 'vitest';
import { isGuestProcess, isLabGuestProcess, isRelayProcess } from '../src/proc-scan.js';

// stopLab kills what these match: a lab must never match another lab's processes.
describe('matching lab processes', () => {
  const guest = (umid: string) => [
    '/usr/bin/linux.uml',
    `umid=${umid}`,
    'uml_dir=/run/underlay-lab/x',
    'mem=256M',
  ];

  it('matches the guests of exactly one lab name', () => {
    expect(isLabGuestProcess(guest('underlay-dev-host-a'), 'dev')).toBe(true);
    expect(isLabGuestProcess(guest('underlay-dev-lab-host-a'), 'dev')).toBe(false);
    expect(isLabGuestProcess(guest('underlay-dev-lab-host-b'), 'dev-lab')).toBe(true);
    expect(isLabGuestProcess(guest('underlay-lab-host-a'), 'lab-test')).toBe(false);
    expect(isLabGuestProcess(['/usr/bin/node', 'umid=underlay-dev-host-a-extra'], 'dev')).toBe(
      false,
    );
  });

  it('matches one guest by its umid', () => {
    expect(isGuestProcess(guest('underlay-dev-host-a'), 'underlay-dev-host-a')).toBe(true);
    expect(isGuestProcess(guest('underlay-dev-host-a'), 'underlay-dev-host-b')).toBe(false);
  });

  it('matches the relay of one run dir', () => {
    const relay = (dir: string) => [
      '/usr/bin/node',
      '/repo/packages/lab/dist/relay.js',
      '--route',
      'x',
      '--pid-file',
      `${dir}/relay.pid`,
    ];
    expect(isRelayProcess(relay('/run/underlay-lab/dev'), '/run/underlay-lab/dev')).toBe(true);
    expect(isRelayProcess(relay('/run/underlay-lab/dev-lab'), '/run/underlay-lab/dev')).toBe(false);
    expect(
      isRelayProcess(
        ['/usr/bin/node', '/other/server.js', '--pid-file', '/run/underlay-lab/dev/relay.pid'],
        '/run/underlay-lab/dev',
      ),
    ).toBe(false);
  });
});
