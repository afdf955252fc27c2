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
import { applySearch } from '../src/components/topology/search';
import {
  drawnElements,
  FOLD_ABOVE,
  foldsOf,
  markId,
  unfold,
  unfoldOnScreen,
  UNFOLD_ZOOM,
} from '../src/components/topology/stack-folds';
import { headlessCy } from './support/headless-cy';

// Real cytoscape, headless (no renderer): the folding is graph bookkeeping,
// checked on the instance the component would draw.

// 20 hosts × 20 networks × 5 containers = 2,000 containers, over FOLD_ABOVE.
const LARGE = { hosts: 20, vlansPerHost: 20, containersPerNetwork: 5 };

function draw(
  fleet: HostView[],
  size?: { width: number; height: number },
): { cy: Core; topology: Topology } {
  const topology = buildTopology(fleet);
  const { elements, folds } = drawnElements(
    topology,
    layoutTopology(topology),
    offlineHosts(topology),
  );
  return { cy: headlessCy(elements, { size, folds }), topology };
}

const ids = (cy: Core, selector: string): string[] =>
  cy
    .elements(selector)
    .map((e) => e.id())
    .sort();

describe('folded container stacks', () => {
  it('draws a small fleet whole: no marks', () => {
    const { cy, topology } = draw(
      synthFleet({ hosts: 2, vlansPerHost: 3, containersPerNetwork: 2 }),
    );
    expect(foldsOf(cy)).toBeUndefined();
    expect(cy.elements().length).toBe(topology.nodes.length + topology.edges.length);
  });

  it('draws a large fleet with every non-container node and one mark per stack, hanging from its owner', () => {
    const { cy, topology } = draw(synthFleet(LARGE));
    const containers = topology.nodes.filter((n) => n.kind === 'container');
    expect(containers.length).toBeGreaterThan(FOLD_ABOVE);
    const stacks = containerStacks(topology);
    expect(ids(cy, 'node.fold')).toEqual([...stacks.keys()].map(markId).sort());
    expect(cy.nodes('.container').length).toBe(0);
    for (const n of topology.nodes.filter((x) => x.kind !== 'container'))
      expect(cy.getElementById(n.id).nonempty()).toBe(true);
    // Edges: every trunk (which hosts share a segment), no tree edge inside a host yet.
    expect(ids(cy, 'edge.trunk')).toEqual(
      topology.edges
        .filter((e) => e.kind === 'trunk')
        .map((e) => e.id)
        .sort(),
    );
    expect(cy.edges('.contains').length).toBe(0);
    const [owner, stack] = [...stacks][0]!;
    const mark = cy.getElementById(markId(owner));
    expect(mark.data('label')).toBe(`${stack.length} containers`);
    // The bar hangs from just under its owner down to the stack's last container.
    const positions = layoutTopology(topology);
    const half = (mark.data('h') as number) / 2;
    expect(mark.position('x')).toBe(positions[stack[0]!]!.x);
    expect(mark.position('y') - half).toBeGreaterThan(positions[owner]!.y);
    expect(mark.position('y') - half).toBeLessThan(positions[stack[0]!]!.y);
    expect(mark.position('y') + half).toBeGreaterThanOrEqual(positions[stack.at(-1)!]!.y);
  });

  it('unfolds a stack into its containers and their links, and removes its mark', () => {
    const { cy, topology } = draw(synthFleet(LARGE));
    const [owner, stack] = [...containerStacks(topology)][3]!;
    unfold(cy, foldsOf(cy)!, [owner]);
    expect(cy.getElementById(markId(owner)).empty()).toBe(true);
    expect(ids(cy, 'node.container')).toEqual([...stack].sort());
    const links = topology.edges
      .filter((e) => stack.includes(e.target))
      .map((e) => e.id)
      .sort();
    expect(ids(cy, 'edge').filter((id) => links.includes(id))).toEqual(links);
    expect(foldsOf(cy)!.owners.has(owner)).toBe(false);
  });

  it('search finds a folded container: its stack unfolds and the container matches', () => {
    const { cy } = draw(synthFleet(LARGE));
    const container = topoId.container('host-007', 'vlan13-c2');
    expect(cy.getElementById(container).empty()).toBe(true);
    expect(applySearch(cy, 'host-007/vlan13-c2')).toBe(1);
    expect(cy.getElementById(container).hasClass('match')).toBe(true);
    expect(cy.nodes('.container').length).toBe(LARGE.containersPerNetwork);
  });

  it('a live update keeps a folded stack folded: the new container stays out, the mark counts it', () => {
    const fleet = synthFleet(LARGE);
    const { cy, topology } = draw(fleet);
    const host = fleet[4]!;
    const endpoint = {
      ...host.snapshot.endpoints[0]!,
      id: 'new',
      container: 'newcomer',
      netns: 'newcomer',
      ipv4Address: '10.10.4.99/16',
      created: '2027-01-01T00:00:00.000Z',
    };
    const grown = fleet.map((h) =>
      h === host
        ? { ...h, snapshot: { ...h.snapshot, endpoints: [...h.snapshot.endpoints, endpoint] } }
        : h,
    );
    const next = buildTopology(grown);
    applyDiff(cy, topology, {
      topology: next,
      positions: layoutTopology(next),
      offline: offlineHosts(next),
    });
    const newcomer = topoId.container(host.id, 'newcomer');
    expect(next.nodes.some((n) => n.id === newcomer)).toBe(true);
    expect(cy.getElementById(newcomer).empty()).toBe(true);
    const owner = [...containerStacks(next)].find(([, stack]) => stack.includes(newcomer))![0];
    expect(cy.getElementById(markId(owner)).data('label')).toBe(
      `${LARGE.containersPerNetwork + 1} containers`,
    );
    unfold(cy, foldsOf(cy)!, [owner]);
    expect(cy.getElementById(newcomer).nonempty()).toBe(true);
  });

  const treeOf = (topology: Topology, host: string): string[] =>
    topology.edges
      .filter(
        (e) =>
          e.kind === 'contains' &&
          topology.nodes.find((n) => n.id === e.source)?.host === host &&
          !e.target.startsWith('container:'),
      )
      .map((e) => e.id)
      .sort();

  it("unfolding a stack brings its host's tree edges (host → interface → VLAN → network → subnet), and no other host's", () => {
    const { cy, topology } = draw(synthFleet(LARGE));
    const [owner] = [...containerStacks(topology)].find(([o]) => o.includes('host-003'))!;
    unfold(cy, foldsOf(cy)!, [owner]);
    const tree = treeOf(topology, 'host-003');
    expect(tree.length).toBe(1 + 3 * LARGE.vlansPerHost); // host → eth0, then per network: eth0 → VLAN → network → subnet
    const drawnTree = ids(cy, 'edge.contains').filter((id) => !id.includes('container:'));
    expect(drawnTree).toEqual(tree);
  });

  it('zooming in over a host draws its tree edges; the fleet-wide zoom does not', () => {
    const { cy, topology } = draw(synthFleet(LARGE), { width: 1280, height: 800 });
    const folds = foldsOf(cy)!;
    cy.fit(undefined, 30);
    unfoldOnScreen(cy, folds);
    expect(cy.zoom()).toBeLessThan(UNFOLD_ZOOM);
    expect(cy.edges('.contains').length).toBe(0);
    const host = cy.getElementById(topoId.host('host-011'));
    cy.zoom({ level: 0.5, position: host.position() });
    unfoldOnScreen(cy, folds);
    expect(ids(cy, 'edge.contains').filter((id) => !id.includes('container:'))).toEqual(
      expect.arrayContaining(treeOf(topology, 'host-011')),
    );
    expect(folds.bareHosts.has('host-011')).toBe(false);
    expect(folds.bareHosts.size).toBeGreaterThan(LARGE.hosts / 2); // the hosts far off screen stay bare
  });

  it("a live update adds a bare host's new tree edges only once its tree is drawn", () => {
    const fleet = synthFleet(LARGE);
    const { cy, topology } = draw(fleet);
    const host = fleet[2]!;
    const extra = {
      ...host.snapshot.networks[0]!,
      id: 'extra',
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
      positions: layoutTopology(next),
      offline: offlineHosts(next),
    });
    const added = next.nodes.filter((n) => !topology.nodes.some((m) => m.id === n.id));
    expect(added.length).toBeGreaterThan(0);
    for (const n of added) expect(cy.getElementById(n.id).nonempty()).toBe(true);
    expect(cy.edges('.contains').length).toBe(0);
    const [owner] = [...containerStacks(next)].find(([o]) => o.includes(host.id))!;
    unfold(cy, foldsOf(cy)!, [owner]);
    expect(ids(cy, 'edge.contains').filter((id) => !id.includes('container:'))).toEqual(
      treeOf(next, host.id),
    );
  });
});
