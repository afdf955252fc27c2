'use client';

import { skipToken, useQuery } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import type { EndpointRef } from '@underlay/core';
import { useMemo, useState } from 'react';
import { endpointGroups, pairKey, refKey } from '~/lib/matrix-endpoints';
import { useTRPC } from '~/trpc/react';
import { EndpointPicker } from './endpoint-picker';
import { MatrixGrid, type GridCell } from './matrix-grid';

interface RunInput {
  selection: { kind: 'endpoints'; endpoints: EndpointRef[] };
  family: 4 | 6;
  count: number;
  timeoutMs: number;
}

interface Summary {
  pairs: number;
  matches: number;
  mismatches: number;
  errors: number;
}

/** Pick endpoints, ping every ordered pair through the agents, compare with the driver's rules. */
export function MatrixView() {
  const trpc = useTRPC();
  const fleet = useQuery(trpc.topology.hosts.queryOptions());
  const groups = useMemo(() => endpointGroups(fleet.data ?? []), [fleet.data]);
  const [selected, setSelected] = useState<EndpointRef[]>([]);
  const [family, setFamily] = useState<4 | 6>(4);
  const [count, setCount] = useState(1);
  const [run, setRun] = useState<RunInput | null>(null);
  const [cells, setCells] = useState<Map<string, GridCell>>(new Map());
  const [progress, setProgress] = useState({ done: 0, total: 0 });
  const [summary, setSummary] = useState<Summary | null>(null);
  const [picked, setPicked] = useState<GridCell | null>(null);

  const sub = useSubscription(
    trpc.diag.matrix.subscriptionOptions(run ?? skipToken, {
      onData: (event) => {
        if (event.type === 'progress') setProgress({ done: event.done, total: event.total });
        else if (event.type === 'cell')
          setCells((prev) => new Map(prev).set(pairKey(event.from, event.to), event));
        else if (event.type === 'done') {
          setSummary(event.summary);
          setRun(null);
        }
      },
    }),
  );

  const start = () => {
    setCells(new Map());
    setSummary(null);
    setPicked(null);
    setProgress({ done: 0, total: selected.length * (selected.length - 1) });
    setRun({
      selection: { kind: 'endpoints', endpoints: selected },
      family,
      count,
      timeoutMs: 1000,
    });
    // A failed run keeps its input; the same input again needs a restart, not a new key.
    if (sub.status === 'error') sub.reset();
  };
  const running = run !== null && sub.status !== 'error';
  const keys = new Set(selected.map(refKey));
  const chosen = groups.flatMap((g) => g.endpoints).filter((e) => keys.has(refKey(e.ref)));
  const percent = progress.total ? Math.round((progress.done / progress.total) * 100) : 0;

  return (
    <section className="space-y-4">
      <h1 className="text-lg font-semibold">Connectivity matrix</h1>
      {fleet.isLoading && <p className="text-sm text-slate-500">Reading the fleet…</p>}
      <EndpointPicker groups={groups} selected={selected} onChange={setSelected} />
      <div className="flex items-center gap-3 text-sm">
        <label className="flex items-center gap-1">
          Family
          <select
            data-testid="matrix-family"
            className="rounded border border-slate-300 px-1 py-1"
            value={family}
            onChange={(e) => setFamily(e.target.value === '6' ? 6 : 4)}
          >
            <option value="4">IPv4</option>
            <option value="6">IPv6</option>
          </select>
        </label>
        <label className="flex items-center gap-1">
          Pings per pair
          <select
            data-testid="matrix-count"
            className="rounded border border-slate-300 px-1 py-1"
            value={count}
            onChange={(e) => setCount(Number(e.target.value))}
          >
            {[1, 2, 3].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          data-testid="matrix-run"
          disabled={selected.length < 2 || running}
          onClick={start}
          className="rounded bg-slate-900 px-3 py-1 text-white disabled:opacity-50"
        >
          {running ? 'Running…' : 'Run'}
        </button>
        <span className="text-slate-500">
          {selected.length > 1
            ? `${selected.length * (selected.length - 1)} ordered pairs`
            : 'pick at least two endpoints'}
        </span>
      </div>
      {sub.error && (
        <p className="text-sm text-red-700" data-testid="matrix-error" role="alert">
          {sub.error.message}
        </p>
      )}
      {(running || summary || cells.size > 0) && (
        <div className="space-y-1">
          <div
            className="h-2 w-80 overflow-hidden rounded bg-slate-200"
            data-testid="matrix-progress"
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={progress.total}
            aria-valuenow={progress.done}
            data-done={progress.done}
            data-total={progress.total}
          >
            <div className="h-full bg-slate-900 transition-all" style={{ width: `${percent}%` }} />
          </div>
          <p className="text-xs text-slate-500">
            {progress.done} / {progress.total} pairs
          </p>
        </div>
      )}
      {summary && (
        <p
          className={`text-sm font-medium ${summary.mismatches ? 'text-red-700' : 'text-emerald-700'}`}
          data-testid="matrix-summary"
          data-mismatches={summary.mismatches}
        >
          {summary.pairs} pairs, {summary.matches} match, {summary.mismatches} mismatch
          {summary.errors ? ` (${summary.errors} could not run)` : ''}
        </p>
      )}
      {chosen.length > 1 && (cells.size > 0 || running) && (
        <div className="flex flex-wrap gap-6">
          <div className="space-y-1">
            <p className="text-xs text-slate-500">
              Each cell: observed | predicted (✓ reachable, ✕ isolated, ! ping could not run). Red
              outline: mismatch. Click for the rule.
            </p>
            <MatrixGrid endpoints={chosen} cells={cells} onPick={setPicked} />
          </div>
          {picked && (
            <aside
              className="max-w-sm space-y-1 rounded border border-slate-200 p-3 text-sm"
              data-testid="matrix-detail"
            >
              <p className="font-mono text-xs" data-testid="matrix-detail-rule">
                {picked.predicted.rule}
              </p>
              <p>{picked.predicted.explanation}</p>
              <p className="text-slate-600">
                Observed:{' '}
                {picked.observed.error
                  ? `ping could not run: ${picked.observed.error}`
                  : picked.observed.reachable
                    ? `reachable${picked.observed.rttMs !== undefined ? ` (${picked.observed.rttMs} ms)` : ''}`
                    : 'no reply'}{' '}
                — {picked.verdict}
              </p>
            </aside>
          )}
        </div>
      )}
    </section>
  );
}
