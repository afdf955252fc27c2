import {
  buildTopology,
  containerStacks,
  layoutFleet,
  layoutTopology,
  synthFleet,
  topoId,
  type HostView,
} from '@underlay/core';
import type { Core } from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { applyDiff } from '../src/components/topology/apply-diff';
import { offlineHosts } from '../src/components/topology/elements';
import { hostBoxElements, hostBoxId } from '../src/components/topology/host-boxes';
import { HOST_UNFOLD_ZOOM, hostMarkId, lazyFleetDraw } from '../src/components/topology/host-folds';
import {
  lazyFitPoints,
  lazyFullTopology,
  lazyNode,
  lazyTopology,
  type LazyGraph,
} from '../src/components/topology/lazy-graph';
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

// The lazy path (lazy-graph.ts) on real headless cytoscape: a large fleet's
// whole-fleet draw built from core's host shapes (no tree built), trees
// built as hosts unfold, search over the snapshots, live updates keeping a
// folded host folded. Positions are compared with the full build + layout.

const FLEET = { hosts: 40, vlansPerHost: 20, containersPerNetwork: 5 };
const OPTS = { aspect: 16 / 10 };

function drawLazy(hosts: HostView[]): { cy: Core; lazy: LazyGraph } {
  const lazy: LazyGraph = { fleet: layoutFleet(hosts, OPTS), open: new Set() };
  const { topology, positions, extents } = lazy.fleet;
  const offline = offlineHosts(topology);
  const { elements, folds } = lazyFleetDraw(lazy, offline);
  const boxes = hostBoxElements(topology, positions, offline, extents);
  const cy = headlessCy([...boxes, ...elements], { size: SCREEN, folds });
  cy.zoom(HOST_UNFOLD_ZOOM / 2);
  return { cy, lazy };
}

/** The full build and layout, to compare with. */
function full(hosts: HostView[]) {
  const topology = buildTopology(hosts);
  return { topology, positions: layoutTopology(topology, OPTS) };
}

describe('a large fleet built lazily: the whole-fleet draw', () => {
  it('500 × 100: fits at the fleet zoom from the host extents alone, draws 1,520 elements, builds no tree', () => {
    const hosts = synthFleet({ hosts: 500, vlansPerHost: 20, containersPerNetwork: 5 });
    const { cy, lazy } = drawLazy(hosts);
    expect(expectedFitZoom(lazyFitPoints(lazy.fleet), SCREEN)).toBeLessThan(HOST_UNFOLD_ZOOM);
    expect(cy.elements().length).toBe(1_520);
    expect(lazy.fleet.trees.size).toBe(0);
    expect(cy.getElementById(hostMarkId('host-321')).data('label')).toBe(
      '20 networks, 100 containers',
    );
  });

  it('the fit sees the same graph as the full layout, and each box holds its host', () => {
    const hosts = synthFleet(FLEET);
    const whole = full(hosts);
    const { cy, lazy } = drawLazy(hosts);
    expect(expectedFitZoom(lazyFitPoints(lazy.fleet), SCREEN)).toBe(
      expectedFitZoom(whole.positions, SCREEN),
    );
    const fullBoxes = hostBoxElements(whole.topology, whole.positions, new Set());
    for (const box of fullBoxes) {
      const drawn = cy.getElementById(box.data.id!);
      expect(drawn.position()).toEqual(box.position);
      expect(drawn.data('w')).toBe(box.data['w']);
      expect(drawn.data('h')).toBe(box.data['h']);
    }
  });
});

describe('a large fleet built lazily: unfolding and search', () => {
  it('zooming in over a host builds and draws its tree where the full layout has it, stacks folded; other hosts stay unbuilt', () => {
    const hosts = synthFleet(FLEET);
    const whole = full(hosts);
    const { cy, lazy } = drawLazy(hosts);
    const folds = foldsOf(cy)!;
    const host = cy.getElementById(topoId.host('host-011'));
    cy.zoom({ level: HOST_UNFOLD_ZOOM * 2, position: host.position() });
    unfoldOnScreen(cy, folds);
    expect(cy.getElementById(hostMarkId('host-011')).empty()).toBe(true);
    expect(lazy.open.has('host-011')).toBe(true);
    expect(lazy.fleet.trees.size).toBe(lazy.open.size);
    expect(lazy.open.size).toBeLessThan(FLEET.hosts);
    const own = whole.topology.nodes.filter((n) => n.host === 'host-011' && n.kind !== 'container');
    for (const n of own) expect(cy.getElementById(n.id).position()).toEqual(whole.positions[n.id]);
    const stacks = [...containerStacks(whole.topology)].filter(([o]) => o.includes('host-011/'));
    for (const [owner] of stacks) expect(cy.getElementById(markId(owner)).nonempty()).toBe(true);
    expect(cy.edges('.trunk').length).toBeGreaterThanOrEqual(FLEET.vlansPerHost);
    cy.zoom({ level: UNFOLD_ZOOM * 2, position: host.position() });
    unfoldOnScreen(cy, folds);
    const containers = cy.nodes('.container');
    expect(containers.length).toBeGreaterThan(0);
    for (const n of containers) expect(n.position()).toEqual(whole.positions[n.id()]);
  });

  it('search finds a container in a folded host from the snapshots, and builds only that host', () => {
    const { cy, lazy } = drawLazy(synthFleet(FLEET));
    expect(applySearch(cy, 'host-007/vlan13-c2')).toBe(1);
    expect(cy.getElementById(topoId.container('host-007', 'vlan13-c2')).hasClass('match')).toBe(
      true,
    );
    expect([...lazy.open]).toEqual(['host-007']);
    expect(cy.nodes('.hostfold').length).toBe(FLEET.hosts - 1);
  });
});

