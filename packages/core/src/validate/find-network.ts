import type { HostSnapshot, Network } from '../schemas';

/** Shortest id prefix accepted as a reference, so "a" or "ab" never picks a network by accident. */
export const MIN_ID_PREFIX = 3;

// Docker's lookup order: exact id, exact name, then a unique id prefix.
/** Finds a network by id, name, or a unique id prefix of at least 3 characters. */
export function findNetwork(snapshot: HostSnapshot, ref: string): Network | undefined {
  const byId = snapshot.networks.find((n) => n.id === ref);
  if (byId) return byId;
  const byName = snapshot.networks.find((n) => n.name === ref);
  if (byName) return byName;
  if (ref.length < MIN_ID_PREFIX) return undefined;
  const matches = snapshot.networks.filter((n) => n.id.startsWith(ref));
  return matches.length === 1 ? matches[0] : undefined;
}
