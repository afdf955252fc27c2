import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../src/topology/graph-builder';
import { buildTopology, layoutTopology, synthFleet } from '../../src/topology';

describe('GraphBuilder.span', () => {
  it('lists each host once, sorted, whatever order and how often hosts are added', () => {
    const b = new GraphBuilder();
    b.node({ id: 'segment:eth0/10', kind: 'segment', label: 'VLAN 10', data: {} });
    for (const host of ['c', 'a', 'b', 'a', 'c']) b.span('segment:eth0/10', host);
    b.span('segment:absent', 'a');
    const { nodes } = b.build();
    expect(nodes.map((n) => [n.id, n.data.hosts])).toEqual([['segment:eth0/10', ['a', 'b', 'c']]]);
  });

  it('a VLAN on many hosts lists them all in id order in the built graph (by VLAN and by subnet)', () => {
    const fleet = synthFleet({ hosts: 12, vlansPerHost: 3, containersPerNetwork: 1 }).reverse();
    const ids = fleet.map((h) => h.id).sort();
    // VLAN 10 is L3 (synthFleet): routed per host in the By subnet view.
    for (const [view, count] of [
      ['vlan', 3],
      ['subnet', 2],
    ] as const) {
      const segments = buildTopology(fleet, { view }).nodes.filter(
        (n) => n.kind === 'segment' && n.data.scope === 'l2',
      );
      expect(segments.length).toBe(count);
      for (const s of segments) expect(s.data.hosts).toEqual(ids);
    }
  });
});

describe('build and layout of a fleet', () => {
  it('two builds of one fleet give equal graphs and positions (ids and places never depend on run)', () => {
    const fleet = synthFleet({ hosts: 30, vlansPerHost: 3, containersPerNetwork: 4 });
    const a = buildTopology(fleet);
    const b = buildTopology([...fleet].reverse());
    expect(b).toEqual(a);
    expect(layoutTopology(b, { aspect: 1.6 })).toEqual(layoutTopology(a, { aspect: 1.6 }));
  });
});