/** `fleet` with one more network (on the VLAN of its first) on `hosts`. */
const withExtra = (fleet: HostView[], hosts: string[]): HostView[] =>
  fleet.map((h) => {
    if (!hosts.includes(h.id)) return h;
    const extra = { ...h.snapshot.networks[0]!, id: `${h.id}x`, name: 'extra' };
    return { ...h, snapshot: { ...h.snapshot, networks: [...h.snapshot.networks, extra] } };
  });

describe('a large fleet built lazily: live updates', () => {
  it('a live update keeps a folded host folded and updates its counts; an unfolded host gets its new nodes', () => {
    const fleet = synthFleet(FLEET);
    const { cy, lazy } = drawLazy(fleet);
    applySearch(cy, 'host-005/vlan10-c0'); // host-005 unfolded
    const nextHosts = withExtra(fleet, ['host-002', 'host-005']);
    const next: LazyGraph = { fleet: layoutFleet(nextHosts, OPTS), open: lazy.open };
    const graph = lazyTopology(next);
    applyDiff(cy, foldsOf(cy)!.topology, {
      ...graph,
      offline: offlineHosts(graph.topology),
      lazy: next,
    });
    expect(cy.getElementById(hostMarkId('host-002')).data('label')).toBe(
      '21 networks, 100 containers',
    );
    expect(cy.getElementById(topoId.network('host-002', 'host-002x')).empty()).toBe(true);
    expect(cy.getElementById(topoId.network('host-005', 'host-005x')).nonempty()).toBe(true);
    // The boxes follow: host-002's is one column wider, and nothing moved to where another host is.
    const whole = full(nextHosts);
    for (const box of hostBoxElements(whole.topology, whole.positions, new Set()))
      expect(cy.getElementById(box.data.id!).position()).toEqual(box.position);
    expect(cy.getElementById(hostBoxId('host-002')).nonempty()).toBe(true);
    for (const n of cy.nodes('.network')) expect(n.position()).toEqual(whole.positions[n.id()]);
  });
});

describe('a large fleet built lazily: details and List', () => {
  it('node details and the List read through the lazy graph', () => {
    const hosts = synthFleet(FLEET);
    const whole = full(hosts);
    const lazy: LazyGraph = { fleet: layoutFleet(hosts, OPTS), open: new Set() };
    const id = topoId.container('host-030', 'vlan12-c4');
    const found = lazyNode(lazy, id);
    expect(found?.node).toEqual(whole.topology.nodes.find((n) => n.id === id));
    expect(found?.links).toBe(whole.topology.edges.filter((e) => e.target === id).length);
    expect(lazy.fleet.trees.size).toBe(1);
    const segment = whole.topology.nodes.find((n) => n.kind === 'segment')!;
    expect(lazyNode(lazy, segment.id)?.links).toBe(
      whole.topology.edges.filter((e) => e.target === segment.id).length,
    );
    const list = lazyFullTopology(lazy);
    expect(list.nodes.length).toBe(whole.topology.nodes.length);
    expect(list.edges.length).toBe(whole.topology.edges.length);
  });
});

describe('a large fleet built lazily: closer than the fleet zoom', () => {
  it('50 × 20 × 5 (fit 0.057): every tree built, the same elements as the full build draws', () => {
    const hosts = synthFleet({ hosts: 50, vlansPerHost: 20, containersPerNetwork: 5 });
    const whole = full(hosts);
    const lazy: LazyGraph = { fleet: layoutFleet(hosts, OPTS), open: new Set() };
    expect(expectedFitZoom(lazyFitPoints(lazy.fleet), SCREEN)).toBeGreaterThanOrEqual(
      HOST_UNFOLD_ZOOM,
    );
    for (const h of lazy.fleet.hosts) lazy.open.add(h.id);
    const built = lazyTopology(lazy);
    const offline = new Set<string>();
    const byId = (e: { data: { id?: string } }) => e.data.id ?? '';
    const sortById = <T extends { data: { id?: string } }>(list: T[]) =>
      [...list].sort((a, b) => byId(a).localeCompare(byId(b)));
    const lazyDraw = drawnElements(built.topology, built.positions, offline, 0.057).elements;
    const fullDraw = drawnElements(whole.topology, whole.positions, offline, 0.057).elements;
    expect(lazyDraw).toHaveLength(5_120); // and 50 host boxes
    expect(sortById(lazyDraw)).toEqual(sortById(fullDraw));
  });
});
