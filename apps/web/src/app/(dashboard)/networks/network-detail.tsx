'use client';

import { useQuery } from '@tanstack/react-query';
import { errorText } from '~/lib/client-errors';
import { useTRPC } from '~/trpc/react';
import { SpanPanel } from './span-panel';

type Inspect = {
  Containers?: Record<
    string,
    { Name: string; MacAddress: string; IPv4Address: string; IPv6Address: string }
  >;
  Status?: {
    IPAM?: {
      Subnets?: Record<string, { IPsInUse: number | string; DynamicIPsAvailable: number | string }>;
    };
  };
};

/** `network inspect` for one network: endpoints, per-subnet usage, raw JSON. */
export function NetworkDetail({ hostId, network }: { hostId: string; network: string }) {
  const trpc = useTRPC();
  const inspect = useQuery(trpc.networks.inspect.queryOptions({ hostId, network }));
  if (inspect.error) return <p className="text-red-700">{errorText(inspect.error)}</p>;
  if (!inspect.data) return <p className="text-slate-500">Loading…</p>;
  const data = inspect.data as Inspect;
  return (
    <div className="grid gap-3 md:grid-cols-2" data-testid={`network-detail-${network}`}>
      <div>
        <h3 className="font-medium">Endpoints</h3>
        <table className="text-xs">
          <tbody>
            {Object.values(data.Containers ?? {}).map((c) => (
              <tr key={c.Name} data-testid={`endpoint-${c.Name}`}>
                <td className="pr-3">{c.Name}</td>
                <td className="pr-3 font-mono">{c.IPv4Address}</td>
                <td className="pr-3 font-mono">{c.IPv6Address}</td>
                <td className="font-mono">{c.MacAddress}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="mt-3">
          <SpanPanel network={network} />
        </div>
        <h3 className="mt-3 font-medium">Subnet usage</h3>
        {Object.entries(data.Status?.IPAM?.Subnets ?? {}).map(([cidr, u]) => {
          const used = Number(u.IPsInUse);
          const total = used + Number(u.DynamicIPsAvailable);
          const pct =
            total > 0 && Number.isFinite(total) ? Math.max(1, Math.round((used / total) * 100)) : 0;
          return (
            <div key={cidr} className="text-xs" data-testid={`usage-${cidr}`}>
              <span className="font-mono">{cidr}</span> {String(u.IPsInUse)} in use,{' '}
              {String(u.DynamicIPsAvailable)} free
              <div className="h-2 w-64 rounded bg-slate-200">
                <div className="h-2 rounded bg-slate-700" style={{ width: `${pct}%` }} />
              </div>
            </div>
          );
        })}
      </div>
      <pre
        className="max-h-80 overflow-auto rounded bg-slate-900 p-2 text-xs text-slate-100"
        data-testid="network-inspect-json"
      >
        {JSON.stringify(inspect.data, null, 2)}
      </pre>
    </div>
  );
}
