import { describe, expect, it } from 'vitest';
import { predictReachability, RULE_CODES, type ReachOptions, type RuleCode } from '../../src/reach';
import type { DistributedRoute } from '../../src/schemas';
import type { HostView } from '../../src/topology';
import { labFleet, ref } from './fleet';

// One describe per rule code; each row is a ping from one endpoint's
// container to another's address, with what the rule must answer.
interface Row {
  title: string;
  from: string;
  to: string;
  reachable: boolean;
  family?: 4 | 6;
  opts?: ReachOptions;
  fleet?: (hosts: HostView[]) => HostView[];
  /** Words the explanation must contain. */
  says?: string[];
}

const offline = (id: string) => (hosts: HostView[]) =>
  hosts.map((h) => (h.id === id ? { ...h, online: false } : h));
// Distributed routes as the agents report them: host-a → host-b's 192.168.215.0/24,
// host-b → host-a's 10.1.215.0/24 (both of network l3vlan).
const TO_B: DistributedRoute = {
  family: 4,
  dst: '192.168.215.0/24',
  via: '10.60.0.12',
  origin: { host: 'host-b', network: 'l3vlan' },
};
const TO_A: DistributedRoute = {
  family: 4,
  dst: '10.1.215.0/24',
  via: '10.60.0.11',
  origin: { host: 'host-a', network: 'l3vlan' },
};
const installed = (r: DistributedRoute) => ({
  ...r,
  dev: 'eth0',
  source: 'hub',
  installed: 'now',
});
const routes =
  (held: Record<string, DistributedRoute[]>, drift: Record<string, string[]> = {}) =>
  (hosts: HostView[]) =>
    hosts.map((h) => ({
      ...h,
      snapshot: { ...h.snapshot, installedRoutes: (held[h.id] ?? []).map(installed) },
      drift: (drift[h.id] ?? []).map((address) => ({
        kind: 'route-missing' as const,
        network: '',
        address,
        detail: 'gone',
      })),
    }));
const ownTrunk = (id: string) => (hosts: HostView[]) =>
  hosts.map((h) => (h.id === id ? { ...h, trunks: { eth1: `eth1-of-${id}` } } : h));

