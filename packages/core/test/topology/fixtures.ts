import { HostSnapshotSchema } from '../../src/schemas';
import type { HostSnapshotInput, Network } from '../../src/schemas';
import type { HostView } from '../../src/topology';

export const net = (fields: Partial<Network> & Pick<Network, 'id' | 'name'>): Network => ({
  driver: 'ipvlan',
  mode: 'l2',
  flag: 'bridge',
  parent: 'eth0',
  parentKind: 'existing',
  internal: false,
  ipv4: true,
  ipv6: false,
  subnets: [],
  labels: {},
  options: {},
  created: '2026-01-01T00:00:00.000Z',
  status: 'ok',
  ...fields,
});

export const vlanNet = (
  host: string,
  vid: number,
  subnet: string,
  extra: Partial<Network> = {},
): Network =>
  net({
    id: `${host}-v${vid}`,
    name: `vlan${vid}`,
    parent: `eth0.${vid}`,
    parentKind: 'vlan',
    vlanId: vid,
    subnets: [{ family: 4, subnet, auxAddresses: {}, fromDefaultPool: false }],
    ...extra,
  });

export const hostOf = (
  id: string,
  input: HostSnapshotInput,
  extra: Partial<HostView> = {},
): HostView => ({
  id,
  name: id,
  online: true,
  snapshot: HostSnapshotSchema.parse({
    links: [
      { name: 'lo', kind: 'loopback' },
      { name: 'eth0', kind: 'device' },
      ...(input.links ?? []),
    ],
    ...input,
    ...(input.links
      ? {
          links: [
            { name: 'lo', kind: 'loopback' },
            { name: 'eth0', kind: 'device' },
            ...input.links,
          ],
        }
      : {}),
  }),
  ...extra,
});

export const ep = (
  id: string,
  networkId: string,
  container: string,
  ipv4Address: string,
  created = '2026-01-01T00:00:00.000Z',
) => ({
  id,
  networkId,
  container,
  netns: container,
  ifname: 'eth0',
  ipv4Address,
  created,
});

/** Two hosts on one trunk, each with VLAN 10 (one container each) and host a also with VLAN 20. */
export function twoHosts(): HostView[] {
  const a10 = vlanNet('a', 10, '172.16.80.0/24');
  const a20 = vlanNet('a', 20, '172.16.50.0/22');
  const b10 = vlanNet('b', 10, '172.16.80.0/24');
  return [
    hostOf('b', {
      links: [{ name: 'eth0.10', kind: 'vlan', parent: 'eth0', vlanId: 10 }],
      networks: [b10],
      endpoints: [ep('e3', b10.id, 'web2', '172.16.80.3/24')],
    }),
    hostOf('a', {
      links: [
        { name: 'eth0.10', kind: 'vlan', parent: 'eth0', vlanId: 10 },
        { name: 'eth0.20', kind: 'vlan', parent: 'eth0', vlanId: 20 },
      ],
      networks: [a10, a20],
      endpoints: [
        ep('e1', a10.id, 'web1', '172.16.80.2/24'),
        ep('e2', a20.id, 'db1', '172.16.50.2/22'),
      ],
    }),
  ];
}
