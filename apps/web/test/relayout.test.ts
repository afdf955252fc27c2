import { buildTopology, layoutTopology, synthFleet, type HostView } from '@underlay/core';
import { describe, expect, it } from 'vitest';
import { applyDiff } from '../src/components/topology/apply-diff';
import { offlineHosts } from '../src/components/topology/elements';
import { hostBoxElements, hostBoxId } from '../src/components/topology/host-boxes';
import { drawnElements } from '../src/components/topology/stack-folds';
import { headlessCy } from './support/headless-cy';

// Headless cytoscape: a live change is applied as the page applies it, and
// the drawn positions are compared with a fresh layout of the new state.

const shape = { hosts: 2, vlansPerHost: 2, containersPerNetwork: 2 };

function draw(fleet: HostView[]) {
  const topology = buildTopology(fleet);
  const positions = layoutTopology(topology);
  const offline = offlineHosts(topology);
  const { elements } = drawnElements(topology, positions, offline);
  return {
    cy: headlessCy([...hostBoxElements(topology, positions, offline), ...elements]),
    topology,
  };
}

/** The fleet after one more network (and its containers) appeared on the first host. */
function grownFirstHost(): HostView[] {
  const before = synthFleet(shape);
  const bigger = synthFleet({ ...shape, vlansPerHost: 3 });
  return [bigger[0]!, before[1]!];
}

describe('a live change that shifts columns', () => {
  it('moves the nodes already drawn to the new layout: the second host makes room, nothing shares a place', () => {
    const { cy, topology } = draw(synthFleet(shape));
    const next = buildTopology(grownFirstHost());
    const positions = layoutTopology(next);
    applyDiff(cy, topology, { topology: next, positions, offline: new Set() });
    const places = new Set<string>();
    for (const n of next.nodes) {
      expect(cy.getElementById(n.id).position()).toEqual(positions[n.id]);
      places.add(`${positions[n.id]!.x},${positions[n.id]!.y}`);
    }
    expect(places.size).toBe(next.nodes.length);
  });

  it('resizes and moves each host box around its host, and the boxes stay apart', () => {
    const { cy, topology } = draw(synthFleet(shape));
    const next = buildTopology(grownFirstHost());
    const positions = layoutTopology(next);
    applyDiff(cy, topology, { topology: next, positions, offline: new Set() });
    const span = (host: string) => {
      const box = cy.getElementById(hostBoxId(host));
      const { x } = box.position();
      return { x1: x - box.data('w') / 2, x2: x + box.data('w') / 2 };
    };
    const hosts = next.nodes.filter((n) => n.kind === 'host').map((n) => n.host!);
    expect(hosts).toHaveLength(2);
    for (const n of next.nodes.filter((x) => x.host !== undefined && x.kind !== 'segment')) {
      const { x1, x2 } = span(n.host!);
      expect(positions[n.id]!.x).toBeGreaterThan(x1);
      expect(positions[n.id]!.x).toBeLessThan(x2);
    }
    expect(span(hosts[0]!).x2).toBeLessThan(span(hosts[1]!).x1);
  });
});
