'use client';

import type { TopoNode, Topology } from '@underlay/core';
import Link from 'next/link';

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

/** The clicked node: kind, host, and everything core knows about it. */
export function NodeDetails({ topology, id }: { topology: Topology; id: string | null }) {
  const node = id ? topology.nodes.find((n) => n.id === id) : undefined;
  if (!node)
    return (
      <p className="text-slate-500" data-testid="node-details-empty">
        Click a node for details.
      </p>
    );
  const neighbours = topology.edges.filter(
    (e) => e.source === node.id || e.target === node.id,
  ).length;
  return (
    <div
      className="rounded border border-slate-200 bg-white p-2"
      data-testid="node-details"
      data-node-id={node.id}
      data-kind={node.kind}
    >
      <div className="font-semibold">{node.label}</div>
      <div className="text-xs text-slate-500">
        {node.kind}
        {node.host ? ` on ${node.host}` : ''} · {neighbours} link{neighbours === 1 ? '' : 's'}
      </div>
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
