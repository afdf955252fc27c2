import { assertNoErrors } from '../errors';
import type { Issue } from '../errors';
import type { HostSnapshot } from '../schemas/snapshot';
import { validateIfname } from '../validate/ifname';

/** Refuses a name the kernel would refuse (validation's rule), naming the field. */
export function assertIfname(name: string, path: Issue['path'], what = 'interface name'): void {
  assertNoErrors(validateIfname(name, path, what));
}

/** Names in use inside a container's namespace: the links seen there plus underlay's endpoints. */
export function containerIfnames(snapshot: HostSnapshot, container: string): Set<string> {
  const seen = snapshot.containerLinks.find((c) => c.container === container)?.links ?? [];
  const endpoints = snapshot.endpoints
    .filter((e) => e.container === container)
    .map((e) => e.ifname);
  return new Set([...seen, ...endpoints]);
}

// Docker names the container side eth<N> with the lowest unused N
// (libnetwork osl generateIfaceName), so a freed eth0 is reused first.
/** The lowest `ethN` not in use. */
export function firstFreeEth(used: ReadonlySet<string>): string {
  for (let n = 0; ; n++) if (!used.has(`eth${n}`)) return `eth${n}`;
}

// Docker splits on '.', so `eth0.10` is VID 10 on eth0; a base with dots of
// its own (`bond0.1.10`) keeps them, the VID being the part after the last dot.
/** Lower link of a `NAME.VID` parent, or null when the name is not one. */
export function vlanBaseOf(parent: string): string | null {
  const dot = parent.lastIndexOf('.');
  return dot > 0 && /^\d+$/.test(parent.slice(dot + 1)) ? parent.slice(0, dot) : null;
}
