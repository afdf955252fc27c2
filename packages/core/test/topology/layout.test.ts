import { describe, expect, it } from 'vitest';
import { buildTopology, layoutTopology, synthFleet } from '../../src/topology';
import type { HostView, Position, TopoView } from '../../src/topology';
import { ep, twoHosts } from './fixtures';

/** The fleet with one more container, `newcomer`, connected on `network` of `host` (a live connect). */
function withNewcomer(
  fleet: HostView[],
  host: HostView,
  networkId: string,
  address: string,
): HostView[] {
  const grown: HostView = {
    ...host,
    snapshot: {
      ...host.snapshot,
      endpoints: [
        ...host.snapshot.endpoints,
        ep('new', networkId, 'newcomer', address, '2027-01-01T00:00:00.000Z'),
      ],
    },
  };
  return fleet.map((h) => (h === host ? grown : h));
}

const distinct = (positions: Record<string, Position>): number =>
  new Set(Object.values(positions).map((p) => `${p.x},${p.y}`)).size;

describe('layoutTopology', () => {
  it('places every node of a 50 × 20 × 5 fleet, no two at one spot, hierarchy top-down', () => {
    const graph = buildTopology(
      synthFleet({ hosts: 50, vlansPerHost: 20, containersPerNetwork: 5 }),
    );
    expect(graph.nodes.length).toBeGreaterThanOrEqual(5000);
    const positions = layoutTopology(graph);
    expect(Object.keys(positions)).toHaveLength(graph.nodes.length);
    expect(distinct(positions)).toBe(graph.nodes.length);
    const upward = graph.edges.filter(
      (e) => e.kind !== 'trunk' && positions[e.source]!.y >= positions[e.target]!.y,
    );
    expect(upward).toEqual([]);
    const segments = graph.nodes.filter((n) => n.kind === 'segment');
    expect(segments).toHaveLength(20);
    expect(segments.every((s) => s.data.hosts?.length === 50)).toBe(true);
  });

  it.each<TopoView>(['vlan', 'host', 'subnet'])(
    'view %s: every node placed, all distinct',
    (view) => {
      const graph = buildTopology(
        synthFleet({ hosts: 4, vlansPerHost: 3, containersPerNetwork: 2 }),
        { view },
      );
      const positions = layoutTopology(graph);
      expect(Object.keys(positions).sort()).toEqual(graph.nodes.map((n) => n.id).sort());
      expect(distinct(positions)).toBe(graph.nodes.length);
    },
  );

  it('is deterministic: same state, same positions, whatever order the hosts arrive in', () => {
    const fleet = synthFleet({ hosts: 5, vlansPerHost: 4, containersPerNetwork: 3 });
    expect(layoutTopology(buildTopology([...fleet].reverse()))).toEqual(
      layoutTopology(buildTopology(fleet)),
    );
  });

  it('is stable: connecting one more container moves no other node', () => {
    const fleet = synthFleet({ hosts: 6, vlansPerHost: 5, containersPerNetwork: 3 });
    const before = layoutTopology(buildTopology(fleet));
    const host = fleet[2]!;
    const network = host.snapshot.networks[1]!;
    const after = layoutTopology(
      buildTopology(withNewcomer(fleet, host, network.id, '10.11.2.99/16')),
    );
    const newId = `container:${host.id}/newcomer`;
    expect(after[newId]).toBeDefined();
    const { [newId]: _added, ...others } = after;
    expect(others).toEqual(before);
    expect(distinct(after)).toBe(Object.keys(after).length);
  });

  it('places a segment between the hosts it spans, a container under its first network', () => {
    const graph = buildTopology(twoHosts());
    const p = layoutTopology(graph);
    const seg = p['segment:eth0/10']!;
    expect(seg.x).toBeGreaterThan(p['vlan:a/eth0.10']!.x);
    expect(seg.x).toBeLessThan(p['vlan:b/eth0.10']!.x);
    expect(seg.y).toBeGreaterThan(p['vlan:a/eth0.10']!.y);
    expect(seg.y).toBeLessThan(p['network:a/a-v10']!.y);
    expect(p['container:a/web1']!.x).toBe(p['subnet:a/a-v10/172.16.80.0/24']!.x);
  });

  it('wraps hosts into rows when asked: whole hosts per row, bounded width, still no overlap, still stable within a stack step', () => {
    const fleet = synthFleet({ hosts: 50, vlansPerHost: 20, containersPerNetwork: 5 });
    const graph = buildTopology(fleet);
    const positions = layoutTopology(graph, { rowColumns: 200 });
    expect(distinct(positions)).toBe(graph.nodes.length);
    const xs = Object.values(positions).map((p) => p.x);
    expect(Math.max(...xs)).toBeLessThan(200 * 160);
    const hostYs = new Set(
      graph.nodes.filter((n) => n.kind === 'host').map((n) => positions[n.id]!.y),
    );
    expect(hostYs.size).toBe(5); // 20 columns a host, 10 hosts a row
    for (const host of fleet) {
      const ys = graph.nodes.filter((n) => n.host === host.id).map((n) => positions[n.id]!.y);
      const top = positions[`host:${host.id}`]!.y;
      expect(Math.min(...ys)).toBe(top);
      expect(Math.max(...ys) - top).toBeLessThan(7 * 140 + 8 * 48);
    }
    const host = fleet[0]!;
    const after = layoutTopology(
      buildTopology(withNewcomer(fleet, host, host.snapshot.networks[0]!.id, '10.10.0.99/16')),
      { rowColumns: 200 },
    );
    const { [`container:${host.id}/newcomer`]: added, ...others } = after;
    expect(added).toBeDefined();
    expect(others).toEqual(positions);
  });

  describe('aspect: rows shaped for a screen', () => {
    const box = (positions: Record<string, Position>) => {
      const xs = Object.values(positions).map((p) => p.x);
      const ys = Object.values(positions).map((p) => p.y);
      return { w: Math.max(...xs) - Math.min(...xs), h: Math.max(...ys) - Math.min(...ys) };
    };

    it('wraps a fleet that one row would draw as a ribbon into whole-host rows near the asked shape', () => {
      const graph = buildTopology(
        synthFleet({ hosts: 50, vlansPerHost: 20, containersPerNetwork: 5 }),
      );
      const ribbon = box(layoutTopology(graph));
      expect(ribbon.w / ribbon.h).toBeGreaterThan(50); // the default: one row, 1,000 columns
      const positions = layoutTopology(graph, { aspect: 1.6 });
      expect(distinct(positions)).toBe(graph.nodes.length);
      const { w, h } = box(positions);
      expect(w / h).toBeGreaterThan(0.8);
      expect(w / h).toBeLessThan(3.2);
      // Whole hosts per row: every node of a host sits between its host's row top and the next row.
      const hostYs = [
        ...new Set(graph.nodes.filter((n) => n.kind === 'host').map((n) => positions[n.id]!.y)),
      ].sort((a, b) => a - b);
      expect(hostYs.length).toBeGreaterThan(4);
      for (const n of graph.nodes.filter((x) => x.host && x.kind !== 'segment')) {
        const top = positions[`host:${n.host}`]!.y;
        const next = hostYs.find((y) => y > top) ?? Infinity;
        expect(positions[n.id]!.y).toBeGreaterThanOrEqual(top);
        expect(positions[n.id]!.y).toBeLessThan(next);
      }
    });

    it('keeps one row when it is not a ribbon (the lab, a few hosts): the same positions as without it', () => {
      for (const fleet of [
        twoHosts(),
        synthFleet({ hosts: 3, vlansPerHost: 4, containersPerNetwork: 2 }),
      ]) {
        const graph = buildTopology(fleet);
        expect(layoutTopology(graph, { aspect: 1.6 })).toEqual(layoutTopology(graph));
      }
    });

    it('a connect moves no other node, and one more network moves no host to another row', () => {
      const fleet = synthFleet({ hosts: 50, vlansPerHost: 20, containersPerNetwork: 5 });
      const before = layoutTopology(buildTopology(fleet), { aspect: 1.6 });
      const host = fleet[7]!;
      const after = layoutTopology(
        buildTopology(withNewcomer(fleet, host, host.snapshot.networks[3]!.id, '10.13.0.99/16')),
        { aspect: 1.6 },
      );
      const { [`container:${host.id}/newcomer`]: added, ...others } = after;
      expect(added).toBeDefined();
      expect(others).toEqual(before);
      const bigger = synthFleet({ hosts: 50, vlansPerHost: 20, containersPerNetwork: 5 });
      const first = bigger[0]!;
      const withNetwork: HostView = {
        ...first,
        snapshot: {
          ...first.snapshot,
          networks: [
            ...first.snapshot.networks,
            { ...first.snapshot.networks[0]!, id: 'extra', name: 'extra' },
          ],
        },
      };
      const moved = layoutTopology(
        buildTopology(bigger.map((h) => (h === first ? withNetwork : h))),
        { aspect: 1.6 },
      );
      const rowOf = (p: Record<string, Position>) => bigger.map((h) => p[`host:${h.id}`]!.y);
      expect(rowOf(moved)).toEqual(rowOf(before));
    });
  });
});
