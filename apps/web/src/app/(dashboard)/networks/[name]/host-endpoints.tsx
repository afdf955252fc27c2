'use client';

import type { Detail } from './network-sections';

type DetailHost = Detail['hosts'][number];

// The containers connected to a network on one host, as a table on its card.

/** The endpoints on one host, or a sentence saying there are none. */
export function Endpoints({ host }: { host: DetailHost }) {
  if (host.endpoints.length === 0)
    return (
      <p className="text-slate-500" data-testid={`endpoints-none-${host.host}`}>
        No containers connected on {host.host}.
      </p>
    );
  return (
    <table className="w-full text-xs" data-testid={`endpoints-${host.host}`}>
      <caption className="text-left font-medium">Endpoints on {host.host}</caption>
      <thead>
        <tr className="text-left text-slate-500">
          <th className="pr-3">Container</th>
          <th className="pr-3">Addresses</th>
          <th>MAC</th>
        </tr>
      </thead>
      <tbody>
        {host.endpoints.map((e) => (
          <tr key={e.container} data-testid={`endpoint-${host.host}-${e.container}`}>
            <td className="pr-3">{e.container}</td>
            <td className="pr-3 font-mono">
              {[e.ipv4Address, e.ipv6Address].filter(Boolean).join(', ') || '–'}
            </td>
            <td className="font-mono">{e.macAddress || '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
