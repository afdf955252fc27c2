import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errnoFromStderr } from '../src/errno.js';
import { NetlinkError, isBusy, isExists, isNotFound, isNotSupported } from '../src/errors.js';

// Errno each captured command must map to, whatever kernel printed it
// (extack text differs between kernels; the errno must not).
const EXPECTED: Record<string, string> = {
  'ip link add p0 type veth peer name p9': 'EEXIST',
  'ip link add link nope name i2 type ipvlan mode l2 bridge': 'ENODEV',
  'ip link del dev nope': 'ENODEV',
  'ip link set dev nope up': 'ENODEV',
  'ip link show dev nope': 'ENODEV',
  'ip link set dev p0 mtu 100000': 'EINVAL',
  'ip link set dev p0 mtu 10': 'EINVAL',
  'ip link set dev p0 netns nonexistent-ns': 'ENOENT',
  'ip link set dev p0 name p0x': 'EBUSY',
  'ip link add link p0 name v10b type vlan id 10': 'EEXIST',
  'ip link add link p0 name vbad type vlan id 4095': 'ERANGE',
  'ip addr add 10.0.0.1/24 dev p0': 'EEXIST',
  'ip addr del 10.9.9.9/24 dev p0': 'EADDRNOTAVAIL',
  'ip addr add fd00::1/64 dev nope': 'ENODEV',
  'ip addr add 10.7.0.1/24 dev i4': 'EADDRINUSE',
  'ip route add default via 10.9.9.9': 'ENETUNREACH',
  'ip route replace default dev nope': 'ENODEV',
  'ip route del 10.8.0.0/16': 'ESRCH',
  'ip route del default': 'ESRCH',
  'ip link add link p0 name m1 type macvlan mode bridge': 'EBUSY',
  'ip link add link p0 name m0 type macvlan mode bridge': 'EBUSY',
  'ip link add link p0 name i5 type ipvlan mode l2 bridge': 'EBUSY',
  'ip link del dev p0': 'EBUSY',
  'ip -n nonexistent-ns link': 'ENOENT',
  'ip netns add EXISTING': 'EEXIST',
  'ip netns del nonexistent-ns': 'ENOENT',
};

const fixtures = readdirSync(new URL('./fixtures', import.meta.url)).filter((f) =>
  /^stderr-.*\.jsonl$/.test(f),
);

describe.each(fixtures)('errno from captured stderr (%s)', (file) => {
  const samples = readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { cmd: string; stderr: string });
  const unsupported = samples.filter((s) => /Unknown device type/.test(s.stderr));
  const known = samples.filter((s) => s.stderr && !unsupported.includes(s) && EXPECTED[s.cmd]);

  it('has samples', () => expect(known.length).toBeGreaterThan(5));
  it.each(known.map((s) => [s.cmd, s.stderr] as const))('%s', (cmd, stderr) => {
    expect(errnoFromStderr(stderr)).toBe(EXPECTED[cmd]);
  });
  it.each(unsupported.map((s) => [s.cmd, s.stderr] as const))(
    'missing driver: %s',
    (_cmd, stderr) => {
      expect(errnoFromStderr(stderr)).toBe('EOPNOTSUPP');
    },
  );
});

describe('errno text forms', () => {
  it.each([
    ['RTNETLINK answers: Device or resource busy', 'EBUSY'],
    ['RTNETLINK answers: Operation not permitted', 'EPERM'],
    ['RTNETLINK answers: Numerical result out of range', 'ERANGE'],
    ['Error: Address already assigned to an ipvlan device.', 'EADDRINUSE'],
    ['RTNETLINK answers: Cannot assign requested address', 'EADDRNOTAVAIL'],
    ['Error: Device does not exist.', 'ENODEV'],
    ['RTNETLINK answers: Operation not supported\nCommand failed -:3', 'EOPNOTSUPP'],
    ['something nobody has seen', 'UNKNOWN'],
  ])('%s', (stderr, errno) => expect(errnoFromStderr(stderr)).toBe(errno));
});

describe('NetlinkError', () => {
  const err = (errno: string) =>
    new NetlinkError({
      op: 'linkAdd',
      argv: ['ip', '-n', 'c1', 'link', 'add'],
      netns: 'c1',
      errno,
      stderr: 'RTNETLINK answers: File exists\n',
    });
  it('carries the op, argv, namespace, errno and stderr and says what to do', () => {
    const e = err('EEXIST');
    expect(e).toMatchObject({
      op: 'linkAdd',
      netns: 'c1',
      errno: 'EEXIST',
      argv: ['ip', '-n', 'c1', 'link', 'add'],
    });
    expect(e.message).toBe(
      'linkAdd failed in netns c1: RTNETLINK answers: File exists [EEXIST]: it already exists: delete it first or use an ensure… helper',
    );
  });
  it('predicates', () => {
    expect([isExists(err('EEXIST')), isNotFound(err('EEXIST'))]).toEqual([true, false]);
    expect(['ENODEV', 'ENOENT', 'ESRCH', 'EADDRNOTAVAIL'].map((n) => isNotFound(err(n)))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect([
      isBusy(err('EBUSY')),
      isNotSupported(err('EOPNOTSUPP')),
      isExists(new Error('EEXIST')),
    ]).toEqual([true, true, false]);
  });
});
