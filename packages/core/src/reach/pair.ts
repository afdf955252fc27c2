import type { Family } from '../ip/address';
import { egressOf } from './egress';
import { predictL3Across } from './l3-routes';
import { predictSameParent } from './same-parent';
import { nameOf, onLink, wireOf, type Resolved, type Side } from './side';
import type { Prediction, ReachOptions } from './types';
import { needsRoute, sameSubnet, unknown, verdict } from './verdict';

const noAddress = (s: Side, family: Family): Prediction =>
  verdict(false, 'NO_ADDRESS_OF_FAMILY', `${nameOf(s)} has no IPv${family} address.`);

function l3Apart(a: Side, b: Side): Prediction {
  const bothL3 = a.network.mode !== 'l2' && b.network.mode !== 'l2';
  if (bothL3 && a.host.id !== b.host.id) return predictL3Across(a, b);
  const [l3, other] = a.network.mode !== 'l2' ? [a, b] : [b, a];
  const where =
    a.host.id === b.host.id
      ? `${l3.host.name}'s own namespace routes what does not go to a sibling on ${l3.network.parent}, and it has no route to ${nameOf(other)}`
      : `${other.host.name}'s L2 side sends what is off its subnet to a gateway, and underlay distributes routes only between L3/L3S networks`;
  return verdict(
    false,
    'L3_NO_ROUTE_DISTRIBUTION',
    `${nameOf(l3)} is ${l3.network.mode} on ${l3.network.parent}: ${where}.`,
  );
}

function differentSegments(a: Side, b: Side): Prediction {
  const shared = onLink(a, b) ? ', even though their addresses share a subnet' : '';
  return verdict(
    false,
    'DIFFERENT_VLAN',
    `${nameOf(a)} is on ${wireOf(a)} and ${nameOf(b)} on ${wireOf(b)}: different L2 segments need a router${shared}.`,
  );
}

/** What a pair is predicted in: the family, the switch, and the endpoints sharing a side's namespace. */
export interface PairContext {
  family: Family;
  opts: ReachOptions;
  siblingsOf: (side: Side) => Side[];
}

// Rules from the most to the least decisive: the first that applies wins, so
// e.g. an L3 pair on two VLANs is explained by L3 (it would fail on one VLAN too).
function predictLinks(a: Side, b: Side, family: Family, opts: ReachOptions): Prediction {
  if (!a.address) return noAddress(a, family);
  const sameHost = a.host.id === b.host.id;
  if (sameHost && a.network.parent === b.network.parent) return predictSameParent(a, b, opts);
  const dummy = [a, b].find((s) => s.at.kind === 'dummy');
  if (dummy)
    return verdict(
      false,
      'DUMMY_ISOLATED',
      `${nameOf(dummy)} hangs from ${wireOf(dummy)}, which reaches no wire: only siblings on that dummy meet.`,
    );
  if (a.network.mode !== 'l2' || b.network.mode !== 'l2') return l3Apart(a, b);
  if (a.segment !== b.segment) return differentSegments(a, b);
  if (!sameSubnet(a, b)) return needsRoute(a, b);
  if (sameHost) {
    const hairpin = Boolean(opts.switchHairpin);
    return verdict(
      hairpin,
      'SAME_HOST_NEEDS_HAIRPIN',
      `${nameOf(a)} and ${nameOf(b)} are on ${wireOf(a)} through different parents (${a.network.parent}, ${b.network.parent}) of one host: frames leave through the NIC and come back only if the switch hairpins${hairpin ? ', which it does' : ' (switchHairpin is off)'}.`,
    );
  }
  return verdict(
    true,
    'SAME_SEGMENT_SAME_SUBNET',
    `${nameOf(a)} and ${nameOf(b)} are on ${wireOf(a)} in one subnet: the trunk carries them between hosts.`,
  );
}

function predictSides(a: Side, b: Side, ctx: PairContext): Prediction {
  if (!b.address) return noAddress(b, ctx.family);
  if (a.host.id === b.host.id && a.endpoint.netns === b.endpoint.netns) {
    return verdict(
      true,
      'SAME_CONTAINER',
      `${nameOf(b)} is ${b.endpoint.ifname} of the same namespace as ${nameOf(a)}: the address is local.`,
    );
  }
  const out = egressOf(a, b, ctx.siblingsOf(a));
  const prediction = predictLinks(out, b, ctx.family, ctx.opts);
  if (out.endpoint.id === a.endpoint.id) return prediction;
  return {
    ...prediction,
    explanation: `${prediction.explanation} (${a.endpoint.container}'s routes send this through ${out.endpoint.ifname} on ${out.network.name}, not ${a.endpoint.ifname} on ${a.network.name}.)`,
  };
}

/** The prediction for two resolved ends (the matrix resolves each endpoint once and calls this per pair). */
export function predictPair(from: Resolved, to: Resolved, ctx: PairContext): Prediction {
  if (!from.ok) return unknown(from.why);
  if (!to.ok) return unknown(to.why);
  return predictSides(from.side, to.side, ctx);
}
