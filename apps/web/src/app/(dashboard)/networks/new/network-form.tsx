'use client';

import { TextField, type Ctl } from './form-controls';
import { CoordinationNotes, FormErrors } from './form-notes';
import { HostsField, ParentFields, SubnetFields } from './form-sections';
import { errorText } from '~/lib/client-errors';
import { PlanPreview } from './plan-preview';
import { useNetworkForm } from './use-network-form';

/** Create a network on one or more hosts: checked on blur and submit, previewed per host, then its page. */
export function NetworkForm() {
  const f = useNetworkForm();
  const ctl: Ctl = { form: f.ui.form, set: f.ui.set, blur: f.ui.blur, shown: f.shown };
  return (
    <section className="grid gap-6 lg:grid-cols-2">
      <form
        onSubmit={f.submit}
        className="space-y-3 rounded border border-slate-200 bg-white p-4 text-sm"
        data-testid="network-form"
        aria-labelledby="nf-title"
        noValidate
      >
        <h1 id="nf-title" className="text-lg font-semibold">
          Create network
        </h1>
        <TextField ctl={ctl} k="name" label="Name" placeholder="vlan10" />
        <HostsField ctl={ctl} hosts={f.hosts} />
        <ParentFields ctl={ctl} defaults={f.defaults} />
        <SubnetFields ctl={ctl} defaults={f.defaults} />
        <CoordinationNotes ctl={ctl} applies={f.coordination.applies} />
        <FormErrors ctl={ctl} />
        <SubmitRow ctl={ctl} create={f.create} ready={f.ready} />
      </form>
      <PlanPreview
        outcomes={f.plan.data}
        loading={f.plan.isFetching}
        error={f.plan.error ? errorText(f.plan.error) : undefined}
      />
    </section>
  );
}

/** The create button (off while errors show) and, after a partial create, where it worked. */
function SubmitRow({
  ready,
  ctl,
  create,
}: {
  ready: boolean;
  ctl: Ctl;
  create: ReturnType<typeof useNetworkForm>['create'];
}) {
  const n = ctl.form.hostIds.length;
  const showing = Object.values(ctl.shown).some((l) => l.some((e) => e.severity === 'error'));
  return (
    <>
      <button
        type="submit"
        disabled={!ready || create.pending || create.done || showing}
        className="rounded bg-slate-900 px-3 py-1 text-white disabled:opacity-50"
        data-testid="nf-submit"
      >
        {create.pending ? 'Creating…' : `Create on ${n || 'no'} host${n === 1 ? '' : 's'}`}
      </button>
      {create.createdOn.length > 0 && (
        <p className="text-green-700" role="status" data-testid="nf-created-on">
          Created on {create.createdOn.join(', ')}. The other hosts refused: fix what is marked and
          create again (only on them).
        </p>
      )}
    </>
  );
}
