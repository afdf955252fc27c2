import {
  buildTopology,
  containerStacks,
  layoutTopology,
  synthFleet,
  topoId,
  type HostView,
  type Topology,
} from '@underlay/core';
import type { Core } from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { applyDiff } from '../src/components/topology/apply-diff';
import { offlineHosts } from '../src/components/topology/elements';
import { HOST_UNFOLD_ZOOM, hostMarkId } from '../src/components/topology/host-folds';
import { applySearch } from '../src/components/topology/search';
import {
  drawnElements,
  foldsOf,
  markId,
  unfoldOnScreen,
  UNFOLD_ZOOM,
} from '../src/components/topology/stack-folds';
import { expectedFitZoom } from '../src/components/topology/viewport';
import { headlessCy, SCREEN } from './support/headless-cy';

// The fleet's level of detail (host-folds.ts), on real headless cytoscape:
// at a whole-fleet fit zoom each host is its host node and one mark; zooming
// in over a host brings its tree (stacks still folded), then its containers.

// 40 hosts × 20 networks × 5 containers: 4,000 containers over 6,480 nodes.
const FLEET = { hosts: 40, vlansPerHost: 20, containersPerNetwork: 5 };

function draw(fleet: HostView[], fitZoom: number): { cy: Core; topology: Topology } {
  const topology = buildTopology(fleet);
  const positions = layoutTopology(topology, { aspect: 16 / 10 });
  const { elements, folds } = drawnElements(topology, positions, offlineHosts(topology), fitZoom);
  return { cy: headlessCy(elements, { size: SCREEN, folds }), topology };
}

const FLEET_ZOOM = HOST_UNFOLD_ZOOM / 2;
const hostsOf = (topology: Topology) => topology.nodes.filter((n) => n.kind === 'host');

describe('folded hosts at the whole-fleet zoom', () => {
  it('the 500 × 100 fleet fits at a zoom that folds its hosts (on a 1280 × 800 canvas)', () => {
    const topology = buildTopology(
      synthFleet({ hosts: 500, vlansPerHost: 20, containersPerNetwork: 5 }),
    );
    const zoom = expectedFitZoom(layoutTopology(topology, { aspect: 16 / 10 }), SCREEN);
    expect(zoom).toBeLessThan(HOST_UNFOLD_ZOOM);
  });

  it('draws one mark and the host node per host, and the segments: nothing else', () => {
    const { cy, topology } = draw(synthFleet(FLEET), FLEET_ZOOM);
    const hosts = hostsOf(topology);
    const segments = topology.nodes.filter((n) => n.kind === 'segment');
    expect(hosts.length).toBe(FLEET.hosts);
    expect(cy.nodes('.hostfold').length).toBe(FLEET.hosts);
    expect(cy.nodes('.host').length).toBe(FLEET.hosts);
    expect(cy.nodes().length).toBe(2 * FLEET.hosts + segments.length);
    expect(cy.edges().length).toBe(0);
    const mark = cy.getElementById(hostMarkId('host-004'));
    expect(mark.data('label')).toBe('20 networks, 100 containers');
    // Under its host node, as wide as its tree.
    const host = cy.getElementById(topoId.host('host-004'));
    expect(mark.position('y') - mark.data('h') / 2).toBeGreaterThan(host.position('y'));
    expect(mark.data('w')).toBeGreaterThan(FLEET.vlansPerHost * 100);
  });

  it('a closer fit zoom keeps the hosts unfolded (stacks folded as before)', () => {
    const { cy, topology } = draw(synthFleet(FLEET), HOST_UNFOLD_ZOOM);
    expect(cy.nodes('.hostfold').length).toBe(0);
    expect(cy.nodes('.fold').length).toBe(containerStacks(topology).size);
  });

  it('zooming in over a host unfolds it and its neighbours on screen, with stacks folded; closer still, its containers', () => {
    const { cy, topology } = draw(synthFleet(FLEET), FLEET_ZOOM);
    const folds = foldsOf(cy)!;
    cy.zoom(FLEET_ZOOM);
    unfoldOnScreen(cy, folds);
    expect(cy.nodes('.hostfold').length).toBe(FLEET.hosts);
    const host = cy.getElementById(topoId.host('host-011'));
    cy.zoom({ level: HOST_UNFOLD_ZOOM * 2, position: host.position() });
    unfoldOnScreen(cy, folds);
    expect(cy.getElementById(hostMarkId('host-011')).empty()).toBe(true);
    expect(folds.foldedHosts.size).toBeGreaterThan(0); // hosts far off screen stay folded
    const own = topology.nodes.filter((n) => n.host === 'host-011' && n.kind !== 'container');
    for (const n of own) expect(cy.getElementById(n.id).nonempty()).toBe(true);
    const stacks = [...containerStacks(topology)].filter(([o]) => o.includes('host-011'));
    for (const [owner] of stacks) expect(cy.getElementById(markId(owner)).nonempty()).toBe(true);
    // Trunk edges of an unfolded host to the segments are drawn; none to a folded host's VLANs.
    expect(cy.edges('.trunk').length).toBeGreaterThanOrEqual(FLEET.vlansPerHost);
    cy.zoom({ level: UNFOLD_ZOOM * 2, position: host.position() });
    unfoldOnScreen(cy, folds);
    expect(cy.nodes('.container').length).toBeGreaterThan(0);
    // Every edge in the graph has both ends drawn (cytoscape would have thrown otherwise), and no node of a folded host is in.
    for (const n of cy.nodes('.container'))
      expect(folds.foldedHosts.has(topology.nodes.find((m) => m.id === n.id())!.host!)).toBe(false);
  });

  it('search unfolds the host of a match', () => {
    const { cy } = draw(synthFleet(FLEET), FLEET_ZOOM);
    expect(applySearch(cy, 'host-007/vlan13-c2')).toBe(1);
    expect(cy.getElementById(hostMarkId('host-007')).empty()).toBe(true);
    expect(cy.getElementById(topoId.container('host-007', 'vlan13-c2')).hasClass('match')).toBe(
      true,
    );
    expect(cy.nodes('.hostfold').length).toBe(FLEET.hosts - 1);
  });

  it('a live update keeps a folded host folded: its new network stays out, the mark counts it', () => {
    const fleet = synthFleet(FLEET);
    const { cy, topology } = draw(fleet, FLEET_ZOOM);
    const host = fleet[2]!;
    const extra = {
      ...host.snapshot.networks[0]!,
      id: 'x',
      name: 'extra',
      parent: 'eth0.99',
      vlan: 99,
    };
    const next = buildTopology(
      fleet.map((h) =>
        h === host
          ? { ...h, snapshot: { ...h.snapshot, networks: [...h.snapshot.networks, extra] } }
          : h,
      ),
    );
    applyDiff(cy, topology, {
      topology: next,
      positions: layoutTopology(next, { aspect: 16 / 10 }),
      offline: offlineHosts(next),
    });
    const added = next.nodes.filter((n) => !topology.nodes.some((m) => m.id === n.id));
    expect(added.some((n) => n.host === host.id)).toBe(true);
    for (const n of added.filter((m) => m.host === host.id))
      expect(cy.getElementById(n.id).empty()).toBe(true);
    expect(cy.getElementById(hostMarkId(host.id)).data('label')).toBe(
      '21 networks, 100 containers',
    );
    expect(cy.edges().length).toBe(0);
  });
});
