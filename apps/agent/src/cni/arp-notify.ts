import type { ServiceDeps } from '../service/deps';

// The reference ipvlan plugin turns on gratuitous ARP on the container's
// link (net.ipv4.conf.IF.arp_notify=1), so neighbours that cached another
// MAC for a reused address (an address that moved to another host of the
// fleet) learn the new one when the link comes up. A sysctl belongs to the
// namespace of the process that writes it, so it is set by a program run
// inside the container's namespace (the agent's execIn, `ip netns exec`),
// never from the agent's own. Best effort, as in the reference: a failure
// is logged and the ADD stands.

const TIMEOUT_MS = 30_000;

/** Sets arp_notify on `ifname` inside `netns`. */
export async function setArpNotify(
  deps: ServiceDeps,
  netns: string,
  ifname: string,
): Promise<void> {
  // The slash form keeps a dot in the interface name (eth0.10) from reading as a key separator.
  const key = `net/ipv4/conf/${ifname}/arp_notify=1`;
  try {
    const r = await deps.kernel.execIn(netns, ['sysctl', '-q', '-w', key], TIMEOUT_MS);
    if (r.exitCode !== 0)
      deps.log.warn({ netns, ifname, stderr: r.stderr.trim() }, 'could not set arp_notify');
  } catch (err) {
    deps.log.warn({ netns, ifname, err: (err as Error).message }, 'could not set arp_notify');
  }
}
