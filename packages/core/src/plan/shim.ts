import { cidrContains, parseCidr } from '../ip/cidr';
import type { Network } from '../schemas/network';
import type { LinkSpec, PlanStep } from '../schemas/ops';
import type { HostShim } from '../schemas/shim';
import type { HostSnapshot } from '../schemas/snapshot';
import { hasLink } from './parent-steps';
import { addressesOf, type EndpointAddresses } from './routes';
import { step, type Plan } from './types';

// The host shim: the hand-made fix people pass around for "the host cannot
// reach its own ipvlan containers" (moby/moby#21735), made and kept by the
// agent. One ipvlan link per parent in the host namespace, in the parent's
// mode and flag (the mode belongs to the parent anyway); each network that
// asks for it puts one address from its own subnet on it, with the subnet's
// prefix, so the kernel's connected route to the subnet goes through the
// shim and its source is that address (which the containers reach on-link
// in L2, through the parent's L3 lookup in L3/L3S). A subnet with no shim
// address (a second subnet of a family) gets a plain route through the shim.

// FNV-1a: a stable short name from the parent's, pure (core has no crypto).
/** The shim link's name for a parent: `ulh` + 7 hex digits (11 bytes, like the agent's temporary names). */
export function shimNameOf(parent: string): string {
  let hash = 0x811c9dc5;
  for (const ch of parent) {
    hash ^= ch.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `ulh${hash.toString(16).padStart(8, '0').slice(0, 7)}`;
}

/** The shim link's spec for a network's parent. */
export const shimSpecOf = (network: Network): LinkSpec => ({
  kind: 'ipvlan',
  name: shimNameOf(network.parent),
  link: network.parent,
  mode: network.mode,
  flag: network.flag,
});

/** The record of a network's share of its parent's shim. */
export function shimOf(network: Network, addresses: EndpointAddresses, created: string): HostShim {
  return {
    networkId: network.id,
    parent: network.parent,
    ifname: shimNameOf(network.parent),
    ...(addresses.ipv4Address ? { ipv4Address: addresses.ipv4Address } : {}),
    ...(addresses.ipv6Address ? { ipv6Address: addresses.ipv6Address } : {}),
    created,
  };
}

/** Steps that make the shim link and bring it up (down before delete on the way back). */
export function shimLinkSteps(network: Network, reason: string): PlanStep[] {
  const spec = shimSpecOf(network);
  return [
    step(
      { op: 'linkAdd', spec },
      { op: 'linkDel', name: spec.name },
      `create host shim ${spec.name}: an ipvlan ${network.mode} ${network.flag} link on ${network.parent} in the host namespace, ${reason}`,
    ),
    step(
      { op: 'linkSetUp', name: spec.name },
      { op: 'linkSetDown', name: spec.name },
      `bring ${spec.name} up`,
    ),
  ];
}

/** Subnets of the network that none of the shim's addresses lies in. */
function uncovered(network: Network, shim: HostShim): Network['subnets'] {
  const held = addressesOf(shim).flatMap(([, a]) => parseCidr(a) ?? []);
  return network.subnets.filter((s) => {
    const block = parseCidr(s.subnet);
    return !held.some((h) => block && cidrContains(block, { family: h.family, value: h.written }));
  });
}

/** Steps that put a network's addresses (and routes to its other subnets) on the shim. */
export function shimAddressSteps(network: Network, shim: HostShim): PlanStep[] {
  const dev = shim.ifname;
  const addrs = addressesOf(shim).map(([family, address]) =>
    step(
      { op: 'addrAdd', dev, address, ...(family === 6 ? { nodad: true } : {}) },
      { op: 'addrDel', dev, address },
      `assign ${address} from ${network.name} to ${dev}: the host reaches the subnet through it`,
    ),
  );
  const routes = uncovered(network, shim).map((s) =>
    step(
      { op: 'routeReplace', family: s.family, dst: s.subnet, dev },
      { op: 'routeDel', family: s.family, dst: s.subnet, dev },
      `route ${s.subnet} of ${network.name} through ${dev}`,
    ),
  );
  return [...addrs, ...routes];
}

/** Kernel steps that give `network` its share of the host shim: the link when its parent has none yet, then its address. */
export function planShimAdd({
  network,
  snapshot,
  shim,
}: {
  network: Network;
  snapshot: HostSnapshot;
  shim: HostShim;
}): Plan {
  const link = hasLink(snapshot, shim.ifname)
    ? []
    : shimLinkSteps(network, `so this host reaches the containers of ${network.name}`);
  return { steps: [...link, ...shimAddressSteps(network, shim)], warnings: [] };
}

/** Kernel steps that take `network`'s share off the shim, and the link itself when no other network uses it. */
export function planShimRemove({
  network,
  snapshot,
}: {
  network: Network;
  snapshot: HostSnapshot;
}): Plan {
  const shims = snapshot.shims ?? [];
  const shim = shims.find((s) => s.networkId === network.id);
  const link = shim && snapshot.links.find((l) => l.name === shim.ifname);
  if (!shim || !link) return { steps: [], warnings: [] };
  const present = new Set(
    snapshot.addresses.filter((a) => a.dev === shim.ifname).map((a) => a.address),
  );
  // Undo in reverse of the add, skipping what is already gone (drift): routes, then addresses.
  const undo = shimAddressSteps(network, shim)
    .filter((s) => s.op.op !== 'addrAdd' || present.has(s.op.address))
    .reverse()
    .map((s) => step(s.inverse!, s.op, `take back: ${s.why}`));
  const last = !shims.some((s) => s.ifname === shim.ifname && s.networkId !== network.id);
  if (!last) return { steps: undo, warnings: [] };
  return { steps: [...undo, ...shimDeleteSteps(network, shim.ifname, link.up)], warnings: [] };
}

// The last network off a shim: down (if up), then delete; undone by adding it back.
function shimDeleteSteps(network: Network, ifname: string, up: boolean): PlanStep[] {
  const down = up
    ? [
        step(
          { op: 'linkSetDown', name: ifname },
          { op: 'linkSetUp', name: ifname },
          `take host shim ${ifname} down before deleting it`,
        ),
      ]
    : [];
  return [
    ...down,
    step(
      { op: 'linkDel', name: ifname },
      { op: 'linkAdd', spec: shimSpecOf(network) },
      `delete host shim ${ifname}: ${network.name} was the last network using it`,
    ),
  ];
}
