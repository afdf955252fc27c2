import type { Family } from '../ip/address';
import type { HostView } from '../topology/types';
import { containerSides } from './egress';
import { predictPair, type PairContext } from './pair';
import { resolveSide } from './side';
import type { EndpointRef, MatrixCell, Prediction, ReachOptions, ReachQuery } from './types';

const hostIndex = (fleet: readonly HostView[]): Map<string, HostView> =>
  new Map(fleet.map((h) => [h.id, h]));

/** What the driver's rules predict for a ping from one endpoint's container to another endpoint's address. */
export function predictReachability(query: ReachQuery, opts: ReachOptions = {}): Prediction {
  const hosts = hostIndex(query.fleet);
  const ctx: PairContext = {
    family: query.family,
    opts,
    siblingsOf: containerSides(hosts, query.family),
  };
  return predictPair(
    resolveSide(query.from, hosts, query.family),
    resolveSide(query.to, hosts, query.family),
    ctx,
  );
}

/** Predictions for every ordered pair of distinct endpoints, row by row (each endpoint resolved once). */
export function predictMatrix(
  input: { endpoints: readonly EndpointRef[]; fleet: readonly HostView[]; family: Family },
  opts: ReachOptions = {},
): MatrixCell[] {
  const hosts = hostIndex(input.fleet);
  const ctx: PairContext = {
    family: input.family,
    opts,
    siblingsOf: containerSides(hosts, input.family),
  };
  const sides = input.endpoints.map((ref) => ({
    ref,
    side: resolveSide(ref, hosts, input.family),
  }));
  const cells: MatrixCell[] = [];
  for (const from of sides) {
    for (const to of sides) {
      if (to !== from)
        cells.push({ from: from.ref, to: to.ref, ...predictPair(from.side, to.side, ctx) });
    }
  }
  return cells;
}

// UNKNOWN predicts reachable false, so an observed success there reads as a
// mismatch: the dashboard should show the rule next to it.
/** Whether a ping's outcome agrees with the prediction. */
export const compareObserved = (
  predicted: Pick<Prediction, 'reachable'>,
  observed: { reachable: boolean },
): 'match' | 'mismatch' => (predicted.reachable === observed.reachable ? 'match' : 'mismatch');
