import { describe, expect, it } from 'vitest';
import type { DomainError } from '../../src/errors';
import {
  blockAt,
  blockGeometry,
  blockIndexOf,
  blockKey,
  blockOfKey,
  blockText,
  claimed,
  createHolding,
  planClaim,
  planMeta,
  reservedOffsets,
  segmentOf,
  viewSegment,
  allocateInHeld,
  leaseRenewed,
  heldElsewhere,
} from '../../src/fleet-ipam';
import { parseAddress } from '../../src/ip';

const v = (text: string): bigint => parseAddress(text)!.value;

describe('segmentOf', () => {
  it.each([
    [{ parent: 'eth0.10', subnet: '10.1.0.0/24' }, 'trunk=eth0,vlan=10,subnet=10.1.0.0_24'],
    [
      { parent: 'ens3.10', subnet: '10.1.0.0/24', trunks: { ens3: 'eth0' } },
      'trunk=eth0,vlan=10,subnet=10.1.0.0_24',
    ],
    [
      { parent: 'bond0.4094', subnet: '2001:db8::/64' },
      'trunk=bond0,vlan=4094,subnet=2001:db8::_64',
    ],
    [{ parent: 'eth0', subnet: '10.1.0.0/24', label: 'rack1' }, 'label=rack1,subnet=10.1.0.0_24'],
  ])('%o is %s', (input, id) => {
    expect(segmentOf(input)?.id).toBe(id);
  });

  it.each([
    [{ parent: 'eth0', subnet: '10.1.0.0/24' }],
    [{ subnet: '10.1.0.0/24' }],
    [{ parent: 'eth0.10', subnet: '10.1.0.0/24', internal: true }],
    [{ parent: 'eth0.5000', subnet: '10.1.0.0/24' }],
  ])('%o is host-local', (input) => {
    expect(segmentOf(input)).toBeNull();
  });

  it('refuses a label that is not a name, naming the option', () => {
    const error = (() => {
      try {
        segmentOf({ subnet: '10.1.0.0/24', label: 'a/b' });
      } catch (caught) {
        return caught as DomainError;
      }
    })();
    expect(error?.issues[0]).toMatchObject({
      code: 'INVALID_SEGMENT',
      path: ['options', 'segment'],
    });
  });
});

describe('blocks', () => {
  it('cuts /28 and /124 by default, never larger than the subnet', () => {
    expect(blockGeometry('10.1.0.0/24')).toMatchObject({ blockPrefix: 28, size: 16, count: 16n });
    expect(blockGeometry('2001:db8::/64')).toMatchObject({ blockPrefix: 124, count: 1n << 60n });
    expect(blockGeometry('10.1.0.0/30')).toMatchObject({ blockPrefix: 30, size: 4, count: 1n });
    expect(blockGeometry('10.1.0.0/24', 26)).toMatchObject({ size: 64, count: 4n });
  });

  it('refuses a block of more than 2^16 addresses, naming the option', () => {
    expect(() => blockGeometry('10.0.0.0/8', 15)).toThrow(/block prefix \/15/);
  });

  it('places addresses in aligned blocks', () => {
    const geometry = blockGeometry('10.1.0.0/24');
    expect(blockIndexOf(geometry, v('10.1.0.17'))).toBe(1n);
    expect(blockIndexOf(geometry, v('10.1.1.0'))).toBeNull();
    expect(blockText(geometry, 15n)).toBe('10.1.0.240/28');
    expect(blockAt(geometry, 2n).network).toBe(v('10.1.0.32'));
  });

  it('reserves network, broadcast and the segment reservations inside their blocks', () => {
    const geometry = blockGeometry('10.1.0.0/24');
    expect([...reservedOffsets(geometry, 0n, [v('10.1.0.1')])].sort()).toEqual([0, 1]);
    expect([...reservedOffsets(geometry, 15n, [])]).toEqual([15]);
    expect(reservedOffsets(geometry, 3n, [v('10.1.0.1')]).size).toBe(0);
  });

  it('round-trips block keys', () => {
    const key = blockKey('s', '10.1.0.16/28');
    expect(key).toBe('/underlay/v1/segments/s/blocks/10.1.0.16_28');
    expect(blockOfKey('s', key)).toBe('10.1.0.16/28');
  });
});

describe('claims', () => {
  const segment = 'trunk=eth0,vlan=10,subnet=10.1.0.0_24';
  const geometry = blockGeometry('10.1.0.0/24');

  it('plans a claim guarded by the segment record and the absent block key', () => {
    const holding = createHolding('host-a', segment, geometry);
    const view = viewSegment({ revision: 3, kvs: [] }, segment, geometry);
    const plan = planClaim({ holding, view, lease: '7', now: 1, salt: 0 });
    expect(plan).toMatchObject({
      kind: 'txn',
      index: 0n,
      txn: {
        compare: [
          { key: `/underlay/v1/segments/${segment}/meta`, modRevision: 0 },
          { key: `/underlay/v1/segments/${segment}/blocks/10.1.0.0_28`, modRevision: 0 },
        ],
      },
    });
  });

  it('names the holder of a block another host holds', () => {
    const holding = createHolding('host-b', segment, geometry);
    const kvs = [
      {
        key: blockKey(segment, '10.1.0.16/28'),
        value: '{"host":"host-a","claimedAt":1}',
        modRevision: 2,
      },
    ];
    const view = viewSegment({ revision: 2, kvs }, segment, geometry);
    expect(planClaim({ holding, view, lease: '1', now: 1, salt: 0, index: 1n })).toEqual({
      kind: 'held-elsewhere',
      index: 1n,
      host: 'host-a',
    });
    expect(heldElsewhere(holding, v('10.1.0.20'), 'host-a').issues[0]!.message).toBe(
      `address 10.1.0.20 is in block 10.1.0.16/28 of segment ${segment}, held by host host-a.`,
    );
    // A gateway inside another host's block cannot be reserved: it may be on a container.
    expect(() => planMeta({ holding, view, reserved: { '10.1.0.17': 'gateway' } })).toThrow(
      /gateway 10.1.0.17 is in block 10.1.0.16\/28 .* held by host host-a/,
    );
  });

  it('allocates around the reservations of the segment record', () => {
    const holding = createHolding('host-a', segment, geometry);
    const kvs = [
      {
        key: `/underlay/v1/segments/${segment}/meta`,
        value: JSON.stringify({
          subnet: '10.1.0.0/24',
          blockPrefix: 28,
          reserved: { '10.1.0.1': 'gateway', '10.1.0.2': 'aux' },
        }),
        modRevision: 1,
      },
    ];
    const view = viewSegment({ revision: 1, kvs }, segment, geometry);
    leaseRenewed(holding, 0, 1000);
    claimed(holding, { view, index: 0n, revision: 2, now: 0 });
    expect(allocateInHeld(holding, 1)).toBe(v('10.1.0.3'));
    // 16 addresses - network, gateway, aux, the one above = 12 more, then a claim is needed.
    for (let i = 0; i < 12; i++) expect(allocateInHeld(holding, 1)).not.toBeNull();
    expect(allocateInHeld(holding, 1)).toBeNull();
    // Past the lease deadline nothing is handed out, even with room.
    expect(allocateInHeld(holding, 1000)).toBeNull();
  });
});
