import { issue, type Issue } from '../errors';
import { cidrOverlaps, parseCidr } from '../ip/cidr';
import type { Family } from '../ip/address';
import type { Network } from '../schemas/network';
import type { DistributedRoute } from '../schemas/routes';
import type { HostSnapshot } from '../schemas/snapshot';
import { vlanBaseOf } from '../plan/names';

// Route distribution, pure: from every host's L3/L3S networks and underlay
// address, the routes each opted-in host needs to reach the others' subnets.
// The caller (the hub today, the fleet store later) decides which networks
// are shared and which hosts opted in, and pushes each host its set.

/** One host as distribution sees it. */
export interface L3Host {
  host: string;
  /** Networks whose subnets this host offers to the others (L2 networks are skipped: their subnets are on the wire). */
  shared: readonly Network[];
  /** Takes routes to the others' shared subnets. */
  optIn: boolean;
  /** The host's addresses, to find its underlay address on each network's parent. */
  addresses: HostSnapshot['addresses'];
  /** A fixed underlay address per family, instead of the parent's (no prefix). */
  underlay?: Partial<Record<Family, string>>;
}

/** Each host's routes, and the problems that kept some subnets out. */
export interface Distribution {
  routes: Record<string, DistributedRoute[]>;
  issues: Issue[];
}

interface Offer {
  host: string;
  network: string;
  /** The network's creation time: the older of two overlapping offers wins. */
  created: string;
  family: Family;
  dst: string;
  via: string;
}

// The host's address on the parent (or on the VLAN's lower link, where the
// trunk address usually is): that is where the others' packets must arrive.
/** The host's underlay address for a network and family, or null when it has none. */
export function underlayAddressOf(host: L3Host, network: Network, family: Family): string | null {
  const fixed = host.underlay?.[family];
  if (fixed) return fixed;
  for (const dev of [network.parent, vlanBaseOf(network.parent)]) {
    const found = host.addresses.find(
      (a) => a.dev === dev && parseCidr(a.address)?.family === family,
    );
    if (found) return found.address.split('/')[0] ?? null;
  }
  return null;
}

function offersOf(host: L3Host, issues: Issue[]): Offer[] {
  return host.shared
    .filter((n) => n.mode !== 'l2' && !n.internal)
    .flatMap((n) =>
      n.subnets.flatMap((s): Offer[] => {
        const via = underlayAddressOf(host, n, s.family);
        if (via)
          return [
            {
              host: host.host,
              network: n.name,
              created: n.created,
              family: s.family,
              dst: s.subnet,
              via,
            },
          ];
        issues.push(
          issue(
            'ROUTE_VIA_UNREACHABLE',
            ['hosts', host.host, 'underlay'],
            `${host.host} has no IPv${s.family} address on ${n.parent} to route ${s.subnet} of ${n.name} through.`,
            `Give ${host.host} an address on the trunk (on ${vlanBaseOf(n.parent) ?? n.parent}) or a fixed underlay address.`,
          ),
        );
        return [];
      }),
    );
}

// The older network keeps its routes: a new network whose subnet overlaps
// another host's shared one is refused and changes nothing (what already
// flows keeps flowing). Ties fall back to host and network names.
const byAge = (a: Offer, b: Offer): number =>
  a.created.localeCompare(b.created) ||
  a.host.localeCompare(b.host) ||
  a.network.localeCompare(b.network);

/** Offers whose subnet overlaps an older one of another host, reported naming both; those are left out. */
function overlapping(offers: Offer[], issues: Issue[]): Set<Offer> {
  const bad = new Set<Offer>();
  const kept: Offer[] = [];
  for (const b of [...offers].sort(byAge)) {
    const cb = parseCidr(b.dst);
    const a = kept.find((k) => {
      const ca = parseCidr(k.dst);
      return k.host !== b.host && ca !== null && cb !== null && cidrOverlaps(ca, cb);
    });
    if (!a) {
      kept.push(b);
      continue;
    }
    bad.add(b);
    issues.push(
      issue(
        'ROUTE_OVERLAP',
        ['hosts', b.host, 'networks', b.network],
        `${b.dst} of ${b.network} on ${b.host} overlaps ${a.dst} of ${a.network} on ${a.host}, which is older: ${b.dst} is not distributed (${a.dst} still is).`,
        'Give L3 networks on different hosts subnets that do not overlap.',
      ),
    );
  }
  return bad;
}

/** The routes every opted-in host needs to reach the other hosts' shared L3 subnets. */
export function distributeRoutes(hosts: readonly L3Host[]): Distribution {
  const issues: Issue[] = [];
  const offers = hosts.flatMap((h) => offersOf(h, issues));
  const bad = overlapping(offers, issues);
  const good = offers.filter((o) => !bad.has(o));
  const routes: Record<string, DistributedRoute[]> = {};
  for (const h of hosts.filter((x) => x.optIn))
    routes[h.host] = good
      .filter((o) => o.host !== h.host)
      .map((o) => ({
        family: o.family,
        dst: o.dst,
        via: o.via,
        origin: { host: o.host, network: o.network },
      }));
  return { routes, issues };
}

/** The label that shares an L3/L3S network's subnets with the fleet (`--label underlay.routes=share`). */
export const SHARE_LABEL = 'underlay.routes';

// Opting in, per network: a host that shares a network also takes the
// others' routes (it is in the L3 fleet). Fleet-wide: every L3/L3S network is
// shared and every host takes routes.
/** A host as distribution sees it, from its snapshot. */
export function l3HostOf(
  host: string,
  snapshot: Pick<HostSnapshot, 'networks' | 'addresses'>,
  opts: { fleetWide?: boolean; underlay?: Partial<Record<Family, string>> } = {},
): L3Host {
  const shared = snapshot.networks.filter(
    (n) => n.mode !== 'l2' && (opts.fleetWide || n.labels[SHARE_LABEL] === 'share'),
  );
  return {
    host,
    shared,
    optIn: opts.fleetWide === true || shared.length > 0,
    addresses: snapshot.addresses,
    ...(opts.underlay ? { underlay: opts.underlay } : {}),
  };
}
