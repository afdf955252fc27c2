import { DomainError, issue, onHost, type Issue } from '../errors';
import { cidrContains, cidrOverlaps, parseCidr } from '../ip/cidr';
import { parseAddress } from '../ip/address';
import type { DriftItem } from '../schemas/drift';
import type { PlanStep } from '../schemas/ops';
import type { DistributedRoute, InstalledRoute } from '../schemas/routes';
import type { HostSnapshot } from '../schemas/snapshot';
import { step, type Plan } from './types';

// A host's distributed routes: the whole desired set arrives, the plan
// installs what is new, withdraws what is gone, and puts back what the kernel
// lost. A route that would clash with one the host already has (to the same
// prefix, not underlay's) or with one of its own networks' subnets refuses the
// whole set, naming both, and nothing changes.

type Installed = Omit<InstalledRoute, 'source' | 'installed'>;

const same = (a: { family: number; dst: string }, b: { family: number; dst: string }) =>
  a.family === b.family && a.dst === b.dst;
const from = (r: DistributedRoute) => `${r.origin.network} on ${r.origin.host}`;

/** The host link whose subnet holds the next hop, or null. */
function devFor(via: string, snapshot: HostSnapshot): string | null {
  const hop = parseAddress(via);
  const on = snapshot.addresses.find((a) => {
    const block = parseCidr(a.address);
    return hop && block && block.prefix < (hop.family === 4 ? 32 : 128) && cidrContains(block, hop);
  });
  return on?.dev ?? null;
}

function conflictOf(route: DistributedRoute, i: number, snapshot: HostSnapshot): Issue | null {
  const dst = parseCidr(route.dst);
  const own = snapshot.networks.flatMap((n) => n.subnets.map((s) => ({ n, s })));
  const mine = own.find(({ s }) => {
    const block = parseCidr(s.subnet);
    return dst && block && cidrOverlaps(dst, block);
  });
  if (mine)
    return issue(
      'ROUTE_CONFLICT',
      ['routes', i, 'dst'],
      `the route to ${route.dst} from ${from(route)} overlaps subnet ${mine.s.subnet} of network ${mine.n.name} ${onHost(snapshot.hostname)}.`,
      'Give the two networks subnets that do not overlap.',
    );
  const theirs = (snapshot.routes ?? []).find(
    (r) => same(r, route) && !(snapshot.installedRoutes ?? []).some((i) => same(i, r)),
  );
  if (theirs)
    return issue(
      'ROUTE_CONFLICT',
      ['routes', i, 'dst'],
      `the route to ${route.dst} from ${from(route)} conflicts with the existing route ${theirs.dst}${theirs.via ? ` via ${theirs.via}` : ''}${theirs.dev ? ` dev ${theirs.dev}` : ''}${theirs.protocol ? ` proto ${theirs.protocol}` : ''} ${onHost(snapshot.hostname)}.`,
      'Remove that route, or stop distributing the network.',
    );
  return null;
}

/** A dst that is not a canonical CIDR block of the route's family, or a via that is not an address of it. */
function shapeIssue(route: DistributedRoute, i: number): Issue | null {
  const dst = parseCidr(route.dst);
  if (!dst || dst.family !== route.family)
    return issue(
      'INVALID_INPUT',
      ['routes', i, 'dst'],
      `dst "${route.dst}" is not an IPv${route.family} CIDR block.`,
      `Give the remote subnet as IPv${route.family} CIDR, e.g. ${route.family === 4 ? '10.50.2.0/24' : 'fd00:50:2::/64'}.`,
    );
  const via = parseAddress(route.via);
  if (!via || via.family !== route.family)
    return issue(
      'INVALID_INPUT',
      ['routes', i, 'via'],
      `via "${route.via}" is not an IPv${route.family} address.`,
      "Give the remote host's underlay address, without a prefix.",
    );
  return null;
}

