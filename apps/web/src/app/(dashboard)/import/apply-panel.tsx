'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import type { FleetImportPlan } from '@underlay/core';
import { useEffect, useState } from 'react';
import { ModalDialog } from '~/components/modal-dialog';
import { errorText } from '~/lib/client-errors';
import { useTRPC } from '~/trpc/react';
import { ApplyProgress } from './apply-progress';

type Source = { file: string; text: string; prune: boolean };

/** The apply mutation and its job, polled until finished; `onApplied` once it has. */
function useApplyJob(onApplied: () => void) {
  const trpc = useTRPC();
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
  return { apply, job, running: apply.isPending || (jobId !== null && !finished) };
}

/** Apply, after a confirmation that repeats the summary; then the job's progress and report, polled. */
export function ApplyPanel(props: {
  source: Source;
  plan: FleetImportPlan;
  onApplied: () => void;
}) {
  const [asking, setAsking] = useState(false);
  const [continueOnError, setContinueOnError] = useState(false);
  const { apply, job, running } = useApplyJob(props.onApplied);
  const c = props.plan.counts;
  const changes = c.create + c.change + c.remove;
  const errors = props.plan.issues.some((p) => p.severity === 'error');
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
        <ContinueOnError checked={continueOnError} onChange={setContinueOnError} />
      </div>
      <ApplyNotes noChanges={!errors && !changes} apply={apply} />
      {job.data && <ApplyProgress job={job.data} />}
      {asking && (
        <ApplyConfirm
          summary={props.plan.summary}
          onCancel={() => setAsking(false)}
          onConfirm={() => {
            setAsking(false);
            apply.mutate({ ...props.source, continueOnError, parallel: 4 });
          }}
        />
      )}
    </div>
  );
}

/** The checkbox for `--continue-on-error`. */
function ContinueOnError(props: { checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label className="inline-flex items-center gap-1 text-xs">
      <input
        type="checkbox"
        checked={props.checked}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      go on with the other hosts after one fails
    </label>
  );
}

/** The shared dialog, repeating the plan's summary before anything is applied. */
function ApplyConfirm(props: { summary: string; onCancel: () => void; onConfirm: () => void }) {
  return (
    <ModalDialog
      title="Apply this plan?"
      confirm="Apply"
      onCancel={props.onCancel}
      onConfirm={props.onConfirm}
    >
      <p>{props.summary}</p>
      <p className="mt-3 text-xs text-slate-500">
        Each host is applied as a whole or rolled back to how it was.
      </p>
    </ModalDialog>
  );
}

/** Why there is nothing to apply, or why the apply was refused. */
function ApplyNotes({
  noChanges,
  apply,
}: {
  noChanges: boolean;
  apply: ReturnType<typeof useApplyJob>['apply'];
}) {
  return (
    <>
      {noChanges && (
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
    </>
  );
}
