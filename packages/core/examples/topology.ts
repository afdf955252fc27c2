import { buildTopology, HostSnapshotSchema, resolveNetworkCreate } from '@underlay/core';

const snapshot = HostSnapshotSchema.parse({
  hostname: 'host-a',
  links: [{ name: 'eth0', kind: 'device' }],
});
const { network } = resolveNetworkCreate(
  { name: 'vlan10', options: { parent: 'eth0.10' }, ipam: [{ subnet: '172.16.80.0/24' }] },
  snapshot,
  { id: 'a'.repeat(64), now: '2026-12-03T00:00:00Z' },
);
const topology = buildTopology([
  { id: 'h1', name: 'host-a', online: true, snapshot: { ...snapshot, networks: [network] } },
]);
console.log(topology.nodes.map((node) => `${node.kind} ${node.label}`));
// → [ 'host host-a', 'parent eth0', 'vlan eth0.10 (VLAN 10)', 'segment VLAN 10 on eth0',
// →   'network vlan10', 'subnet 172.16.80.0/24' ]
