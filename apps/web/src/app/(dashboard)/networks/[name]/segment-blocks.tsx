'use client';

import type { Detail } from './network-sections';

// The network's fleet-IPAM segments, each listed once with every host's blocks
// under it (a segment is shared by the hosts on the same VLAN and subnet, so
// listing it on each host's card would repeat it).

type Segment = Detail['segments'][number];
type Block = Segment['hosts'][number]['blocks'][number];

/** One block: its CIDR, how many addresses its host's agent has in use there, and its state when not plainly held. */
function BlockItem({ host, b }: { host: string; b: Block }) {
  return (
    <span className="mr-1 font-mono" data-testid={`block-${host}-${b.block}`}>
      {b.block}
      {b.used !== null ? ` (${b.used} used)` : ''}
      {b.status !== 'held' ? ` ${b.status}` : ''}
    </span>
  );
}

/** One segment: its subnet and id, then a line per host with the blocks it holds. */
function SegmentItem({ s }: { s: Segment }) {
  return (
    <div className="mt-1 text-xs" data-testid={`segment-${s.segment}`} data-segment={s.segment}>
      <span className="font-mono">{s.subnet}</span> on fleet segment{' '}
      <span className="font-mono">{s.segment}</span>
      {s.blockPrefix !== null ? `, cut into /${s.blockPrefix} blocks` : ''}
      {s.hosts.length === 0 ? (
        <p className="text-slate-500">No host holds a block of it yet.</p>
      ) : (
        <ul className="ml-3">
          {s.hosts.map((h) => (
            <li key={h.host} data-testid={`segment-host-${s.segment}-${h.host}`}>
              {h.host}:{' '}
              {h.blocks.map((b) => (
                <BlockItem key={b.block} host={h.host} b={b} />
              ))}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Every segment of the network with each host's blocks; nothing when the network is not on fleet IPAM. */
export function SegmentBlocks({ segments }: { segments: Detail['segments'] }) {
  if (segments.length === 0) return null;
  return (
    <section className="rounded border bg-white p-3 text-sm" data-testid="network-segments">
      <h2 className="font-medium">Address blocks</h2>
      {segments.map((s) => (
        <SegmentItem key={s.segment} s={s} />
      ))}
    </section>
  );
}
