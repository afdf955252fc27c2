'use client';

import { useQuery } from '@tanstack/react-query';
import type { EndpointRef } from '@underlay/core';
import { useMemo, useState } from 'react';
import { endpointGroups, refKey, type EndpointGroup } from '~/lib/matrix-endpoints';
import { useTRPC } from '~/trpc/react';
import { EndpointPicker } from './endpoint-picker';
import { MatrixGrid, type GridCell } from './matrix-grid';
import { CellDetail, RunProgress, RunSummary } from './run-status';
import { useMatrixRun, type RunSettings } from './use-matrix-run';

type Run = ReturnType<typeof useMatrixRun>;

/** Pick endpoints, ping every ordered pair through the agents, compare with the driver's rules. */
export function MatrixView() {
  const trpc = useTRPC();
  const fleet = useQuery(trpc.topology.hosts.queryOptions());
  const groups = useMemo(() => endpointGroups(fleet.data ?? []), [fleet.data]);
  const [selected, setSelected] = useState<EndpointRef[]>([]);
  const [picked, setPicked] = useState<GridCell | null>(null);
  const run = useMatrixRun();
  const start = (settings: RunSettings) => {
    setPicked(null);
    run.start(settings);
  };
  return (
    <section className="space-y-4">
      <h1 className="text-lg font-semibold">Connectivity matrix</h1>
      {fleet.isLoading && <p className="text-sm text-slate-500">Reading the fleet…</p>}
      <EndpointPicker groups={groups} selected={selected} onChange={setSelected} />
      <RunControls selected={selected} running={run.running} onStart={start} />
      {run.error && (
        <p className="text-sm text-red-700" data-testid="matrix-error" role="alert">
          {run.error.message}
        </p>
      )}
      {(run.running || run.summary || run.cells.size > 0) && (
        <RunProgress progress={run.progress} />
      )}
      {run.summary && <RunSummary summary={run.summary} />}
      <Results groups={groups} selected={selected} run={run} picked={picked} onPick={setPicked} />
    </section>
  );
}

/** Family, pings per pair, Run, and how many ordered pairs that is. */
function RunControls(props: {
  selected: EndpointRef[];
  running: boolean;
  onStart: (settings: RunSettings) => void;
}) {
  const [family, setFamily] = useState<4 | 6>(4);
  const [count, setCount] = useState(1);
  const n = props.selected.length;
  return (
    <div className="flex items-center gap-3 text-sm">
      <SettingSelect
        label="Family"
        testId="matrix-family"
        value={String(family)}
        onChange={(v) => setFamily(v === '6' ? 6 : 4)}
        options={FAMILIES}
      />
      <SettingSelect
        label="Pings per pair"
        testId="matrix-count"
        value={String(count)}
        onChange={(v) => setCount(Number(v))}
        options={COUNTS}
      />
      <button
        type="button"
        data-testid="matrix-run"
        disabled={n < 2 || props.running}
        onClick={() => props.onStart({ selected: props.selected, family, count })}
        className="rounded bg-slate-900 px-3 py-1 text-white disabled:opacity-50"
      >
        {props.running ? 'Running…' : 'Run'}
      </button>
      <span className="text-slate-500">
        {n > 1 ? `${n * (n - 1)} ordered pairs` : 'pick at least two endpoints'}
      </span>
    </div>
  );
}

const FAMILIES = [
  ['4', 'IPv4'],
  ['6', 'IPv6'],
] as const;
const COUNTS = [1, 2, 3].map((n) => [String(n), String(n)] as const);

/** A small labelled select of the run's settings; `options` are [value, text]. */
function SettingSelect(props: {
  label: string;
  testId: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly (readonly [string, string])[];
}) {
  return (
    <label className="flex items-center gap-1">
      {props.label}
      <select
        data-testid={props.testId}
        className="rounded border border-slate-300 px-1 py-1"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {props.options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The grid of the chosen endpoints, its legend, and the picked cell's detail beside it. */
function Results(props: {
  groups: EndpointGroup[];
  selected: EndpointRef[];
  run: Run;
  picked: GridCell | null;
  onPick: (cell: GridCell) => void;
}) {
  const { run, picked } = props;
  const keys = new Set(props.selected.map(refKey));
  const chosen = props.groups.flatMap((g) => g.endpoints).filter((e) => keys.has(refKey(e.ref)));
  if (chosen.length <= 1 || (run.cells.size === 0 && !run.running)) return null;
  return (
    <div className="flex flex-wrap gap-6">
      <div className="space-y-1">
        <p className="text-xs text-slate-500">
          Each cell: observed | predicted (✓ reachable, ✕ isolated, ! ping could not run). Red
          outline: mismatch. Click for the rule.
        </p>
        <MatrixGrid endpoints={chosen} cells={run.cells} onPick={props.onPick} />
      </div>
      {picked && <CellDetail cell={picked} />}
    </div>
  );
}
