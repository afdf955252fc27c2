import { HostSnapshotSchema, predictReachability } from '@underlay/core';

// Two containers on VLAN 10 and one on VLAN 20, as host-a's agent reports them.
const network = (id: string, name: string, vlan: number, subnet: string) => ({
  id,
  name,
  driver: 'ipvlan',
  mode: 'l2',
  flag: 'bridge',
  parent: `eth0.${vlan}`,
  parentKind: 'vlan',
  vlanId: vlan,
  internal: false,
  ipv4: true,
  ipv6: false,
  subnets: [{ family: 4, subnet, auxAddresses: {}, fromDefaultPool: false }],
  labels: {},
  options: {},
  created: 'now',
  status: 'ok',
});
const endpoint = (id: string, networkId: string, container: string, ipv4Address: string) => ({
  id,
  networkId,
  container,
  netns: container,
  ifname: 'eth0',
  ipv4Address,
  created: 'now',
});
const snapshot = HostSnapshotSchema.parse({
  hostname: 'host-a',
  links: [
    { name: 'eth0', kind: 'device' },
    { name: 'eth0.10', kind: 'vlan', parent: 'eth0', vlanId: 10 },
    { name: 'eth0.20', kind: 'vlan', parent: 'eth0', vlanId: 20 },
  ],
  networks: [
    network('n10', 'vlan10', 10, '10.10.0.0/24'),
    network('n20', 'vlan20', 20, '10.20.0.0/24'),
  ],
  endpoints: [
    endpoint('e1', 'n10', 'web', '10.10.0.2/24'),
    endpoint('e2', 'n10', 'api', '10.10.0.3/24'),
    endpoint('e3', 'n20', 'db', '10.20.0.2/24'),
  ],
});
const fleet = [{ id: 'h1', name: 'host-a', online: true, snapshot }];
const ask = (from: string, to: string) =>
  predictReachability({
    from: { hostId: 'h1', endpointId: from },
    to: { hostId: 'h1', endpointId: to },
    fleet,
    family: 4,
  });
console.log(ask('e1', 'e2').rule, ask('e1', 'e3').rule);
// → SAME_SEGMENT_SAME_SUBNET DIFFERENT_VLAN
