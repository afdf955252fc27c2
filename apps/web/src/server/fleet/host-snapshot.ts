import { HostSnapshotSchema, type HostSnapshot } from '@underlay/core';

// The topology needs each host's HostSnapshot, and every live event refreshes
// it. The agent answers `host.snapshot` in one round trip (it was 3 + one
// networks.inspect per network, 43 for a host with 40 networks).

type Query = (path: string, input?: unknown) => Promise<unknown>;

// The topology draws neither host addresses nor container link names, and
// each costs the agent an exec (50-110 ms in a lab guest, most of the answer's
// time): asked for without them, they come back empty.
const DRAWN = { addresses: false, containerLinks: false };

/** A host's snapshot as the topology draws it; the hub's client is untyped, so the answer is validated here. */
export async function fetchSnapshot(query: Query): Promise<HostSnapshot> {
  return HostSnapshotSchema.parse(await query('host.snapshot', DRAWN));
}
