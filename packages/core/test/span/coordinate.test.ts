import { describe, expect, it } from 'vitest';
import { coordinateRanges, type SpanPeer, SLICES_LABEL } from '../../src/span';
import type { Network, NetworkCreateInput } from '../../src/schemas';

const seed: NetworkCreateInput = {
  name: 'vlan10',
  options: { parent: 'eth0.10' },
  ipam: [{ subnet: '172.16.80.0/24', gateway: '172.16.80.1' }],
};

const peer = (
  host: string,
  subnets: Network['subnets'],
  labels: Record<string, string> = {},
): SpanPeer => ({
  host,
  network: {
    id: `id-${host}`,
    name: 'vlan10',
    driver: 'ipvlan',
    mode: 'l2',
    flag: 'bridge',
    parent: 'eth0.10',
    parentKind: 'vlan',
    vlanId: 10,
    internal: false,
    ipv4: true,
    ipv6: false,
    subnets,
    labels,
    options: { parent: 'eth0.10' },
    created: '',
    status: 'ok',
  },
});
const v4 = (ipRange?: string): Network['subnets'][number] => ({
  family: 4,
  subnet: '172.16.80.0/24',
  gateway: '172.16.80.1',
  auxAddresses: {},
  fromDefaultPool: false,
  ...(ipRange ? { ipRange } : {}),
});

describe('coordinateRanges', () => {
  it('gives the seed network on two hosts a quarter each, the two upper quarters left for later hosts', () => {
    const c = coordinateRanges({ request: seed, hosts: ['host-b', 'host-a'] });
    expect(c.issues).toEqual([]);
    expect(c.ranges).toEqual([
      { host: 'host-a', subnet: '172.16.80.0/24', ipRange: '172.16.80.0/26' },
      { host: 'host-b', subnet: '172.16.80.0/24', ipRange: '172.16.80.64/26' },
    ]);
    expect(c.requests.map((r) => r.host)).toEqual(['host-a', 'host-b']);
    expect(c.requests[1]?.request.ipam).toEqual([
      { subnet: '172.16.80.0/24', gateway: '172.16.80.1', ipRange: '172.16.80.64/26' },
    ]);
    expect(c.requests[0]?.request.labels).toEqual({ [SLICES_LABEL]: '4' });
  });

  it('leaves a single host with no peers alone (the CLI case)', () => {
    const c = coordinateRanges({ request: seed, hosts: ['host-a'] });
    expect(c).toEqual({ requests: [{ host: 'host-a', request: seed }], ranges: [], issues: [] });
  });

  it("splits the user's own ip-range, and IPv6 subnets too", () => {
    const request: NetworkCreateInput = {
      ...seed,
      ipv6: true,
      ipam: [
        { subnet: '172.16.80.0/24', ipRange: '172.16.80.128/25' },
        { subnet: '2001:db8:10::/64' },
      ],
    };
    const c = coordinateRanges({ request, hosts: ['a', 'b', 'c'] });
    expect(c.issues).toEqual([]);
    expect(c.ranges.filter((r) => r.subnet === '172.16.80.0/24').map((r) => r.ipRange)).toEqual([
      '172.16.80.128/27',
      '172.16.80.160/27',
      '172.16.80.192/27',
    ]);
    expect(c.ranges.filter((r) => r.subnet === '2001:db8:10::/64').map((r) => r.ipRange)).toEqual([
      '2001:db8:10::/66',
      '2001:db8:10:0:4000::/66',
      '2001:db8:10:0:8000::/66',
    ]);
  });

  it('refuses a /30 on 3 hosts naming the subnet field, with both fixes', () => {
    const c = coordinateRanges({
      request: { ...seed, ipam: [{ subnet: '10.9.0.0/30' }] },
      hosts: ['a', 'b', 'c'],
    });
    expect(c.ranges).toEqual([]);
    expect(c.issues).toHaveLength(1);
    expect(c.issues[0]).toMatchObject({
      code: 'SUBNET_TOO_SMALL',
      path: ['ipam', 0, 'subnet'],
      severity: 'error',
    });
    expect(c.issues[0]?.message).toContain(
      '10.9.0.0/30 is too small to give each of 3 hosts its own ip-range',
    );
    expect(c.issues[0]?.hint).toContain('a bigger subnet (a /28 or larger)');
    expect(c.issues[0]?.hint).toContain('explicit --ip-range');
  });

  it('names the ip-range field when the user range is the one too small', () => {
    const c = coordinateRanges({
      request: { ...seed, ipam: [{ subnet: '10.9.0.0/24', ipRange: '10.9.0.4/31' }] },
      hosts: ['a', 'b'],
    });
    expect(c.issues[0]).toMatchObject({ code: 'SUBNET_TOO_SMALL', path: ['ipam', 0, 'ipRange'] });
  });

  it('skips slices with no address left (network + gateway) rather than handing out an empty one', () => {
    const c = coordinateRanges({
      request: { ...seed, ipam: [{ subnet: '10.9.0.0/29' }] },
      hosts: ['a', 'b'],
    });
    expect(c.ranges.map((r) => r.ipRange)).toEqual(['10.9.0.2/31', '10.9.0.4/31']);
  });

  it("gives a host added later the first free slice of the peers' layout", () => {
    const peers = [
      peer('host-a', [v4('172.16.80.0/26')], { [SLICES_LABEL]: '4' }),
      peer('host-b', [v4('172.16.80.64/26')], { [SLICES_LABEL]: '4' }),
    ];
    const c = coordinateRanges({ request: seed, hosts: ['host-c'], peers });
    expect(c.issues).toEqual([]);
    expect(c.ranges).toEqual([
      { host: 'host-c', subnet: '172.16.80.0/24', ipRange: '172.16.80.128/26' },
    ]);
    expect(c.requests[0]?.request.labels).toEqual({ [SLICES_LABEL]: '4' });
  });

  it("keeps the peers' base when it was the user's range", () => {
    const peers = [peer('a', [v4('172.16.80.128/27')], { [SLICES_LABEL]: '4' })];
    expect(
      coordinateRanges({ request: seed, hosts: ['b', 'c', 'd'], peers }).ranges.map(
        (r) => r.ipRange,
      ),
    ).toEqual(['172.16.80.160/27', '172.16.80.192/27', '172.16.80.224/27']);
    expect(
      coordinateRanges({ request: seed, hosts: ['b', 'c', 'd', 'e'], peers }).issues[0],
    ).toMatchObject({ code: 'SUBNET_TOO_SMALL' });
  });

  it('works around ranges split by hand (no label) and refuses a peer that uses the whole subnet', () => {
    const byHand = coordinateRanges({
      request: seed,
      hosts: ['c'],
      peers: [peer('a', [v4('172.16.80.0/25')]), peer('b', [v4('172.16.80.128/26')])],
    });
    expect(byHand.ranges.map((r) => r.ipRange)).toEqual(['172.16.80.192/26']);
    const whole = coordinateRanges({ request: seed, hosts: ['c'], peers: [peer('a', [v4()])] });
    expect(whole.issues[0]).toMatchObject({ code: 'SUBNET_OVERLAP', path: ['ipam', 0, 'subnet'] });
    expect(whole.issues[0]?.message).toContain(
      'on a allocates from the whole subnet 172.16.80.0/24',
    );
  });

  it('leaves entries that do not parse to validate()', () => {
    const c = coordinateRanges({
      request: { ...seed, ipam: [{ subnet: '172.16.300.0/24' }, { subnet: '10.0.0.5/24' }] },
      hosts: ['a', 'b'],
    });
    expect(c.issues).toEqual([]);
    expect(c.ranges).toEqual([]);
  });
});
