import type { PingResult } from '@underlay/core';
import { predictMatrix, type EndpointRef, type HostView, type MatrixCell } from '@underlay/core';
import { runBounded, type Limits } from './bounded-runner';
import {
  mergeCell,
  observedFromError,
  observedFromPing,
  summarize,
  type MatrixSummary,
  type ResultCell,
} from './matrix-cells';

// A connectivity matrix run: predictions for every ordered pair from one
// fleet snapshot, then one ping per pair from the source endpoint's container
// to the target endpoint's address, streamed as they finish.

export type MatrixEvent =
  | { type: 'progress'; done: number; total: number }
  | ResultCell
  | { type: 'done'; summary: MatrixSummary };

/** One ping through a host's agent (host = HostView id). */
export type PingFn = (
  host: string,
  request: { container: string; target: string; family: 4 | 6; count: number; timeoutMs: number },
) => Promise<PingResult>;

export interface MatrixRun {
  fleet: readonly HostView[];
  endpoints: readonly EndpointRef[];
  family: 4 | 6;
  count: number;
  timeoutMs: number;
  ping: PingFn;
  limits: Limits;
  signal?: AbortSignal;
}

/** Overall 4 pings at once, 2 per source host. */
export const DEFAULT_LIMITS: Limits = { overall: 4, perKey: 2 };

const endpointOf = (fleet: readonly HostView[], ref: EndpointRef) =>
  fleet.find((h) => h.id === ref.hostId)?.snapshot.endpoints.find((e) => e.id === ref.endpointId);

/** Pings one pair; never throws: a failure is an observation with an error. */
async function observePair(run: MatrixRun, cell: MatrixCell): Promise<ResultCell> {
  const source = endpointOf(run.fleet, cell.from);
  const target = endpointOf(run.fleet, cell.to);
  const address = (run.family === 4 ? target?.ipv4Address : target?.ipv6Address)?.split('/')[0];
  if (!source)
    return mergeCell(cell, {
      reachable: false,
      error: `endpoint ${cell.from.endpointId} is not on ${cell.from.hostId}`,
    });
  if (!address)
    return mergeCell(cell, {
      reachable: false,
      error: `${target?.container ?? cell.to.endpointId} has no IPv${run.family} address on this network`,
    });
  try {
    const answer = await run.ping(cell.from.hostId, {
      container: source.container,
      target: address,
      family: run.family,
      count: run.count,
      timeoutMs: run.timeoutMs,
    });
    return mergeCell(cell, observedFromPing(answer));
  } catch (error) {
    return mergeCell(cell, observedFromError(error));
  }
}

/** Progress first, then each cell (with progress after it) as its ping finishes, then the summary. */
export async function* runMatrix(run: MatrixRun): AsyncGenerator<MatrixEvent> {
  const predictions = predictMatrix({
    endpoints: run.endpoints,
    fleet: run.fleet,
    family: run.family,
  });
  const total = predictions.length;
  const cells: ResultCell[] = [];
  yield { type: 'progress', done: 0, total };
  for await (const { result } of runBounded(
    predictions,
    (c) => c.from.hostId,
    (c) => observePair(run, c),
    run.limits,
    run.signal,
  )) {
    cells.push(result);
    yield result;
    yield { type: 'progress', done: cells.length, total };
  }
  yield { type: 'done', summary: summarize(cells) };
}
