import { HostSnapshotSchema } from '../schemas/snapshot';
import type { Endpoint } from '../schemas/endpoint';
import type { Network } from '../schemas/network';
import type { HostView } from './types';

export interface FleetShape {
  hosts: number;
  vlansPerHost: number;
  containersPerNetwork: number;
}

const CREATED = '2026-01-01T00:00:00.000Z';
const stamp = (n: number): string => new Date(Date.parse(CREATED) + n * 1000).toISOString();

// Every host carries the same VLANs (10, 11, …) on eth0, as a trunked rack
// does, so each VLAN is one segment spanning all hosts. Every fifth network
// is L3 (no gateway), every seventh internal, so all styles appear. Addresses
// are split per host inside a /16 (10.V.H.C), the way people split
// --ip-range per host to avoid duplicates.
function networkFor(vid: number, host: number): Network {
  const l3 = vid % 5 === 0;
  const internal = vid % 7 === 0;
  const subnet = `10.${vid % 256}.0.0/16`;
  return {
    id: `h${host}v${vid}`,
    name: `vlan${vid}`,
    driver: 'ipvlan',
    mode: l3 ? 'l3' : 'l2',
    flag: 'bridge',
    parent: `eth0.${vid}`,
    parentKind: 'vlan',
    vlanId: vid,
    internal,
    ipv4: true,
    ipv6: false,
    subnets: [
      {
        family: 4,
        subnet,
        ...(l3 || internal ? {} : { gateway: `10.${vid % 256}.0.1` }),
        auxAddresses: {},
        fromDefaultPool: false,
      },
    ],
    labels: {},
    options: { parent: `eth0.${vid}` },
    created: CREATED,
    status: 'ok',
  };
}

function hostFor(h: number, { vlansPerHost, containersPerNetwork }: FleetShape): HostView {
  const vids = Array.from({ length: vlansPerHost }, (_, i) => 10 + i);
  const networks = vids.map((vid) => networkFor(vid, h));
  const endpoints: Endpoint[] = networks.flatMap((n, i) =>
    Array.from({ length: containersPerNetwork }, (_, c) => ({
      id: `${n.id}c${c}`,
      networkId: n.id,
      container: `${n.name}-c${c}`,
      netns: `${n.name}-c${c}`,
      ifname: 'eth0',
      ipv4Address: `10.${(vids[i] ?? 0) % 256}.${h % 256}.${c + 10}/16`,
      created: stamp(i * containersPerNetwork + c),
    })),
  );
  const snapshot = HostSnapshotSchema.parse({
    hostname: `host-${h}`,
    links: [
      { name: 'lo', kind: 'loopback' },
      { name: 'eth0', kind: 'device' },
      ...vids.map((vid) => ({ name: `eth0.${vid}`, kind: 'vlan', parent: 'eth0', vlanId: vid })),
    ],
    networks,
    endpoints,
    containers: endpoints.map((e) => ({
      name: e.container,
      netns: e.netns,
      origin: 'created',
      created: e.created,
    })),
    ownedLinks: networks.map((n) => ({ name: n.parent, kind: 'vlan', networkIds: [n.id] })),
  });
  return { id: `host-${String(h).padStart(3, '0')}`, name: `host-${h}`, online: true, snapshot };
}

/** A synthetic fleet for tests and the dashboard's benchmark (50 × 20 × 5 ≈ 8,000 nodes). */
export function synthFleet(shape: FleetShape): HostView[] {
  return Array.from({ length: shape.hosts }, (_, h) => hostFor(h, shape));
}
