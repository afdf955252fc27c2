import { listEndpoints, listShims, type Db } from '../store';
import { listDockerEndpoints, listPools, poolAddresses } from '../store/docker';
import type { LocalAddress } from './segment-entry';

// Everything that holds an address of a network on this host, read from the
// agent's own records: endpoints (CLI, CNI), the host shim, and what the
// Docker plugin handed out. Adoption claims each of them fleet-wide.
/** The addresses this host already uses on a network, with who uses each. */
export function localAddresses(db: Db, networkId: string): LocalAddress[] {
  const found: LocalAddress[] = [];
  const add = (address: string | undefined, owner: string) => {
    if (address) found.push({ address, owner, network: networkId });
  };
  for (const e of listEndpoints(db).filter((x) => x.networkId === networkId)) {
    add(e.ipv4Address, `container ${e.container}`);
    add(e.ipv6Address, `container ${e.container}`);
  }
  for (const shim of listShims(db).filter((s) => s.networkId === networkId)) {
    add(shim.ipv4Address, `host shim ${shim.ifname}`);
    add(shim.ipv6Address, `host shim ${shim.ifname}`);
  }
  if (!hasDockerTables(db)) return found;
  for (const pool of listPools(db).filter((p) => p.networkId === networkId))
    for (const address of poolAddresses(db, pool.id)) add(address, `Docker (pool ${pool.pool})`);
  for (const endpoint of listDockerEndpoints(db, networkId))
    for (const field of endpoint.owned) add(endpoint[field], `Docker endpoint ${endpoint.id}`);
  return found;
}

function hasDockerTables(db: Db): boolean {
  return (
    db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'docker_pools'")
      .get() !== undefined
  );
}
