import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchOp } from '../src/index.js';
import { Guest, labHosts, nsName } from './lab/guests.js';

// The lab acceptance of issue 3, through netlink running inside two guests
// whose eth0 sit on one 802.1Q trunk. Containers are named namespaces.

let a: Guest;
let b: Guest;
const cleanup: Array<() => Promise<unknown>> = [];

/** A container: an ipvlan child of `parent` moved into a new namespace as eth0, with addresses, up. */
async function container(
  g: Guest,
  spec: {
    tag: string;
    parent: string;
    mode?: 'l2' | 'l3' | 'l3s';
    flag?: 'bridge' | 'private' | 'vepa';
    addresses: string[];
    defaultDev?: boolean;
  },
): Promise<string> {
  const ns = nsName(spec.tag);
  const tmp = `t${ns.slice(-6)}`;
  await g.call('netnsAdd', { name: ns });
  cleanup.push(() => g.call('netnsDel', { name: ns, missingOk: true }));
  await g.call('batch', {
    ops: [
      {
        op: 'linkAdd',
        spec: {
          kind: 'ipvlan',
          name: tmp,
          link: spec.parent,
          mode: spec.mode ?? 'l2',
          flag: spec.flag ?? 'bridge',
        },
      },
      { op: 'linkSetNetns', name: tmp, target: ns },
    ],
  });
  const ops: BatchOp[] = [
    { op: 'linkRename', name: tmp, newName: 'eth0' },
    ...spec.addresses.map((address): BatchOp => ({ op: 'addrAdd', dev: 'eth0', address })),
    { op: 'linkSetUp', name: 'eth0' },
    { op: 'linkSetUp', name: 'lo' },
    ...(spec.defaultDev
      ? [{ op: 'routeReplace', family: 4, dst: 'default', dev: 'eth0' } as const]
      : []),
  ];
  await g.call('batch', { netns: ns, ops });
  return ns;
}

/** A parent link in the guest's own namespace, removed after the suite. */
async function parent(
  g: Guest,
  spec: { kind: 'vlan'; name: string; id: number } | { kind: 'dummy'; name: string },
) {
  await g.call('linkAdd', { ...(spec.kind === 'vlan' ? { link: 'eth0' } : {}), ...spec, up: true });
  cleanup.push(() => g.call('linkDel', { name: spec.name, missingOk: true }));
}

beforeAll(async () => {
  const [hostA, hostB] = await labHosts();
  if (!hostA || !hostB) throw new Error('the acceptance needs two lab hosts');
  [a, b] = [new Guest(hostA), new Guest(hostB)];
  for (const g of [a, b]) {
    await g.call('linkSetUp', { name: 'eth0' });
    await parent(g, { kind: 'vlan', name: 'eth0.10', id: 10 });
    await parent(g, { kind: 'vlan', name: 'eth0.20', id: 20 });
  }
});
afterAll(async () => {
  for (const undo of cleanup.reverse()) await undo();
  for (const g of [a, b]) {
    const names = (await g.call<Array<{ name: string }>>('linkList')).map((l) => l.name);
    expect(names.filter((n) => /^eth0\.\d+$|^dp\d$/.test(n))).toEqual([]);
    expect((await g.call<string[]>('netnsList')).filter((n) => n.startsWith('nl-'))).toEqual([]);
  }
});

describe('ipvlan L2 on an 802.1Q sub-interface, across the trunk', () => {
  let a10 = '';
  let b10 = '';
  let b20 = '';
  let a20 = '';
  beforeAll(async () => {
    a10 = await container(a, {
      tag: 'a10',
      parent: 'eth0.10',
      addresses: ['10.10.0.2/24', 'fd10::2/64'],
    });
    b10 = await container(b, {
      tag: 'b10',
      parent: 'eth0.10',
      addresses: ['10.10.0.3/24', 'fd10::3/64'],
    });
    b20 = await container(b, { tag: 'b20', parent: 'eth0.20', addresses: ['10.10.0.4/24'] });
    a20 = await container(a, { tag: 'a20', parent: 'eth0.20', addresses: ['10.10.0.5/24'] });
  });

  it('containers on VLAN 10 of two hosts reach each other', async () => {
    expect(await a.ping(a10, '10.10.0.3')).toBe(true);
    expect(await b.ping(b10, '10.10.0.2')).toBe(true);
  });
  it('IPv6 works in L2 (nodad)', async () => {
    expect(await a.ping(a10, 'fd10::3', 6)).toBe(true);
  });
  it('VLAN 20 does not reach VLAN 10, even with an address in its subnet', async () => {
    expect(await b.ping(b20, '10.10.0.5')).toBe(true); // VLAN 20 itself works across the trunk
    expect(await a.ping(a20, '10.10.0.4')).toBe(true);
    expect(await b.ping(b20, '10.10.0.2')).toBe(false);
    expect(await a.ping(a10, '10.10.0.4')).toBe(false);
  });
  it("a host's own namespace does not reach its own L2 child; the other host reaches both", async () => {
    await a.call('addrAdd', { dev: 'eth0.10', address: '10.10.0.1/24' });
    cleanup.push(() =>
      a.call('addrDel', { dev: 'eth0.10', address: '10.10.0.1/24', missingOk: true }),
    );
    expect(await a.call('ping', { address: '10.10.0.2' })).toBe(false);
    expect(await a.ping(a10, '10.10.0.1')).toBe(false);
    expect(await b.ping(b10, '10.10.0.1')).toBe(true);
    expect(await b.ping(b10, '10.10.0.2')).toBe(true);
  });
});

describe('parents of other kinds and modes', () => {
  it('two L3 subnets on one parent reach each other with default dev routes', async () => {
    await parent(a, { kind: 'vlan', name: 'eth0.30', id: 30 });
    const l3a = await container(a, {
      tag: 'l3a',
      parent: 'eth0.30',
      mode: 'l3',
      addresses: ['10.50.1.2/24'],
      defaultDev: true,
    });
    await container(a, {
      tag: 'l3b',
      parent: 'eth0.30',
      mode: 'l3',
      addresses: ['10.50.2.2/24'],
      defaultDev: true,
    });
    expect(await a.ping(l3a, '10.50.2.2')).toBe(true);
  });

  it('two children of a dummy parent reach each other and nothing else', async () => {
    await parent(a, { kind: 'dummy', name: 'dp0' });
    const d1 = await container(a, { tag: 'd1', parent: 'dp0', addresses: ['10.10.0.50/24'] });
    await container(a, { tag: 'd2', parent: 'dp0', addresses: ['10.10.0.51/24'] });
    const b10 = await container(b, { tag: 'bx', parent: 'eth0.10', addresses: ['10.10.0.52/24'] });
    expect(await a.ping(d1, '10.10.0.51')).toBe(true);
    expect(await a.ping(d1, '10.10.0.52')).toBe(false);
    expect(await b.ping(b10, '10.10.0.50')).toBe(false);
  });

  it('l2 private blocks child-to-child (bridge on the same kind of parent does not)', async () => {
    await parent(a, { kind: 'dummy', name: 'dp1' });
    const p1 = await container(a, {
      tag: 'p1',
      parent: 'dp1',
      flag: 'private',
      addresses: ['10.70.0.2/24'],
    });
    await container(a, { tag: 'p2', parent: 'dp1', flag: 'private', addresses: ['10.70.0.3/24'] });
    expect(await a.ping(p1, '10.70.0.3')).toBe(false);
  });
});
