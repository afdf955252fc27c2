import { nameOf, onLink, type Side } from './side';
import type { Prediction, RuleCode } from './types';

/** A prediction from its three parts (keeps the rule files to one line per outcome). */
export const verdict = (reachable: boolean, rule: RuleCode, explanation: string): Prediction => ({
  reachable,
  rule,
  explanation,
});

/** Nothing can be said: the explanation says what is missing. */
export const unknown = (why: string): Prediction =>
  verdict(false, 'UNKNOWN', `Cannot predict: ${why}.`);

/** Both addresses are inside each other's prefix: the echo and its reply need no router. */
export const sameSubnet = (a: Side, b: Side): boolean => onLink(a, b) && onLink(b, a);

function whyNoDefault(s: Side): string {
  if (s.network.internal) return `${nameOf(s)} has no default route (internal networks get none)`;
  return `${nameOf(s)} has no default route of this family (no gateway, or another endpoint of its container holds it)`;
}

// Only the echo's way out or the reply's way back can be missing; say which.
/** For a pair in different prefixes: NO_ROUTE when a side has no route at all, otherwise the L2 router that the lab lacks. */
export function needsRoute(a: Side, b: Side): Prediction {
  if (!onLink(a, b) && !a.defaultRoute)
    return verdict(
      false,
      'NO_ROUTE',
      `${whyNoDefault(a)}, and ${nameOf(b)} is outside its prefix.`,
    );
  if (!onLink(b, a) && !b.defaultRoute)
    return verdict(
      false,
      'NO_ROUTE',
      `${whyNoDefault(b)}, so the reply to ${nameOf(a)} has no way back.`,
    );
  return verdict(
    false,
    'L2_NEEDS_ROUTER',
    `${nameOf(a)} and ${nameOf(b)} are in different subnets of one L2 segment: in L2 mode only an external router joins them, and none is modelled.`,
  );
}
