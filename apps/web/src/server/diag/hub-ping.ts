import type { Db } from '../db';
import type { Hub } from '../fleet/hub';
import { listHosts } from '../fleet/registry';
import type { PingFn } from './matrix-run';

// HostView ids are host names (what the topology shows); the hub knows hosts
// by registry id, so the matrix's pings are translated here.

/** A matrix ping through the hub: `diag.ping` on the source host's agent, with a budget that covers its own wait. */
export function hubPing(db: Db, hub: Hub): PingFn {
  const idOf = new Map(listHosts(db).map((h) => [h.name, h.id]));
  return (host, request) => {
    const id = idOf.get(host);
    if (!id) return Promise.reject(new Error(`host ${host} is no longer in the fleet`));
    return hub.query(
      id,
      'diag.ping',
      request,
      (request.count + Math.ceil(request.timeoutMs / 1000) + 5) * 1000,
    );
  };
}
