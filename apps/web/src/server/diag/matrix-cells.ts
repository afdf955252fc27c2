import type { PingResult } from '@underlay/core';
import { compareObserved, type EndpointRef, type MatrixCell } from '@underlay/core';

// One matrix cell: what a ping saw next to what the driver's rules predict.

export interface Observed {
  reachable: boolean;
  rttMs?: number;
  /** The ping could not be run (agent offline, no address): nothing was observed. */
  error?: string;
}

export interface ResultCell {
  type: 'cell';
  from: EndpointRef;
  to: EndpointRef;
  observed: Observed;
  predicted: { reachable: boolean; rule: MatrixCell['rule']; explanation: string };
  verdict: 'match' | 'mismatch';
}

export interface MatrixSummary {
  pairs: number;
  matches: number;
  mismatches: number;
  /** Pairs whose ping could not run; counted among the mismatches too. */
  errors: number;
}

/** The agent's diag.ping answer as an observation; its rttMs is {min, avg, max, mdev} (or null), of which the average is kept. */
export function observedFromPing(answer: PingResult): Observed {
  const rtt = answer.rttMs ? { rttMs: answer.rttMs.avg } : {};
  return answer.ok ? { reachable: true, ...rtt } : { reachable: false };
}

/** A failed call as an observation: the message says what went wrong. */
export const observedFromError = (error: unknown): Observed => ({
  reachable: false,
  error: error instanceof Error ? error.message : String(error),
});

// A ping that could not run observed nothing, so it cannot confirm the rules.
/** The cell for one pair. */
export function mergeCell(prediction: MatrixCell, observed: Observed): ResultCell {
  const verdict = observed.error !== undefined ? 'mismatch' : compareObserved(prediction, observed);
  const { reachable, rule, explanation } = prediction;
  return {
    type: 'cell',
    from: prediction.from,
    to: prediction.to,
    observed,
    predicted: { reachable, rule, explanation },
    verdict,
  };
}

/** Counts of a finished (or partial) run. */
export function summarize(cells: readonly ResultCell[]): MatrixSummary {
  const matches = cells.filter((c) => c.verdict === 'match').length;
  return {
    pairs: cells.length,
    matches,
    mismatches: cells.length - matches,
    errors: cells.filter((c) => c.observed.error !== undefined).length,
  };
}

/** `6 pairs, 6 match, 0 mismatch`. */
export const summaryText = (s: MatrixSummary): string =>
  `${s.pairs} pairs, ${s.matches} match, ${s.mismatches} mismatch${s.errors ? ` (${s.errors} could not run)` : ''}`;

/** Key of a pair, for lookups. */
export const pairKey = (from: EndpointRef, to: EndpointRef): string =>
  `${from.hostId}/${from.endpointId}>${to.hostId}/${to.endpointId}`;