const table: Record<RuleCode, Row[]> = {
  SAME_CONTAINER: [
    { title: 'an endpoint to itself', from: 'a:web1@vlan10', to: 'a:web1@vlan10', reachable: true },
    {
      title: "a container to its own address on another network (web1's VLAN 20 link)",
      from: 'a:web1@vlan10',
      to: 'a:web1@vlan20',
      reachable: true,
    },
  ],
  SAME_SEGMENT_SAME_SUBNET: [
    {
      title: 'seed VLAN 10 (172.16.80.0/24) across hosts',
      from: 'a:web1@vlan10',
      to: 'b:web2@vlan10',
      reachable: true,
      says: ['VLAN 10 on eth0'],
    },
    {
      title: 'seed VLAN 10 across hosts, the other way',
      from: 'b:web2@vlan10',
      to: 'a:web1@vlan10',
      reachable: true,
    },
    {
      title: 'VLAN 10 on one host, one parent, bridge',
      from: 'a:web1@vlan10',
      to: 'a:web3@vlan10',
      reachable: true,
    },
    {
      title: 'ipvlan114, same subnet 192.168.114.0/24',
      from: 'a:c114a@ipvlan114',
      to: 'a:c114b@ipvlan114',
      reachable: true,
    },
    {
      title: 'a manual VLAN 10 link (foo10) is the same segment as eth0.10 on the other host',
      from: 'a:m1@manual10',
      to: 'b:web2@vlan10',
      reachable: true,
    },
    {
      title: 'untagged NIC eth1 on both hosts (one trunk by default)',
      from: 'a:f1@flat',
      to: 'b:f2@flat',
      reachable: true,
      says: ['eth1 untagged'],
    },
    {
      title: 'private goes over the wire across hosts',
      from: 'a:p1@priv',
      to: 'b:p3@priv',
      reachable: true,
    },
    {
      title: 'internal with a parent: members reach each other across the segment',
      from: 'a:i1@int2',
      to: 'b:i2@int2',
      reachable: true,
    },
    {
      title: 'dummy parent: siblings of one network on one host',
      from: 'a:d1@int1',
      to: 'a:d2@int1',
      reachable: true,
    },
    {
      title: 'IPv6-only VLAN 139 across hosts',
      from: 'a:s6a@v6only',
      to: 'b:s6b@v6only',
      reachable: true,
      family: 6,
    },
    {
      title: "web1's second link (VLAN 20, no default route) still reaches its own subnet",
      from: 'a:web1@vlan20',
      to: 'a:db1@vlan20',
      reachable: true,
    },
    // The agent pings from the namespace without -I: the kernel's routes pick the link.
    {
      title: 'a container on VLAN 10 and 20 reaches VLAN 20 through its VLAN 20 link',
      from: 'a:web1@vlan10',
      to: 'a:db1@vlan20',
      reachable: true,
      says: ['through eth1 on vlan20'],
    },
    {
      title: '…and VLAN 10 across hosts from its VLAN 20 row, through eth0',
      from: 'a:web1@vlan20',
      to: 'b:web2@vlan10',
      reachable: true,
      says: ['through eth0 on vlan10'],
    },
  ],
  L3_SAME_PARENT: [
    {
      title: 'L3 subnets on one VLAN parent reach each other (192.168.215.0/24 ↔ 10.1.215.0/24)',
      from: 'a:l3c@l3vlan',
      to: 'a:l3d@l3vlan',
      reachable: true,
    },
    { title: '…and back', from: 'a:l3d@l3vlan', to: 'a:l3c@l3vlan', reachable: true },
    {
      title: 'ipnet210 (L3, dummy parent): siblings in one subnet',
      from: 'a:l3a@ipnet210',
      to: 'a:l3b@ipnet210',
      reachable: true,
    },
    // The seed: without a parent, L3 subnets of one network meet through `default dev eth0`.
    {
      title: 'ipnet210 (L3, dummy parent): 192.168.214.0/24 ↔ 10.1.214.0/24',
      from: 'a:l3a@ipnet210',
      to: 'a:l3z@ipnet210',
      reachable: true,
      says: ['dm-ipnet210'],
    },
    { title: '…and back', from: 'a:l3z@ipnet210', to: 'a:l3a@ipnet210', reachable: true },
  ],
  DIFFERENT_VLAN: [
    {
      title: 'seed VLAN 10 ↔ VLAN 20',
      from: 'a:web3@vlan10',
      to: 'a:db1@vlan20',
      reachable: false,
      says: ['VLAN 10 on eth0', 'VLAN 20 on eth0'],
    },
    {
      title: 'VLAN 20 with an address in the VLAN 10 subnet, across hosts',
      from: 'b:spoof@vlan20',
      to: 'a:web1@vlan10',
      reachable: false,
      says: ['share a subnet'],
    },
    {
      title: 'internal VLAN 72 to VLAN 10',
      from: 'a:i1@int2',
      to: 'a:web1@vlan10',
      reachable: false,
    },
    {
      title: 'the same NIC name on different trunks is not one segment',
      from: 'a:f1@flat',
      to: 'b:f2@flat',
      reachable: false,
      fleet: ownTrunk('b'),
    },
  ],
  L2_NEEDS_ROUTER: [
    {
      title: 'ipvlan114: 192.168.114.0/24 ↔ 192.168.116.0/24 on one parent',
      from: 'a:c114a@ipvlan114',
      to: 'a:c116@ipvlan114',
      reachable: false,
    },
    {
      title: 'ipvlan114 subnets across hosts on one VLAN',
      from: 'a:c114a@ipvlan114',
      to: 'b:c116b@ipvlan114',
      reachable: false,
    },
  ],
  L3_ROUTES_DISTRIBUTED: [
    {
      title: 'L3 across hosts with the route on both sides',
      from: 'a:l3d@l3vlan',
      to: 'b:l3e@l3vlan',
      reachable: true,
      fleet: routes({ a: [TO_B], b: [TO_A] }),
      says: [
        'host-a routes 192.168.215.0/24 via 10.60.0.12',
        'host-b routes 10.1.215.0/24 via 10.60.0.11',
      ],
    },
    {
      title: 'L3 across hosts with the route on both sides, the other way',
      from: 'b:l3e@l3vlan',
      to: 'a:l3d@l3vlan',
      reachable: true,
      fleet: routes({ a: [TO_B], b: [TO_A] }),
    },
  ],
  L3_NO_ROUTE_DISTRIBUTION: [
    {
      title: 'L3 across hosts, even on the same VLAN and subnet, without distributed routes',
      from: 'a:l3c@l3vlan',
      to: 'b:l3e@l3vlan',
      reachable: false,
      says: ['host-a has no distributed route', 'host-b has no distributed route'],
    },
    {
      title: 'L3 across hosts with the route on the sender only: the reply has no way back',
      from: 'a:l3d@l3vlan',
      to: 'b:l3e@l3vlan',
      reachable: false,
      fleet: routes({ a: [TO_B] }),
      says: ['host-b has no distributed route to l3d'],
    },
    {
      title: 'L3 across hosts with the route on the receiver only',
      from: 'a:l3d@l3vlan',
      to: 'b:l3e@l3vlan',
      reachable: false,
      fleet: routes({ b: [TO_A] }),
      says: ['host-a has no distributed route to l3e'],
    },
    {
      title: 'L3 across hosts, a route the drift check found gone from the kernel',
      from: 'a:l3d@l3vlan',
      to: 'b:l3e@l3vlan',
      reachable: false,
      fleet: routes({ a: [TO_B], b: [TO_A] }, { a: ['192.168.215.0/24'] }),
      says: ['host-a has no distributed route'],
    },
    {
      title: 'L3 across hosts, a route to the subnet that leads to another host',
      from: 'a:l3d@l3vlan',
      to: 'b:l3e@l3vlan',
      reachable: false,
      fleet: routes({ a: [{ ...TO_B, origin: { host: 'host-c', network: 'x' } }], b: [TO_A] }),
    },
    {
      title: 'L3 on one host, different parents',
      from: 'a:l3c@l3vlan',
      to: 'a:l3s1@l3other',
      reachable: false,
      says: ["host-a's own namespace"],
    },
    {
      title: 'L2 endpoint to an L3 one on another host',
      from: 'a:web1@vlan10',
      to: 'b:l3e@l3vlan',
      reachable: false,
    },
  ],
  PRIVATE_FLAG: [
    {
      title: 'l2 private siblings on one host',
      from: 'a:p1@priv',
      to: 'a:p2@priv',
      reachable: false,
      says: ['flag private'],
    },
  ],
  VEPA_NEEDS_HAIRPIN: [
    {
      title: 'l2 vepa siblings, the lab switch does not hairpin',
      from: 'a:v1@vepa',
      to: 'a:v2@vepa',
      reachable: false,
      says: ['does not hairpin'],
    },
    {
      title: 'l2 vepa siblings with a hairpinning switch',
      from: 'a:v1@vepa',
      to: 'a:v2@vepa',
      reachable: true,
      opts: { switchHairpin: true },
    },
    {
      title: 'l3 vepa siblings: the host routes them, hairpin or not',
      from: 'a:w1@vepa3',
      to: 'a:w2@vepa3',
      reachable: false,
      opts: { switchHairpin: true },
    },
  ],
  SAME_HOST_NEEDS_HAIRPIN: [
    {
      title: 'VLAN 10 through two parent links of one host (eth0.10, foo10)',
      from: 'a:web1@vlan10',
      to: 'a:m1@manual10',
      reachable: false,
    },
    {
      title: '…reachable when the switch hairpins',
      from: 'a:web1@vlan10',
      to: 'a:m1@manual10',
      reachable: true,
      opts: { switchHairpin: true },
    },
  ],
  DUMMY_ISOLATED: [
    {
      title: 'dummy network to a VLAN network on its host',
      from: 'a:d1@int1',
      to: 'a:web1@vlan10',
      reachable: false,
      says: ['dummy dm-int1'],
    },
    {
      title: 'a VLAN network to a dummy network',
      from: 'b:web2@vlan10',
      to: 'a:d1@int1',
      reachable: false,
    },
    {
      title: 'ipnet210 (dummy) to another host',
      from: 'a:l3a@ipnet210',
      to: 'b:l3e@l3vlan',
      reachable: false,
    },
  ],
  NO_ROUTE: [
    // core plans no default route on an internal network, dummy parent or not, so
    // the two subnets of an internal L3 network do not meet.
    {
      title: 'internal L3 on a dummy: 192.168.74.0/24 ↔ 10.1.74.0/24 has no route',
      from: 'a:n1@int3',
      to: 'a:n2@int3',
      reachable: false,
      says: ['internal'],
    },
    {
      title: 'internal L2: another subnet of the network is out of reach',
      from: 'a:i1@int2',
      to: 'a:i3@int2',
      reachable: false,
      says: ['internal'],
    },
  ],
  NO_ADDRESS_OF_FAMILY: [
    {
      title: 'IPv6 between IPv4-only endpoints',
      from: 'a:web1@vlan10',
      to: 'b:web2@vlan10',
      reachable: false,
      family: 6,
      says: ['IPv6'],
    },
    {
      title: 'IPv4 to an IPv6-only endpoint',
      from: 'a:web1@vlan10',
      to: 'b:s6b@v6only',
      reachable: false,
    },
    {
      title: 'IPv4 from an IPv6-only endpoint',
      from: 'a:s6a@v6only',
      to: 'a:web1@vlan10',
      reachable: false,
    },
  ],
  UNKNOWN: [
    {
      title: 'the target host is offline',
      from: 'a:web1@vlan10',
      to: 'b:web2@vlan10',
      reachable: false,
      fleet: offline('b'),
      says: ['host-b is offline'],
    },
    {
      title: 'the source host is offline',
      from: 'a:web1@vlan10',
      to: 'b:web2@vlan10',
      reachable: false,
      fleet: offline('a'),
      says: ['host-a is offline'],
    },
    {
      title: 'a degraded network (parent eth0.30 missing)',
      from: 'a:g1@gone30',
      to: 'a:web1@vlan10',
      reachable: false,
      says: ['degraded', 'eth0.30'],
    },
    {
      title: 'an endpoint the host does not report',
      from: 'a:web1@vlan10',
      to: 'b:ghost@vlan10',
      reachable: false,
      says: ['not on host-b'],
    },
    {
      title: 'a host not in the fleet',
      from: 'c:x@y',
      to: 'a:web1@vlan10',
      reachable: false,
      says: ['host c'],
    },
    {
      title: 'two networks on one parent with different modes',
      from: 'a:k1@clash-l2',
      to: 'a:k2@clash-l3',
      reachable: false,
      says: ['different modes'],
    },
  ],
};

for (const code of RULE_CODES) {
  describe(code, () => {
    it.each(table[code])('$title', (row) => {
      const fleet = (row.fleet ?? ((h) => h))(labFleet());
      const prediction = predictReachability(
        { from: ref(row.from), to: ref(row.to), fleet, family: row.family ?? 4 },
        row.opts,
      );
      expect(prediction.rule).toBe(code);
      expect(prediction.reachable).toBe(row.reachable);
      for (const words of row.says ?? []) expect(prediction.explanation).toContain(words);
    });
  });
}
