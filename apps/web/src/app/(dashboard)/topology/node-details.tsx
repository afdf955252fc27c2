'use client';

import type { TopoNode, Topology } from '@underlay/core';
import Link from 'next/link';
import { lazyNode, type LazyGraph } from '~/components/topology/lazy-graph';

/** The node's data, one row per field. */
function DataList({ data }: { data: TopoNode['data'] }) {
  return (
    <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-2 text-xs">
      {Object.entries(data).map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-slate-500">{k}</dt>
          <dd className="break-all font-mono">{Array.isArray(v) ? v.join(', ') : String(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The node with `id` and how many links it has (a lazy graph builds its host's tree for it). */
function findNode(
  topology: Topology,
  id: string | null,
  lazy?: LazyGraph,
): { node: TopoNode; links: number } | undefined {
  if (!id) return undefined;
  if (lazy) return lazyNode(lazy, id);
  const node = topology.nodes.find((n) => n.id === id);
  const links = topology.edges.filter((e) => e.source === id || e.target === id).length;
  return node && { node, links };
}

/** The node's name, kind, host and number of links. */
function Heading({ node, links }: { node: TopoNode; links: number }) {
  return (
    <>
      <div className="font-semibold">{node.label}</div>
      <div className="text-xs text-slate-500">
        {node.kind}
        {node.host ? ` on ${node.host}` : ''} · {links} link{links === 1 ? '' : 's'}
      </div>
    </>
  );
}

/** The clicked node: kind, host, and everything core knows about it. */
export function NodeDetails({
  topology,
  lazy,
  id,
}: {
  topology: Topology;
  lazy?: LazyGraph;
  id: string | null;
}) {
  const found = findNode(topology, id, lazy);
  if (!found)
    return (
      <p className="text-slate-500" data-testid="node-details-empty">
        Click a node for details.
      </p>
    );
  const { node, links: neighbours } = found;
  return (
    <div
      className="rounded border border-slate-200 bg-white p-2"
      data-testid="node-details"
      data-node-id={node.id}
      data-kind={node.kind}
    >
      <Heading node={node} links={neighbours} />
      {node.kind === 'network' && (
        <Link
          href={`/networks/${encodeURIComponent(node.label)}`}
          className="text-xs underline"
          data-testid="node-details-network-link"
        >
          Open network {node.label}
        </Link>
      )}
      <DataList data={node.data} />
    </div>
  );
}
