import type { DriftItem } from '../schemas/drift';
import type { Network } from '../schemas/network';
import type { PlanStep } from '../schemas/ops';
import type { HostSnapshot } from '../schemas/snapshot';
import { hasLink } from './parent-steps';
import { addressesOf } from './routes';
import { shimAddressSteps, shimLinkSteps } from './shim';

// Drift of host shims, read from the host snapshot alone (links and
// addresses of the host namespace), and its repair: a missing shim is made
// again with every share it carried; a missing address is put back.

const item = (
  kind: DriftItem['kind'],
  network: Network,
  link: string,
  detail: string,
  address?: string,
): DriftItem => ({
  kind,
  network: network.id,
  link,
  ...(address ? { address } : {}),
  detail,
});

/** Shim drift: the link gone or replaced, or a network's address gone from it. */
export function shimDrift(networks: readonly Network[], snapshot: HostSnapshot): DriftItem[] {
  return (snapshot.shims ?? []).flatMap((shim) => {
    const network = networks.find((n) => n.id === shim.networkId);
    if (!network) return [];
    const link = snapshot.links.find((l) => l.name === shim.ifname);
    if (!link || link.kind !== 'ipvlan' || (link.parent !== null && link.parent !== shim.parent))
      return [
        item(
          'shim-missing',
          network,
          shim.ifname,
          link
            ? `host shim ${shim.ifname} of ${network.name} is now a ${link.kind} link on ${link.parent ?? 'nothing'}, not ipvlan on ${shim.parent}`
            : `host shim ${shim.ifname} of ${network.name} (on ${shim.parent}) is missing`,
        ),
      ];
    return addressesOf(shim)
      .filter(
        ([, address]) =>
          !snapshot.addresses.some((a) => a.dev === shim.ifname && a.address === address),
      )
      .map(([, address]) =>
        item(
          'shim-address-missing',
          network,
          shim.ifname,
          `${address} of ${network.name} is missing from host shim ${shim.ifname}`,
          address,
        ),
      );
  });
}

/** Steps that repair shim drift: a missing shim made again (only when absent: a link of that name that is someone else's is left, and stays reported) with all its shares; missing addresses put back. */
export function planShimRepair(
  drift: readonly DriftItem[],
  networks: readonly Network[],
  snapshot: HostSnapshot,
  parentsMade: ReadonlySet<string> = new Set(),
): PlanStep[] {
  const shims = snapshot.shims ?? [];
  const byId = (id: string) => networks.find((n) => n.id === id);
  const missing = new Set(
    drift
      .filter(
        (d) =>
          d.kind === 'shim-missing' && d.link && !snapshot.links.some((l) => l.name === d.link),
      )
      .map((d) => d.link!),
  );
  const remade = [...missing].flatMap((ifname) => {
    const shares = shims.filter((s) => s.ifname === ifname);
    const first = shares.map((s) => byId(s.networkId)).find((n) => n !== undefined);
    // A shim on a parent that is still missing waits for the parent (the network is degraded meanwhile).
    if (!first || !(hasLink(snapshot, first.parent) || parentsMade.has(first.parent))) return [];
    return [
      ...shimLinkSteps(first, 'made again: it went missing'),
      ...shares.flatMap((s) => {
        const network = byId(s.networkId);
        return network ? shimAddressSteps(network, s) : [];
      }),
    ];
  });
  return [...remade, ...shimReaddSteps(drift, networks, shims)];
}

// Each shim address found missing, put back on the shim that is still there.
function shimReaddSteps(
  drift: readonly DriftItem[],
  networks: readonly Network[],
  shims: NonNullable<HostSnapshot['shims']>,
): PlanStep[] {
  return drift
    .filter((d) => d.kind === 'shim-address-missing')
    .flatMap((d) => {
      const network = networks.find((n) => n.id === d.network);
      const shim = shims.find((s) => s.networkId === d.network);
      return network && shim
        ? shimAddressSteps(network, shim).filter(
            (s) => s.op.op !== 'addrAdd' || s.op.address === d.address,
          )
        : [];
    });
}
