import { describe, expect, it } from 'vitest';
import {
  compareObserved,
  predictMatrix,
  predictReachability,
  RULE_CODES,
  type EndpointRef,
  type RuleCode,
} from '../../src/reach';
import { synthFleet } from '../../src/topology';
import { labFleet, ref } from './fleet';

describe('predictMatrix', () => {
  it('gives every ordered pair once, skips the diagonal, and agrees with predictReachability', () => {
    const fleet = labFleet();
    const endpoints = ['a:web3@vlan10', 'b:web2@vlan10', 'a:db1@vlan20'].map(ref);
    const cells = predictMatrix({ endpoints, fleet, family: 4 });
    expect(cells.map((c) => `${c.from.endpointId} -> ${c.to.endpointId}: ${c.rule}`)).toEqual([
      'a:web3@vlan10 -> b:web2@vlan10: SAME_SEGMENT_SAME_SUBNET',
      'a:web3@vlan10 -> a:db1@vlan20: DIFFERENT_VLAN',
      'b:web2@vlan10 -> a:web3@vlan10: SAME_SEGMENT_SAME_SUBNET',
      'b:web2@vlan10 -> a:db1@vlan20: DIFFERENT_VLAN',
      'a:db1@vlan20 -> a:web3@vlan10: DIFFERENT_VLAN',
      'a:db1@vlan20 -> b:web2@vlan10: DIFFERENT_VLAN',
    ]);
    for (const cell of cells) {
      const { from, to, ...prediction } = cell;
      expect(prediction).toEqual(predictReachability({ from, to, fleet, family: 4 }));
    }
  });

  it('passes the switch option to every pair', () => {
    const endpoints = ['a:v1@vepa', 'a:v2@vepa'].map(ref);
    expect(
      predictMatrix({ endpoints, fleet: labFleet(), family: 4 }).map((c) => c.reachable),
    ).toEqual([false, false]);
    expect(
      predictMatrix({ endpoints, fleet: labFleet(), family: 4 }, { switchHairpin: true }).map(
        (c) => c.reachable,
      ),
    ).toEqual([true, true]);
  });
});

describe('compareObserved', () => {
  it.each([
    [true, true, 'match'],
    [false, false, 'match'],
    [true, false, 'mismatch'],
    [false, true, 'mismatch'],
  ] as const)('predicted %s, observed %s: %s', (predicted, observed, expected) => {
    expect(compareObserved({ reachable: predicted }, { reachable: observed })).toBe(expected);
  });

  it('flags the seed matrix when VLAN 20 turns out to reach VLAN 10', () => {
    const predicted = predictReachability({
      from: ref('a:db1@vlan20'),
      to: ref('a:web1@vlan10'),
      fleet: labFleet(),
      family: 4,
    });
    expect(compareObserved(predicted, { reachable: true })).toBe('mismatch');
  });
});

// synthFleet: every host carries VLANs 10…14 on eth0 with addresses 10.V.H.C/16;
// VLAN 10 is L3 (every fifth), VLAN 14 internal (every seventh), the rest plain L2.
describe('predictMatrix on synthFleet', () => {
  const shape = { hosts: 10, vlansPerHost: 5, containersPerNetwork: 2 };
  const fleet = synthFleet(shape);
  const endpoints: EndpointRef[] = fleet.flatMap((h) =>
    h.snapshot.endpoints.map((e) => ({ hostId: h.id, endpointId: e.id })),
  );

  function expected(from: EndpointRef, to: EndpointRef): RuleCode {
    const vid = (r: EndpointRef) => Number(/v(\d+)c/.exec(r.endpointId)?.[1]);
    if (vid(from) !== vid(to))
      return vid(from) === 10 || vid(to) === 10 ? 'L3_NO_ROUTE_DISTRIBUTION' : 'DIFFERENT_VLAN';
    if (vid(from) === 10)
      return from.hostId === to.hostId ? 'L3_SAME_PARENT' : 'L3_NO_ROUTE_DISTRIBUTION';
    return 'SAME_SEGMENT_SAME_SUBNET';
  }

  it('predicts all 9,900 ordered pairs of a 100-endpoint selection by the VLAN rules', () => {
    expect(endpoints).toHaveLength(100);
    const cells = predictMatrix({ endpoints, fleet, family: 4 });
    expect(cells).toHaveLength(100 * 99);
    const wrong = cells.filter((c) => c.rule !== expected(c.from, c.to));
    expect(wrong.slice(0, 3)).toEqual([]);
    const rules = new Set(cells.map((c) => c.rule));
    expect([...rules].every((r) => RULE_CODES.includes(r))).toBe(true);
    expect(
      cells
        .filter((c) => c.reachable)
        .every((c) => c.rule === 'SAME_SEGMENT_SAME_SUBNET' || c.rule === 'L3_SAME_PARENT'),
    ).toBe(true);
  });
});
