import { DomainError, issue } from '../errors';
import type { Issue } from '../errors';
import type { HostSnapshot } from '../schemas/snapshot';

// Linux accepts an interface name of 1–15 bytes (IFNAMSIZ 16 with the NUL)
// without '/', ':' or whitespace, and not '.' or '..' (dev_valid_name()).
/** True when the kernel would accept `name` as an interface name. */
export function isLegalIfname(name: string): boolean {
  const bytes = new TextEncoder().encode(name).length;
  return bytes >= 1 && bytes <= 15 && name !== '.' && name !== '..' && !/[/:\s]/.test(name);
}

/** Refuses an illegal interface name, naming the field. */
export function assertIfname(name: string, path: Issue['path']): void {
  if (isLegalIfname(name)) return;
  throw new DomainError(
    issue('INVALID_IFNAME', path, `"${name}" is not a valid Linux interface name`, 'Use 1–15 bytes without "/", ":" or whitespace, and not "." or "..".'),
  );
}

/** Names in use inside a container's namespace: the links seen there plus underlay's endpoints. */
export function containerIfnames(snapshot: HostSnapshot, container: string): Set<string> {
  const seen = snapshot.containerLinks.find((c) => c.container === container)?.links ?? [];
  const endpoints = snapshot.endpoints.filter((e) => e.container === container).map((e) => e.ifname);
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
