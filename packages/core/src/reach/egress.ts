import type { Family } from '../ip/address';
import type { HostView } from '../topology/types';
import { onLink, resolveSide, type Side } from './side';

// The agent pings from the container's namespace without choosing an
// interface (no `ping -I`), so the kernel's route lookup picks the link: the
// longest connected prefix holding the target, else the default route. A
// container on two networks may therefore ping through another endpoint than
// the one the matrix row names.
/** The endpoint of `from`'s container that a packet to `target` leaves through (`from` itself on a tie or when nothing routes). */
export function egressOf(from: Side, target: Side, siblings: readonly Side[]): Side {
  if (!target.address || siblings.length < 2) return from;
  const holds = (s: Side): boolean => onLink(s, target);
  const longest = Math.max(-1, ...siblings.filter(holds).map((s) => s.address?.prefix ?? -1));
  if (longest >= 0)
    return holds(from) && from.address?.prefix === longest
      ? from
      : (siblings.find((s) => holds(s) && s.address?.prefix === longest) ?? from);
  return from.defaultRoute ? from : (siblings.find((s) => s.defaultRoute) ?? from);
}

/** Looks up the endpoints sharing a side's namespace, once per side (a matrix asks for the same side's often). */
export function containerSides(
  hosts: ReadonlyMap<string, HostView>,
  family: Family,
): (side: Side) => Side[] {
  const memo = new WeakMap<Side, Side[]>();
  return (side) => {
    const known = memo.get(side);
    if (known) return known;
    const sides = side.host.snapshot.endpoints
      .filter((e) => e.netns === side.endpoint.netns)
      .flatMap((e) =>
        ((r) => (r.ok ? [r.side] : []))(
          resolveSide({ hostId: side.host.id, endpointId: e.id }, hosts, family),
        ),
      );
    memo.set(side, sides);
    return sides;
  };
}
