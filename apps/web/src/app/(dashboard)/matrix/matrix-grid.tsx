'use client';

import type { EndpointRef } from '@underlay/core';
import { pairKey, refKey, type PickableEndpoint } from '~/lib/matrix-endpoints';

/** A finished cell as the server streams it. */
export interface GridCell {
  from: EndpointRef;
  to: EndpointRef;
  observed: { reachable: boolean; rttMs?: number; error?: string };
  predicted: { reachable: boolean; rule: string; explanation: string };
  verdict: 'match' | 'mismatch';
}

const observedState = (c: GridCell) =>
  c.observed.error !== undefined ? 'error' : c.observed.reachable ? 'reachable' : 'isolated';
const predictedState = (c: GridCell) => (c.predicted.reachable ? 'reachable' : 'isolated');
const MARK = { reachable: '✓', isolated: '✕', error: '!' } as const;

/** Rows are sources, columns targets; each cell shows observed | predicted, mismatches outlined in red. */
export function MatrixGrid({
  endpoints,
  cells,
  onPick,
}: {
  endpoints: PickableEndpoint[];
  cells: ReadonlyMap<string, GridCell>;
  onPick: (cell: GridCell) => void;
}) {
  return (
    <table className="border-collapse text-xs" data-testid="matrix">
      <GridHead endpoints={endpoints} />
      <tbody>
        {endpoints.map((from) => (
          <tr key={refKey(from.ref)}>
            <th className="p-1 text-left font-medium" title={from.address}>
              {from.container} <span className="font-normal text-slate-500">{from.ref.hostId}</span>
            </th>
            {endpoints.map((to) => (
              <MatrixCell
                key={refKey(to.ref)}
                from={from}
                to={to}
                cell={cells.get(pairKey(from.ref, to.ref))}
                onPick={onPick}
              />
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The target endpoints across the top. */
function GridHead({ endpoints }: { endpoints: PickableEndpoint[] }) {
  return (
    <thead>
      <tr>
        <th className="p-1 text-left text-slate-500">from ↓ to →</th>
        {endpoints.map((e) => (
          <th key={refKey(e.ref)} className="p-1 font-medium" title={e.address}>
            {e.container}
            <div className="font-normal text-slate-500">{e.ref.hostId}</div>
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** One pair's cell: a dash on the diagonal, "…" while pending, else observed | predicted. */
function MatrixCell(props: {
  from: PickableEndpoint;
  to: PickableEndpoint;
  cell: GridCell | undefined;
  onPick: (cell: GridCell) => void;
}) {
  const { from, to, cell } = props;
  if (to === from) return <td className="bg-slate-100 p-1 text-center text-slate-400">—</td>;
  const testId = `matrix-cell-${from.ref.endpointId}-${to.ref.endpointId}`;
  if (!cell)
    return (
      <td
        className="border border-slate-200 p-1 text-center text-slate-400"
        data-testid={testId}
        data-observed="pending"
      >
        …
      </td>
    );
  return <FinishedCell cell={cell} testId={testId} onPick={props.onPick} />;
}

/** A finished pair: marks, round trip, the rule as the title; a click shows its detail. */
function FinishedCell({
  cell,
  testId,
  onPick,
}: {
  cell: GridCell;
  testId: string;
  onPick: (cell: GridCell) => void;
}) {
  const observed = observedState(cell);
  const predicted = predictedState(cell);
  const mismatch = cell.verdict === 'mismatch';
  return (
    <td
      data-testid={testId}
      data-observed={observed}
      data-predicted={predicted}
      data-verdict={cell.verdict}
      data-rule={cell.predicted.rule}
      title={`${cell.predicted.rule}: ${cell.predicted.explanation}${cell.observed.error ? `\nping: ${cell.observed.error}` : ''}`}
      onClick={() => onPick(cell)}
      className={`cursor-pointer border p-1 text-center ${mismatch ? 'border-2 border-red-600 bg-red-50' : 'border-slate-200'} ${observed === 'reachable' ? 'text-emerald-700' : observed === 'error' ? 'text-amber-700' : 'text-slate-700'}`}
    >
      <span data-testid="matrix-cell-observed">{MARK[observed]}</span>
      <span className="text-slate-400"> | </span>
      <span data-testid="matrix-cell-predicted" className="text-slate-500">
        {MARK[predicted]}
      </span>
      {cell.observed.rttMs !== undefined && (
        <div className="text-[10px] text-slate-500">{cell.observed.rttMs} ms</div>
      )}
    </td>
  );
}
