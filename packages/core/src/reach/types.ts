import type { Family } from '../ip/address';
import type { HostView } from '../topology/types';

// Stable codes: the dashboard keys its legend and tests on them, so a code is
// never renamed; a new situation gets a new code.
/** Every rule predictReachability can answer with. */
export const RULE_CODES = [
  'SAME_CONTAINER',
  'SAME_SEGMENT_SAME_SUBNET',
  'L3_SAME_PARENT',
  'DIFFERENT_VLAN',
  'L2_NEEDS_ROUTER',
  'L3_NO_ROUTE_DISTRIBUTION',
  'L3_ROUTES_DISTRIBUTED',
  'PRIVATE_FLAG',
  'VEPA_NEEDS_HAIRPIN',
  'SAME_HOST_NEEDS_HAIRPIN',
  'DUMMY_ISOLATED',
  'NO_ROUTE',
  'NO_ADDRESS_OF_FAMILY',
  'UNKNOWN',
] as const;
export type RuleCode = (typeof RULE_CODES)[number];

/** One endpoint of the fleet: the host that reports it and its id there. */
export interface EndpointRef {
  hostId: string;
  endpointId: string;
}

/** What the driver's rules say about `from` pinging `to`, and which rule decided it. */
export interface Prediction {
  reachable: boolean;
  rule: RuleCode;
  explanation: string;
}

/** What the rules cannot see in the snapshots: how the physical switch behaves. */
export interface ReachOptions {
  /** The switch sends a frame back out of the port it came in on (reflective relay). The lab's bridge does not. */
  switchHairpin?: boolean;
}

export interface ReachQuery {
  from: EndpointRef;
  to: EndpointRef;
  fleet: readonly HostView[];
  family: Family;
}

/** One ordered pair of the connectivity matrix. */
export interface MatrixCell extends Prediction {
  from: EndpointRef;
  to: EndpointRef;
}
