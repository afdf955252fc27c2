'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import type { FleetImportPlan } from '@underlay/core';
import { useEffect, useState } from 'react';
import { errorText } from '~/lib/client-errors';
import { useTRPC } from '~/trpc/react';
import { ApplyProgress } from './apply-progress';
import { ConfirmDialog } from './confirm-dialog';

/** Apply, after a confirmation that repeats the summary; then the job's progress and report, polled. */
export function ApplyPanel({
  source,
  plan,
  onApplied,
}: {
  source: { file: string; text: string; prune: boolean };
  plan: FleetImportPlan;
  onApplied: () => void;
}) {
  const trpc = useTRPC();
  const [asking, setAsking] = useState(false);
  const [continueOnError, setContinueOnError] = useState(false);
  const apply = useMutation(trpc.import.applyFile.mutationOptions());
  const jobId = apply.data?.jobId ?? null;
  const job = useQuery({
    ...trpc.import.job.queryOptions({ id: jobId ?? '' }),
    enabled: jobId !== null,
    refetchInterval: (query) => (query.state.data?.state === 'finished' ? false : 300),
  });
  const finished = job.data?.state === 'finished';
  // The plan is read again once the apply has finished: it then shows what is left (nothing, or the failed hosts' part).
  useEffect(() => {
    if (finished) onApplied();
  }, [finished, jobId, onApplied]);
  const c = plan.counts;
  const changes = c.create + c.change + c.remove;
  const errors = plan.issues.some((p) => p.severity === 'error');
  const running = apply.isPending || (jobId !== null && !finished);
  return (
    <div className="space-y-2 rounded border border-slate-200 bg-white p-2 text-sm">
      <div className="flex items-center gap-3">
        <button
          type="button"
          disabled={errors || !changes || c.blocked > 0 || running}
          onClick={() => setAsking(true)}
          className="rounded bg-slate-900 px-3 py-1 text-white disabled:opacity-40"
          data-testid="import-apply"
        >
          Apply
        </button>
        <label className="inline-flex items-center gap-1 text-xs">
          <input
            type="checkbox"
            checked={continueOnError}
            onChange={(e) => setContinueOnError(e.target.checked)}
          />
          go on with the other hosts after one fails
        </label>
      </div>
      {!errors && !changes && (
        <p className="text-slate-500" data-testid="import-no-changes">
          No changes: the fleet already matches the file.
        </p>
      )}
      {apply.data && apply.data.jobId === null && (
        <p className="text-slate-500">Nothing to apply: the fleet already matches the file.</p>
      )}
      {apply.error && (
        <p className="text-red-700" data-testid="import-apply-error">
          {errorText(apply.error)}
        </p>
      )}
      {job.data && <ApplyProgress job={job.data} />}
      {asking && (
        <ConfirmDialog
          title="Apply this plan?"
          body={plan.summary}
          confirm="Apply"
          onCancel={() => setAsking(false)}
          onConfirm={() => {
            setAsking(false);
            apply.mutate({ ...source, continueOnError, parallel: 4 });
          }}
        />
      )}
    </div>
  );
}
