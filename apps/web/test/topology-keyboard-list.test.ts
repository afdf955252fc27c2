import { buildTopology, layoutTopology, synthFleet, topoId } from '@underlay/core';
import type { NodeSingular } from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { offlineHosts } from '../src/components/topology/elements';
import { hostBoxElements } from '../src/components/topology/host-boxes';
import { nextNode } from '../src/components/topology/keyboard';
import { listDetail, listTree } from '../src/components/topology/list-tree';
import { drawnElements } from '../src/components/topology/stack-folds';
import { headlessCy } from './support/headless-cy';

// Pure parts of the canvas' keyboard and of its text alternative, on the
// graph the page would draw (headless cytoscape).

const fleet = synthFleet({ hosts: 2, vlansPerHost: 2, containersPerNetwork: 1 });
const topology = buildTopology(fleet);
const positions = layoutTopology(topology);

function drawn() {
  const offline = offlineHosts(topology);
  return headlessCy([
    ...hostBoxElements(topology, positions, offline),
    ...drawnElements(topology, positions, offline).elements,
  ]);
}

describe('arrow keys', () => {
  it('start on the first host, go right to the next host and down its tree; host boxes are never a stop', () => {
    const cy = drawn();
    const [a, b] = fleet.map((h) => topoId.host(h.id));
    const first = nextNode(cy, undefined, 'down')!;
    expect(first.id()).toBe(a);
    const right = nextNode(cy, first, 'right')!;
    expect(right.id()).toBe(b);
    const down = nextNode(cy, right, 'down')!;
    expect(down.id()).toBe(topoId.parent(fleet[1]!.id, 'eth0'));
    expect(nextNode(cy, first, 'up')).toBeUndefined();
    let at: NodeSingular | undefined = first;
    for (let i = 0; i < 50 && at; i++) {
      expect(at.hasClass('hostbox')).toBe(false);
      at = nextNode(cy, at, i % 2 ? 'down' : 'right');
    }
  });
});

describe('the list', () => {
  it('nests host → parent → VLAN → network → subnet → container, with the container addresses', () => {
    const tree = listTree(topology);
    expect(tree.roots).toEqual(fleet.map((h) => topoId.host(h.id)));
    const path: string[] = [tree.roots[0]!];
    for (let i = 0; i < 5; i++) {
      const kids = tree.children.get(path.at(-1)!) ?? [];
      path.push(kids.find((k) => !k.startsWith('segment:'))!);
    }
    expect(path.map((id) => tree.byId.get(id)!.kind)).toEqual([
      'host',
      'parent',
      'vlan',
      'network',
      'subnet',
      'container',
    ]);
    expect(listDetail(tree.byId.get(path[5]!)!)).toMatch(/^container, 10\.\d+\.\d+\.\d+/);
    expect(tree.children.get(path[2]!)!.some((k) => k.startsWith('segment:'))).toBe(true);
  });
});