/** The set as it will be installed (each route with its outgoing link), or the issues that refuse it. */
function resolve(desired: readonly DistributedRoute[], snapshot: HostSnapshot): Installed[] {
  const issues: Issue[] = [];
  const out: Installed[] = [];
  for (const [i, route] of desired.entries()) {
    const shape = shapeIssue(route, i);
    if (shape) {
      issues.push(shape);
      continue;
    }
    const conflict = conflictOf(route, i, snapshot);
    const dev = devFor(route.via, snapshot);
    if (conflict) issues.push(conflict);
    else if (!dev)
      issues.push(
        issue(
          'ROUTE_VIA_UNREACHABLE',
          ['routes', i, 'via'],
          `no link ${onHost(snapshot.hostname)} is on the subnet of ${route.via}, the next hop to ${route.dst} from ${from(route)}.`,
          `Give the host an address on the trunk, in the subnet of ${route.via}.`,
        ),
      );
    else out.push({ ...route, dev });
  }
  if (issues.length) throw new DomainError(issues);
  return out;
}

const present = (r: Installed, snapshot: HostSnapshot) =>
  (snapshot.routes ?? []).some((k) => same(k, r) && k.via === r.via);

const addStep = (r: Installed, why: string): PlanStep =>
  step(
    { op: 'routeReplace', family: r.family, dst: r.dst, via: r.via, dev: r.dev },
    { op: 'routeDel', family: r.family, dst: r.dst, via: r.via, dev: r.dev },
    why,
  );

/** Kernel steps from the installed set (snapshot.installedRoutes) to `desired`, and the set to record. */
export function planRouteSet({
  desired,
  snapshot,
}: {
  desired: readonly DistributedRoute[];
  snapshot: HostSnapshot;
}): { plan: Plan; installed: Installed[] } {
  const next = resolve(desired, snapshot);
  const before = snapshot.installedRoutes ?? [];
  const kept = (r: Installed) => next.some((n) => same(n, r) && n.via === r.via && n.dev === r.dev);
  const withdraw = before
    .filter((r) => !kept(r) && present(r, snapshot))
    .map((r) =>
      step(
        { op: 'routeDel', family: r.family, dst: r.dst, via: r.via, dev: r.dev },
        { op: 'routeReplace', family: r.family, dst: r.dst, via: r.via, dev: r.dev },
        `withdraw ${r.dst} via ${r.via}: ${from(r)} no longer offers it`,
      ),
    );
  const add = next
    .filter((r) => !present(r, snapshot))
    .map((r) =>
      addStep(
        r,
        before.some((b) => same(b, r))
          ? `put back ${r.dst} via ${r.via} dev ${r.dev} (from ${from(r)})`
          : `route ${r.dst} of ${from(r)} via ${r.via} dev ${r.dev}`,
      ),
    );
  return { plan: { steps: [...withdraw, ...add], warnings: [] }, installed: next };
}

/** Installed routes the kernel no longer has. */
export function routeDrift(snapshot: HostSnapshot): DriftItem[] {
  if (!snapshot.routes) return [];
  return (snapshot.installedRoutes ?? [])
    .filter((r) => !present(r, snapshot))
    .map((r) => ({
      kind: 'route-missing' as const,
      network: r.origin.network,
      address: r.dst,
      link: r.dev,
      detail: `route ${r.dst} via ${r.via} dev ${r.dev} (from ${from(r)}) is missing`,
    }));
}

/** Steps that put missing distributed routes back. */
export function planRouteRepair(drift: readonly DriftItem[], snapshot: HostSnapshot): PlanStep[] {
  const lost = new Set(drift.filter((d) => d.kind === 'route-missing').map((d) => d.address));
  return (snapshot.installedRoutes ?? [])
    .filter((r) => lost.has(r.dst))
    .map((r) => addStep(r, `put back ${r.dst} via ${r.via} dev ${r.dev} (from ${from(r)})`));
}
