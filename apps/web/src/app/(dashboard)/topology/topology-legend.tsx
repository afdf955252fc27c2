'use client';

import type { Topology } from '@underlay/core';

const KEY: { swatch: string; text: string }[] = [
  { swatch: 'bg-slate-900 rounded-sm', text: 'host (faded when offline)' },
  { swatch: 'bg-blue-600 rotate-45', text: 'VLAN sub-interface' },
  { swatch: 'bg-blue-700 rounded', text: 'L2 segment (one VLAN across hosts)' },
  { swatch: 'bg-emerald-600 rounded-full', text: 'L2 network' },
  { swatch: 'bg-violet-600', text: 'L3 / L3S network (hexagon)' },
  {
    swatch: 'rounded-full border-2 border-dotted border-amber-500',
    text: 'isolated: internal or dummy parent',
  },
  { swatch: 'rounded-full border-2 border-red-600', text: 'degraded or drift' },
  {
    swatch: 'h-0 border-t-2 border-dashed border-violet-600',
    text: 'L3 route between hosts (host → the subnet it routes to; red: gone from the kernel)',
  },
];

/** What the shapes mean, and the L2 segments with the hosts they span (also a test hook). */
export function TopologyLegend({ topology }: { topology: Topology }) {
  const segments = topology.nodes.filter((n) => n.kind === 'segment');
  return (
    <div className="space-y-2">
      <ul className="space-y-1 text-xs" data-testid="topology-legend">
        {KEY.map((k) => (
          <li key={k.text} className="flex items-center gap-2">
            <span className={`inline-block h-3 w-3 ${k.swatch}`} />
            {k.text}
          </li>
        ))}
      </ul>
      {segments.length > 0 && (
        <div>
          <h3 className="text-xs font-semibold">Segments</h3>
          <ul className="text-xs" data-testid="segment-list">
            {segments.slice(0, 100).map((s) => (
              <li
                key={s.id}
                data-testid="segment-item"
                data-segment={s.id}
                data-hosts={(s.data.hosts ?? (s.host ? [s.host] : [])).join(',')}
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
      )}
    </div>
  );
}
