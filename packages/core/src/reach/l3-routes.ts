import { cidrContains, parseCidr } from '../ip/cidr';
import type { InstalledRoute } from '../schemas/routes';
import { nameOf, type Side } from './side';
import type { Prediction } from './types';
import { verdict } from './verdict';

// L3/L3S containers on two hosts: each host namespace routes its containers'
// traffic, so the echo needs a route on the sender's host to the target's
// subnet through the target's host, and the reply the way back. Those are the
// distributed routes each agent reports (installedRoutes); one its drift
// check found gone from the kernel does not count.

/** The distributed route on `holder`'s host that leads to `target`'s address through `target`'s host. */
export function distributedRouteTo(holder: Side, target: Side): InstalledRoute | undefined {
  if (!target.address) return undefined;
  const address = { family: target.address.family, value: target.address.written };
  const gone = new Set(
    (holder.host.drift ?? []).filter((d) => d.kind === 'route-missing').map((d) => d.address),
  );
  return (holder.host.snapshot.installedRoutes ?? []).find((r) => {
    const dst = parseCidr(r.dst);
    return (
      r.origin.host === target.host.name &&
      dst !== null &&
      cidrContains(dst, address) &&
      !gone.has(r.dst)
    );
  });
}

const hop = (s: Side, r: InstalledRoute): string =>
  `${s.host.name} routes ${r.dst} via ${r.via} (${r.origin.network} on ${r.origin.host})`;

const lack = (s: Side, t: Side): string =>
  `${s.host.name} has no distributed route to ${nameOf(t)}'s subnet (share both networks with --label underlay.routes=share, or the route was removed or is gone from the kernel)`;

/** The prediction for two L3/L3S endpoints on different hosts, from the routes their hosts hold. */
export function predictL3Across(a: Side, b: Side): Prediction {
  const out = distributedRouteTo(a, b);
  const back = distributedRouteTo(b, a);
  if (out && back)
    return verdict(
      true,
      'L3_ROUTES_DISTRIBUTED',
      `${hop(a, out)} and ${hop(b, back)}: the echo and its reply both have a route.`,
    );
  const missing = [out ? null : lack(a, b), back ? null : lack(b, a)].filter(Boolean);
  return verdict(
    false,
    'L3_NO_ROUTE_DISTRIBUTION',
    `${nameOf(a)} and ${nameOf(b)} are routed by their own hosts: ${missing.join('; ')}.`,
  );
}
