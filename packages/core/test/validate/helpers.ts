import { expect } from 'vitest';
import {
  type HostSnapshot,
  type HostSnapshotInput,
  HostSnapshotSchema,
  type Issue,
  type NetworkCreateInput,
  resolveNetworkCreate,
} from '../../src';

/** A host as the agent would report it: loopback, two NICs up (eth0 with an address), docker0, and a few special links. */
export function hostOf(extra: HostSnapshotInput = {}): HostSnapshot {
  return HostSnapshotSchema.parse({
    hostname: 'host-a',
    links: [
      { name: 'lo', kind: 'loopback' },
      { name: 'eth0', kind: 'device' },
      { name: 'eth1', kind: 'device' },
      { name: 'eth2', kind: 'device', up: false },
      { name: 'eth3', kind: 'device' },
      { name: 'mv0', kind: 'macvlan', parent: 'eth3' },
      { name: 'eth4', kind: 'device' },
      { name: 'shim0', kind: 'ipvlan', parent: 'eth4', ipvlanMode: 'l3', ipvlanFlag: 'bridge' },
      { name: 'foo', kind: 'vlan', parent: 'eth0', vlanId: 40 },
      { name: 'eth0.50', kind: 'vlan', parent: 'eth0', vlanId: 50 },
      { name: 'eth0.60', kind: 'vlan', parent: 'eth0', vlanId: 60, up: false },
      { name: 'docker0', kind: 'bridge' },
      ...(extra.links ?? []),
    ],
    addresses: [
      { dev: 'lo', address: '127.0.0.1/8' },
      { dev: 'eth0', address: '10.0.2.15/24' },
      { dev: 'docker0', address: '172.17.0.1/16' },
      ...(extra.addresses ?? []),
    ],
    networks: extra.networks ?? [],
    endpoints: extra.endpoints ?? [],
    containers: extra.containers ?? [],
  });
}

let counter = 0;
/** A fresh 64-hex network id, distinct per call, so dummy names differ. */
export function nextId(): string {
  counter += 1;
  return counter.toString(16).padStart(4, '0').padEnd(64, 'a');
}

/** The snapshot with one more network, made through resolveNetworkCreate itself. */
export function withNetwork(
  snapshot: HostSnapshot,
  input: NetworkCreateInput,
  id = nextId(),
): HostSnapshot {
  const { network } = resolveNetworkCreate(input, snapshot, {
    id,
    now: '2026-01-01T00:00:00.000Z',
  });
  return { ...snapshot, networks: [...snapshot.networks, network] };
}

/** A valid request on eth0 with one /24, to vary one field at a time. */
export function requestOf(overrides: Partial<NetworkCreateInput> = {}): NetworkCreateInput {
  return {
    name: 'net1',
    options: { parent: 'eth0' },
    ipam: [{ subnet: '192.168.1.0/24' }],
    ...overrides,
  };
}

/** Asserts that an issue with this code exists, at this path, naming the value. */
export function expectIssue(
  issues: Issue[],
  code: Issue['code'],
  path: Issue['path'],
  mentions: string,
): Issue {
  const found = issues.filter((p) => p.code === code);
  expect(
    found.map((p) => p.path),
    `issues: ${JSON.stringify(issues)}`,
  ).toContainEqual(path);
  const match = found.find((p) => JSON.stringify(p.path) === JSON.stringify(path));
  if (!match) throw new Error(`no ${code} at ${JSON.stringify(path)}`);
  expect(`${match.message} ${match.hint ?? ''}`).toContain(mentions);
  return match;
}

/** Asserts that no issue has this code. */
export function expectNoIssue(issues: Issue[], code: Issue['code']): void {
  expect(issues.filter((p) => p.code === code)).toEqual([]);
}

/** Asserts there is no error (warnings allowed). */
export function expectNoErrors(issues: Issue[]): void {
  expect(issues.filter((p) => p.severity === 'error')).toEqual([]);
}
