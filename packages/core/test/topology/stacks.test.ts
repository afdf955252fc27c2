import { describe, expect, it } from 'vitest';
import {
  buildTopology,
  containerStacks,
  layoutTopology,
  synthFleet,
  topoId,
} from '../../src/topology';

describe('containerStacks', () => {
  it('groups every container under the subnet it hangs from, in the order the layout stacks them', () => {
    const graph = buildTopology(synthFleet({ hosts: 2, vlansPerHost: 3, containersPerNetwork: 4 }));
    const stacks = containerStacks(graph);
    expect(stacks.size).toBe(6);
    const containers = graph.nodes.filter((n) => n.kind === 'container').map((n) => n.id);
    expect([...stacks.values()].flat().sort()).toEqual([...containers].sort());
    const positions = layoutTopology(graph);
    for (const [owner, stack] of stacks) {
      expect(graph.nodes.find((n) => n.id === owner)?.kind).toBe('subnet');
      const ys = stack.map((id) => positions[id]!.y);
      expect(ys).toEqual([...ys].sort((a, b) => a - b));
      expect(new Set(stack.map((id) => positions[id]!.x)).size).toBe(1);
    }
  });

  it('puts an idle container (no endpoint) under its host', () => {
    const [host] = synthFleet({ hosts: 1, vlansPerHost: 1, containersPerNetwork: 0 });
    const idle = {
      ...host!,
      snapshot: {
        ...host!.snapshot,
        containers: [
          {
            name: 'idle',
            netns: 'idle',
            origin: 'created' as const,
            source: {},
            created: '2026-01-01T00:00:00.000Z',
          },
        ],
      },
    };
    const stacks = containerStacks(buildTopology([idle]));
    expect(stacks.get(topoId.host(idle.id))).toEqual([topoId.container(idle.id, 'idle')]);
  });
});
