import { createHash } from 'node:crypto';
import { NAME_MAX_LENGTH, validateContainerName } from '@underlay/core';

// How a CNI container appears in underlay's records: a container named after
// its CNI_CONTAINERID (so `underlay container ls` and the dashboard show it),
// whose namespace is the runtime's own. A namespace already under
// /run/netns keeps its name; any other path is given the container's name
// there, as `container attach --netns PATH` does.

const PREFIX = 'cni-';

/** The record name of a CNI container: `cni-ID`, or a 64-character prefix plus a hash for long ids. */
export function cniContainerName(containerId: string): string {
  const name = `${PREFIX}${containerId}`;
  if (name.length <= NAME_MAX_LENGTH) return name;
  const hash = createHash('sha256').update(containerId).digest('hex').slice(0, 12);
  return `${name.slice(0, NAME_MAX_LENGTH - hash.length - 1)}-${hash}`;
}

const NAMED = /^\/(?:var\/)?run\/netns\/([^/]+)$/;

/** The name under /run/netns of a namespace path there (usable as is), or null. */
export function namedNetns(path: string): string | null {
  const name = NAMED.exec(path)?.[1];
  return name && validateContainerName(name).length === 0 ? name : null;
}
