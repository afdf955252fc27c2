'use client';

import { useMemo } from 'react';
import { lazyFullTopology } from '~/components/topology/lazy-graph';
import { listDetail, listTree, type ListTree } from '~/components/topology/list-tree';
import type { TopologyGraph } from '~/components/topology/use-topology';

// Depth guard: the hierarchy is at most 7 deep; a malformed graph must not loop.
const MAX_DEPTH = 10;

function ListItem({
  id,
  tree,
  depth,
  onOpen,
}: {
  id: string;
  tree: ListTree;
  depth: number;
  onOpen: (id: string) => void;
}) {
  const node = tree.byId.get(id);
  if (!node) return null;
  const kids = depth < MAX_DEPTH ? (tree.children.get(id) ?? []) : [];
  return (
    <li data-testid="topology-list-item" data-node-id={id} data-kind={node.kind}>
      <button
        type="button"
        className="rounded px-1 text-left font-medium hover:underline focus-visible:ring-2 focus-visible:ring-blue-600"
        onClick={() => onOpen(id)}
      >
        {node.label}
      </button>{' '}
      <span className="text-xs text-slate-500">{listDetail(node)}</span>
      {kids.length > 0 && (
        <ul className="ml-3 border-l border-slate-200 pl-3">
          {kids.map((kid) => (
            <ListItem key={kid} id={kid} tree={tree} depth={depth + 1} onOpen={onOpen} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** The topology as an outline: the canvas' text alternative; a name opens the node's details. */
export function TopologyList({
  graph,
  onOpen,
}: {
  graph: TopologyGraph;
  onOpen: (id: string) => void;
}) {
  // A large fleet built lazily: the List (asked for) builds every host's tree.
  const tree = useMemo(
    () => listTree(graph.lazy ? lazyFullTopology(graph.lazy) : graph.topology),
    [graph],
  );
  return (
    <div
      className="min-h-0 flex-1 overflow-auto rounded border border-slate-200 bg-white p-3 text-sm"
      data-testid="topology-list"
    >
      <h2 className="sr-only">Topology as a list</h2>
      {tree.roots.length === 0 ? (
        <p className="text-slate-500">No hosts yet.</p>
      ) : (
        <ul className="space-y-1">
          {tree.roots.map((id) => (
            <ListItem key={id} id={id} tree={tree} depth={0} onOpen={onOpen} />
          ))}
        </ul>
      )}
    </div>
  );
}
