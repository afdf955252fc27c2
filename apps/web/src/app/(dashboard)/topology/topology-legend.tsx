'use client';

import type { TopoNode, Topology } from '@underlay/core';
import type { ReactNode } from 'react';

// One entry per shape the graph can draw (issue 19, problem 2: the parent,
// subnet and container shapes were missing). `shape` is the node class the
// entry stands for (`l3` for every hexagon), which the browser test matches
// against the classes cytoscape holds. Swatches are small SVGs in the
// stylesheet's colours (topology-style.ts).
const SHAPES: { shape: string; text: string; svg: ReactNode }[] = [
  {
    shape: 'hostbox',
    text: 'host box: everything drawn on that host',
    svg: <rect x="1" y="3" width="14" height="10" rx="2" fill="#f1f5f9" stroke="#94a3b8" />,
  },
  {
    shape: 'host',
    text: 'host (faded when offline)',
    svg: <rect x="1" y="4" width="14" height="8" rx="2" fill="#0f172a" />,
  },
  {
    shape: 'parent',
    text: 'parent interface (eth0)',
    svg: <rect x="2" y="4" width="12" height="8" fill="#475569" />,
  },
  {
    shape: 'vlan',
    text: 'VLAN sub-interface (eth0.30)',
    svg: <polygon points="8,1 15,8 8,15 1,8" fill="#2563eb" />,
  },
  {
    shape: 'segment',
    text: 'L2 segment (one VLAN across hosts)',
    svg: <rect x="0" y="5" width="16" height="6" rx="2" fill="#1d4ed8" />,
  },
  { shape: 'network', text: 'L2 network', svg: <circle cx="8" cy="8" r="6" fill="#059669" /> },
  {
    shape: 'l3',
    text: 'L3 / L3S network, subnet or routed segment (hexagon)',
    svg: <polygon points="4,2 12,2 16,8 12,14 4,14 0,8" fill="#7c3aed" />,
  },
  {
    shape: 'subnet',
    text: 'subnet (labelled with its CIDR)',
    svg: <polygon points="1,4 11,4 15,8 11,12 1,12" fill="#0891b2" />,
  },
  { shape: 'container', text: 'container', svg: <circle cx="8" cy="8" r="4" fill="#94a3b8" /> },
  {
    shape: 'fold',
    text: 'stack of containers (zoom in to unfold)',
    svg: <rect x="6" y="1" width="4" height="14" rx="1" fill="#94a3b8" />,
  },
  {
    shape: 'hostfold',
    text: "a host's interfaces, networks and containers, folded at the whole-fleet zoom (zoom in to unfold)",
    svg: <rect x="1" y="5" width="14" height="10" rx="2" fill="#cbd5e1" />,
  },
];

const MARKS: { mark: string; text: string; svg: ReactNode }[] = [
  {
    mark: 'isolated',
    text: 'isolated: internal or dummy parent',
    svg: (
      <circle
        cx="8"
        cy="8"
        r="5"
        fill="none"
        stroke="#f59e0b"
        strokeWidth="2"
        strokeDasharray="1 2"
      />
    ),
  },
  {
    mark: 'degraded',
    text: 'degraded or drift',
    svg: <circle cx="8" cy="8" r="5" fill="none" stroke="#dc2626" strokeWidth="2" />,
  },
  {
    mark: 'trunk',
    text: 'VLAN on its segment (trunk)',
    svg: <line x1="0" y1="8" x2="16" y2="8" stroke="#3b82f6" strokeWidth="2" />,
  },
  {
    mark: 'route',
    text: 'L3 route between hosts (host → the subnet it routes to; red: gone from the kernel)',
    svg: (
      <line x1="0" y1="8" x2="16" y2="8" stroke="#7c3aed" strokeWidth="2" strokeDasharray="3 2" />
    ),
  },
];

const Swatch = ({ svg }: { svg: ReactNode }) => (
  <svg viewBox="0 0 16 16" className="h-4 w-4 shrink-0" aria-hidden="true">
    {svg}
  </svg>
);

/** The shapes and marks, one entry each (the browser test matches them against the drawn classes). */
function LegendKeys() {
  return (
    <ul className="space-y-1 text-xs" data-testid="topology-legend">
      {SHAPES.map((k) => (
        <li key={k.shape} className="flex items-center gap-2" data-shape={k.shape}>
          <Swatch svg={k.svg} />
          {k.text}
        </li>
      ))}
      {MARKS.map((k) => (
        <li key={k.mark} className="flex items-center gap-2" data-mark={k.mark}>
          <Swatch svg={k.svg} />
          {k.text}
        </li>
      ))}
    </ul>
  );
}

const hostsOfSegment = (s: TopoNode): string[] => s.data.hosts ?? (s.host ? [s.host] : []);

/** The L2 segments (the first 100) with the hosts they span. */
function SegmentList({ segments }: { segments: TopoNode[] }) {
  return (
    <div>
      <h3 className="text-xs font-semibold">Segments</h3>
      <ul className="text-xs" data-testid="segment-list">
        {segments.slice(0, 100).map((s) => (
          <li
            key={s.id}
            data-testid="segment-item"
            data-segment={s.id}
            data-hosts={hostsOfSegment(s).join(',')}
          >
            {s.label}{' '}
            <span className="text-slate-500">
              {s.data.hosts
                ? `spans ${s.data.hosts.length} host${s.data.hosts.length === 1 ? '' : 's'}`
                : ''}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** What the shapes mean, and the L2 segments with the hosts they span (also a test hook). */
export function TopologyLegend({ topology }: { topology: Topology }) {
  const segments = topology.nodes.filter((n) => n.kind === 'segment');
  return (
    <div className="space-y-2">
      <LegendKeys />
      <p className="text-xs text-slate-500">
        Labels appear by class as you zoom in: hosts, then segments, interfaces and networks, then
        subnets, then containers.
      </p>
      {segments.length > 0 && <SegmentList segments={segments} />}
    </div>
  );
}
