import { buildTopology, synthFleet } from '@underlay/core';
import { describe, expect, it } from 'vitest';
import {
  edgeElement,
  nodeClasses,
  nodeFlags,
  offlineHosts,
} from '../src/components/topology/elements';

describe('topology elements', () => {
  it('marks L3, isolated and offline nodes for the stylesheet', () => {
    const fleet = synthFleet({ hosts: 2, vlansPerHost: 8, containersPerNetwork: 1 });
    const [first, second] = fleet;
    if (!first || !second) throw new Error('synthFleet gave fewer hosts');
    second.online = false;
    const topology = buildTopology(fleet, { view: 'vlan' });
    const offline = offlineHosts(topology);
    expect(offline.size).toBe(1);
    const data = topology.nodes.map((n) => ({ node: n, data: nodeFlags(n, offline) }));
    expect(data.some((d) => d.node.kind === 'network' && d.data.l3)).toBe(true);
    expect(data.some((d) => d.node.kind === 'network' && !d.data.l3)).toBe(true);
    expect(data.some((d) => d.node.kind === 'network' && d.data.isolated)).toBe(true);
    const secondsNodes = data.filter((d) => d.node.host === second.id);
    expect(secondsNodes.length).toBeGreaterThan(0);
    expect(secondsNodes.every((d) => d.data.offline)).toBe(true);
    expect(data.filter((d) => d.node.host === first.id).every((d) => !d.data.offline)).toBe(true);
    const l3 = data.find((d) => d.node.kind === 'network' && d.data.l3);
    expect(l3 && nodeClasses(l3.node, offline).split(' ')).toEqual(
      expect.arrayContaining(['network', 'l3']),
    );
    const edge = topology.edges[0];
    if (!edge) throw new Error('no edges');
    expect(edgeElement(edge)).toMatchObject({
      group: 'edges',
      selectable: false,
      data: { source: edge.source, target: edge.target },
    });
  });

  it('gives a route edge its class, a label and the missing mark', () => {
    const route = {
      id: 'host:b->subnet:a/l3a/10.61.0.0/24',
      kind: 'route' as const,
      source: 'host:b',
      target: 'subnet:a/l3a/10.61.0.0/24',
      data: { dst: '10.61.0.0/24', via: '10.60.0.11' },
    };
    expect(edgeElement(route)).toMatchObject({
      classes: 'route',
      data: { source: 'host:b', label: '10.61.0.0/24 via 10.60.0.11' },
    });
    expect(edgeElement({ ...route, data: { ...route.data, missing: true } }).classes).toBe(
      'route missing',
    );
  });
});
