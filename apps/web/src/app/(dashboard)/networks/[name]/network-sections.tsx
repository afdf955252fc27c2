'use client';

import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '~/server/api/root';

// The network page's fleet-wide sections: the whole prefix's usage (every
// host's endpoints against the full subnet) and this network's recent events.

export type Detail = inferRouterOutputs<AppRouter>['networks']['detail'];

/** Each subnet: addresses in use across all hosts, of the whole prefix. */
export function PrefixUsageList({ usage, hosts }: { usage: Detail['usage']; hosts: number }) {
  return (
    <section className="rounded border bg-white p-3 text-sm">
      <h2 className="font-medium">Usage of the whole prefix</h2>
      {usage.map((u) => (
        <div key={u.subnet} className="mt-1 text-xs" data-testid={`usage-${u.subnet}`}>
          <span className="font-mono">{u.subnet}</span>: {u.used} of {u.size} addresses in use on{' '}
          {hosts} {hosts === 1 ? 'host' : 'hosts'}
          {u.used > 0 &&
            ` (${Object.entries(u.byHost)
              .map(([h, n]) => `${h} ${n}`)
              .join(', ')})`}
          <div
            className="mt-0.5 h-2 w-64 rounded bg-slate-200"
            role="meter"
            aria-label={`${u.subnet} in use`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={u.percent}
          >
            <div className="h-2 rounded bg-slate-700" style={{ width: `${u.percent}%` }} />
          </div>
        </div>
      ))}
    </section>
  );
}

/** The network's recent events on its hosts, newest first. */
export function NetworkEvents({ events }: { events: Detail['events'] }) {
  return (
    <section className="rounded border bg-white p-3 text-sm" data-testid="network-events">
      <h2 className="font-medium">Recent events</h2>
      {events.length === 0 ? (
        <p className="text-xs text-slate-500">
          No events about this network since the hub started.
        </p>
      ) : (
        <ol className="text-xs">
          {events.map((e) => (
            <li key={e.id} data-testid="network-event">
              <time className="text-slate-500" dateTime={e.at}>
                {new Date(e.at).toLocaleTimeString()}
              </time>{' '}
              {e.host}: {e.summary}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
