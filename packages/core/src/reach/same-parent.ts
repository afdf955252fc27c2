import { nameOf, onLink, type Side } from './side';
import type { Prediction, ReachOptions } from './types';
import { needsRoute, sameSubnet, unknown, verdict } from './verdict';

// The flag acts where the kernel short-cuts sibling traffic: private drops
// it, vepa sends it out of the parent instead (kernel "ipvlan: implement VEPA
// mode"), in L2 and L3 alike. Bridge lets it through.
function siblingFlag(a: Side, b: Side, opts: ReachOptions): Prediction | undefined {
  const { flag, mode, parent } = a.network;
  const pair = `${nameOf(a)} and ${nameOf(b)}`;
  if (flag === 'private')
    return verdict(
      false,
      'PRIVATE_FLAG',
      `${pair} share parent ${parent} with flag private: the kernel drops traffic between its children.`,
    );
  if (flag !== 'vepa') return undefined;
  if (mode !== 'l2') {
    return verdict(
      false,
      'VEPA_NEEDS_HAIRPIN',
      `${pair} share ${mode} parent ${parent} with flag vepa: sibling traffic is handed to ${a.host.name}'s routing, which has no route back to the network's subnets.`,
    );
  }
  // A dummy has no switch behind it: what it sends is dropped.
  const hairpin = Boolean(opts.switchHairpin) && a.at.kind !== 'dummy';
  const how = hairpin
    ? 'the switch hairpins it back'
    : a.at.kind === 'dummy'
      ? 'a dummy parent has no switch to send it back'
      : 'the switch does not hairpin (switchHairpin is off)';
  return verdict(
    hairpin,
    'VEPA_NEEDS_HAIRPIN',
    `${pair} share parent ${parent} with flag vepa: traffic between them leaves through the switch, and ${how}.`,
  );
}

/** Two endpoints on one host whose networks hang from the same parent link (so share its ipvlan port). */
export function predictSameParent(a: Side, b: Side, opts: ReachOptions): Prediction {
  if (a.network.mode !== b.network.mode || a.network.flag !== b.network.flag) {
    return unknown(
      `networks ${a.network.name} and ${b.network.name} share parent ${a.network.parent} with different modes or flags; the kernel keeps only the last one set`,
    );
  }
  if (a.network.mode === 'l2') {
    if (!sameSubnet(a, b)) return needsRoute(a, b);
    return (
      siblingFlag(a, b, opts) ??
      verdict(
        true,
        'SAME_SEGMENT_SAME_SUBNET',
        `${nameOf(a)} and ${nameOf(b)} share parent ${a.network.parent} in L2 bridge mode and one subnet.`,
      )
    );
  }
  const flagged = siblingFlag(a, b, opts);
  if (flagged) return flagged;
  // L3 siblings meet through the connected prefix or the `default dev` route; internal networks have no such route (a dummy parent does, like any other).
  if ((!onLink(a, b) && !a.defaultRoute) || (!onLink(b, a) && !b.defaultRoute))
    return needsRoute(a, b);
  return verdict(
    true,
    'L3_SAME_PARENT',
    `${nameOf(a)} and ${nameOf(b)} share ${a.network.mode} parent ${a.network.parent}: the parent routes between its children, whatever their subnets.`,
  );
}
