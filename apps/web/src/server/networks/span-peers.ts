import { NetworkSchema, type Network, type SpanEndpoint } from '@underlay/core';
import { z } from 'zod';
import type { Db } from '../db';
import type { Hub } from '../fleet/hub';
import { fanOut, selectHosts } from '../api/fan-out';

// A network "spans hosts" when hosts hold a network of the same name: that is
// how the dashboard creates it (one request fanned out), and how a user who
// ran `network create` by hand on each host names it too.

/** One host's copy of a spanning network. */
export interface SpanMember {
  hostId: string;
  host: string;
  network: Network;
}

/** Every host's copy of network `name`, and the hosts that did not answer (their copies are unknown). */
export async function findSpan(
  db: Db,
  hub: Hub,
  name: string,
): Promise<{ members: SpanMember[]; unreachable: string[] }> {
  const outcomes = await fanOut(selectHosts(db), async (h) =>
    z.array(NetworkSchema).parse(await hub.query(h.id, 'networks.list')),
  );
  const members: SpanMember[] = [];
  const unreachable: string[] = [];
  for (const o of outcomes) {
    if (!o.ok) unreachable.push(o.host);
    else
      for (const network of o.value)
        if (network.name === name) members.push({ hostId: o.hostId, host: o.host, network });
  }
  return { members, unreachable };
}

/** The endpoints of every member, from each host's `network inspect` (Docker's shape); hosts that fail to answer are listed apart. */
export async function spanEndpoints(
  hub: Hub,
  members: readonly SpanMember[],
): Promise<{ endpoints: SpanEndpoint[]; unreachable: string[] }> {
  const settled = await Promise.allSettled(
    members.map(async (m) => {
      const inspect = await hub.query(m.hostId, 'networks.inspect', { network: m.network.id });
      return Object.values(inspect.Containers).map((c) => ({
        host: m.host,
        container: c.Name,
        ...(c.IPv4Address ? { ipv4Address: c.IPv4Address } : {}),
        ...(c.IPv6Address ? { ipv6Address: c.IPv6Address } : {}),
      }));
    }),
  );
  const endpoints = settled.flatMap((s) => (s.status === 'fulfilled' ? s.value : []));
  const unreachable = members
    .filter((_, i) => settled[i]?.status === 'rejected')
    .map((m) => m.host);
  return { endpoints, unreachable };
}
