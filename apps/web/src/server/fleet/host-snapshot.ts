import type { ProcedureInput, ProcedureOutput } from '@underlay/agent';
import { HostSnapshotSchema, type HostSnapshot } from '@underlay/core';

// The topology needs each host's HostSnapshot, and every live event refreshes
// it. The agent answers `host.snapshot` in one round trip (it was 3 + one
// networks.inspect per network, 43 for a host with 40 networks).

type Query = (
  path: 'host.snapshot',
  input: ProcedureInput<'host.snapshot'>,
) => Promise<ProcedureOutput<'host.snapshot'>>;

// The topology draws neither host addresses nor container link names, and
// each costs the agent an exec (50-110 ms in a lab guest, most of the answer's
// time): asked for without them, they come back empty.
const DRAWN = { addresses: false, containerLinks: false };

/**
 * A host's snapshot as the topology draws it. The agent validates its answer
 * with core's HostSnapshotSchema; parsed again here so that an agent of
 * another version (older, or one answering loosely) still draws with core's
 * defaults, or is refused naming the field.
 */
export async function fetchSnapshot(
  query: Query,
  what: ProcedureInput<'host.snapshot'> = DRAWN,
): Promise<HostSnapshot> {
  return HostSnapshotSchema.parse(await query('host.snapshot', what));
}
