import { type Issue, issue, warning } from '../errors';
import { type Address, type Cidr, formatAddress, formatCidr } from '../ip';
import type { HostSnapshot, IpvlanMode, Subnet } from '../schemas';
import { pickDefaultIpv4Subnet } from './default-pool';
import type { CheckedEntry } from './ipam-entry';

interface EffectiveRequest {
  entries: CheckedEntry[];
  mode: IpvlanMode;
  internal: boolean;
  ipv4: boolean;
  snapshot: HostSnapshot;
}

/** First usable address: the network address itself in an IPv4 /31 (RFC 3021), the next one otherwise (.1 of a /24, ::1 of a /64). */
export function firstUsable(subnet: Cidr): Address {
  const hostsOnly = subnet.family === 4 && subnet.prefix >= 31;
  return { family: subnet.family, value: hostsOnly ? subnet.network : subnet.network + 1n };
}

// The seed's rule (Docker ≤ v28 in L2): with no --gateway the first usable address
// is the gateway. L3/L3S route "default dev ethN", so they have no gateway; a given
// one is dropped with a warning, not reserved (as Docker does in L3): list it as an
// aux address to keep it free. An internal L2 network has no default route either,
// but its gateway address (given, or the first usable) stays reserved
// (`reservedGateway`): on a real VLAN a router or SVI holds it, and Docker reserves
// it too (IPVLAN-REFERENCE, measured with dockerd 20.10). An L2 network on a dummy
// parent (no parent given) keeps the seed's routed gateway: Docker sets it, and
// nothing on the host answers for it, so the dummy still isolates; keeping it means
// adding a parent later is not a different network.
/** The network's subnets with defaults applied, plus the warnings for dropped gateways and POOLS_EXHAUSTED. */
export function effectiveSubnets(request: EffectiveRequest): {
  subnets: Subnet[];
  issues: Issue[];
} {
  const issues: Issue[] = [];
  const l2 = request.mode === 'l2';
  const gatewayOf = (cidr: Cidr, given?: Address | null): Gateway =>
    l2 ? { address: given ?? firstUsable(cidr), routed: !request.internal } : null;
  const subnets: Subnet[] = [];
  for (const entry of request.entries) {
    if (!entry.subnet) continue;
    if (entry.gateway && !l2) issues.push(droppedGateway(entry.index, entry.gateway, request));
    subnets.push(subnetOf(entry.subnet, gatewayOf(entry.subnet, entry.gateway), entry));
  }
  const needsPool =
    request.ipv4 &&
    !request.entries.some((e) => e.subnet?.family === 4) &&
    request.entries.every((e) => e.subnet);
  if (needsPool) {
    const picked = pickDefaultIpv4Subnet(request.snapshot);
    if (picked)
      subnets.unshift({
        ...subnetOf(picked, gatewayOf(picked)),
        fromDefaultPool: true,
      });
    else
      issues.push(
        issue(
          'POOLS_EXHAUSTED',
          ['ipam'],
          'no IPv4 subnet was given and every default pool (172.17–31.0.0/16, 192.168.0.0/16 in /20s) overlaps a subnet on this host.',
          'Give an IPv4 subnet (--subnet), or set ipv4: false (--ipv4=false) for an IPv6-only network.',
        ),
      );
  }
  return { subnets, issues };
}

/** An L2 subnet's gateway: routed (the containers' default route) or only reserved (internal). */
type Gateway = { address: Address; routed: boolean } | null;

function subnetOf(cidr: Cidr, gateway: Gateway, entry?: CheckedEntry): Subnet {
  const auxAddresses = Object.fromEntries(
    Object.entries(entry?.auxAddresses ?? {}).map(([name, a]) => [name, formatAddress(a)]),
  );
  return {
    family: cidr.family,
    subnet: formatCidr(cidr),
    ...(gateway
      ? { [gateway.routed ? 'gateway' : 'reservedGateway']: formatAddress(gateway.address) }
      : {}),
    ...(entry?.ipRange ? { ipRange: formatCidr(entry.ipRange) } : {}),
    auxAddresses,
    fromDefaultPool: false,
  };
}

function droppedGateway(index: number, gateway: Address, request: EffectiveRequest): Issue {
  const text = formatAddress(gateway);
  return warning(
    'GATEWAY_IGNORED_L3',
    ['ipam', index, 'gateway'],
    `gateway ${text} is ignored: ipvlan ${request.mode} containers route "default dev ethN", with no next hop.`,
    [
      `Leave --gateway out in ${request.mode} mode.`,
      `To keep containers off that address, list it as an aux address (--aux-address router=${text}).`,
    ].join(' '),
  );
}
