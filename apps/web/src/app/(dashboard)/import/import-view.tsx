'use client';

import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { errorText } from '~/lib/client-errors';
import { useTRPC } from '~/trpc/react';
import { ApplyPanel } from './apply-panel';
import { ExportButton } from './export-button';
import { FileInput, type FleetSource } from './file-input';
import { FleetPlanView } from './fleet-plan-view';
import { SourceIssues } from './source-issues';

const EMPTY: FleetSource = { file: 'fleet.yaml', text: '' };

/** The file and prune flag as they stood 350 ms ago, and the plan for them. */
function useDebouncedPlan(source: FleetSource, prune: boolean) {
  const trpc = useTRPC();
  const [debounced, setDebounced] = useState({ ...source, prune });
  useEffect(() => {
    const timer = setTimeout(() => setDebounced({ ...source, prune }), 350);
    return () => clearTimeout(timer);
  }, [source, prune]);
  const input = { file: debounced.file, text: debounced.text, prune: debounced.prune };
  const plan = useQuery({
    ...trpc.import.plan.queryOptions(input),
    enabled: debounced.text.trim() !== '',
  });
  const refetch = plan.refetch;
  const onApplied = useCallback(() => void refetch(), [refetch]);
  const current = debounced.text === source.text && debounced.prune === prune;
  return { debounced, plan, onApplied, current };
}

type Planned = ReturnType<typeof useDebouncedPlan>;

/** The fleet as a file: paste or upload, see the issues in place or the plan per host, apply, export. */
export function ImportView() {
  const [source, setSource] = useState<FleetSource>(EMPTY);
  const [prune, setPrune] = useState(false);
  const planned = useDebouncedPlan(source, prune);
  const { plan, debounced } = planned;
  return (
    <section className="grid gap-6 lg:grid-cols-2">
      <div className="space-y-3 rounded border border-slate-200 bg-white p-4 text-sm">
        <div className="flex items-center gap-3">
          <h1 className="text-lg font-semibold">Import a fleet file</h1>
          <ExportButton />
        </div>
        <p className="text-xs text-slate-500">
          YAML or CSV, as <code>underlay plan|apply -f</code> reads it. Hosts are the fleet&apos;s
          registered hosts, selected by name, <code>@list</code> or the labels of the file&apos;s{' '}
          <code>hosts:</code> section.
        </p>
        <FileInput source={source} onChange={setSource} />
        <label className="inline-flex items-center gap-1">
          <input
            type="checkbox"
            checked={prune}
            onChange={(e) => setPrune(e.target.checked)}
            data-testid="import-prune"
          />
          Prune: also remove networks that are not in the file
        </label>
        {plan.data && <SourceIssues text={debounced.text} issues={plan.data.issues} />}
      </div>
      <PlanColumn planned={planned} />
    </section>
  );
}

/** The plan for the file as last typed, and Apply once it matches what is typed now. */
function PlanColumn({ planned }: { planned: Planned }) {
  const { plan, debounced } = planned;
  return (
    <div className="space-y-3">
      <h2 className="font-medium">
        Plan {plan.isFetching && <span className="text-xs text-slate-500">(updating…)</span>}
      </h2>
      {plan.error && (
        <p className="text-sm text-red-700" data-testid="import-error">
          {errorText(plan.error)}
        </p>
      )}
      {!debounced.text.trim() && (
        <p className="text-sm text-slate-500">Paste or upload a fleet file to see its plan.</p>
      )}
      {plan.data && <FleetPlanView plan={plan.data} />}
      {plan.data && planned.current && (
        <ApplyPanel source={debounced} plan={plan.data} onApplied={planned.onApplied} />
      )}
    </div>
  );
}
