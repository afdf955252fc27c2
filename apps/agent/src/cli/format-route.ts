import type { RouteList } from '@underlay/core';
import { formatTable } from './format-table';

// `underlay route ls`: the routes this host learned from the fleet (route
// distribution) and installed, where each came from, and whether the kernel
// still has it (a missing one is drift: `network repair` puts it back).

/** The table `route ls` prints, from the agent's routes.list answer. */
export function formatRoutes({ routes }: RouteList): string[] {
  return formatTable(
    ['DESTINATION', 'VIA', 'DEV', 'FROM', 'SOURCE', 'STATE'],
    routes.map((r) => [
      r.dst,
      r.via,
      r.dev,
      `${r.origin.network}@${r.origin.host}`,
      r.source,
      r.present ? 'installed' : 'missing',
    ]),
  );
}
