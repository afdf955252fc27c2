'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { domainOf, errorText } from '~/lib/client-errors';
import {
  EMPTY_FORM,
  fieldKey,
  snapshotOf,
  toRequest,
  type NetworkFormState,
} from '~/lib/network-form';
import { useTRPC } from '~/trpc/react';
import { PlanPreview } from './plan-preview';
import { useCoordination } from './use-coordination';
import { useLocalCheck } from './use-local-check';

/** Create a network on one or more hosts: validated as you type, previewed per host, results per host. */
export function NetworkForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const hosts = useQuery(trpc.fleet.list.queryOptions());
  const networks = useQuery(trpc.networks.list.queryOptions());
  const [form, setForm] = useState<NetworkFormState>(EMPTY_FORM);
  const [debounced, setDebounced] = useState(form);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(form), 350);
    return () => clearTimeout(timer);
  }, [form]);

  const snapshots = useMemo(
    () =>
      (hosts.data ?? [])
        .filter((h) => form.hostIds.includes(h.id))
        .map((h) => {
          const outcome = networks.data?.find((o) => o.hostId === h.id);
          return {
            host: h.name,
            snapshot: snapshotOf(
              { name: h.name, interfaces: h.info?.interfaces ?? [] },
              outcome?.ok ? outcome.value : [],
            ),
          };
        }),
    [hosts.data, networks.data, form.hostIds],
  );
  const local = useLocalCheck(form, snapshots);
  const coordination = useCoordination(form, hosts.data ?? [], networks.data);
  const blocked = local.hasErrors || coordination.hasErrors;
  const request = useMemo(() => toRequest(debounced), [debounced]);
  const plan = useQuery({
    ...trpc.networks.plan.queryOptions({
      hostIds: debounced.hostIds,
      request,
      coordinate: debounced.coordinate,
    }),
    enabled: debounced.hostIds.length > 0 && debounced.name.trim() !== '' && !blocked,
  });
  const create = useMutation(
    trpc.networks.create.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.networks.list.queryKey() }),
    }),
  );

  // Agent errors go next to the field of their domain path, prefixed with the host.
  const agentErrors: Record<string, string[]> = {};
  for (const r of create.data ?? []) {
    if (!r.ok)
      (agentErrors[r.domain?.path.length ? fieldKey(r.domain.path, form) : 'form'] ??= []).push(
        `${r.host}: ${r.error}`,
      );
  }
  // The hub's own refusal (coordination on its fresh view of the fleet) names a field too.
  const hubDomain = domainOf(create.error);
  if (hubDomain?.path.length)
    (agentErrors[fieldKey(hubDomain.path, form)] ??= []).push(errorText(create.error));
  const set = (patch: Partial<NetworkFormState>) => setForm((f) => ({ ...f, ...patch }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (blocked || form.hostIds.length === 0) return;
    create.mutate({ hostIds: form.hostIds, request: toRequest(form), coordinate: form.coordinate });
  };
  const errorsFor = (key: string): ReactNode => (
    <>
      {local.byField[key]?.map((e) => (
        <span
          key={e.text}
          className={`block text-xs ${e.severity === 'error' ? 'text-red-700' : 'text-amber-700'}`}
          data-testid={`nf-${e.severity}-${key}`}
        >
          {e.text}
        </span>
      ))}
      {coordination.byField[key]?.map((t) => (
        <span key={t} className="block text-xs text-red-700" data-testid={`nf-error-${key}`}>
          {t}
        </span>
      ))}
      {agentErrors[key]?.map((t) => (
        <span key={t} className="block text-xs text-red-700" data-testid={`nf-agent-error-${key}`}>
          {t}
        </span>
      ))}
    </>
  );
  const defaults = local.resolved[0]?.network;

  return (
    <section className="grid gap-6 lg:grid-cols-2">
      <form
        onSubmit={submit}
        className="space-y-3 rounded border border-slate-200 bg-white p-4 text-sm"
        data-testid="network-form"
        noValidate
      >
        <h1 className="text-lg font-semibold">Create network</h1>
        <Field label="Name" error={errorsFor('name')}>
          <input
            className="input"
            value={form.name}
            onChange={(e) => set({ name: e.target.value })}
            data-testid="nf-name"
            placeholder="vlan10"
          />
        </Field>
        <fieldset data-testid="nf-hosts">
          <legend className="font-medium">Hosts</legend>
          {hosts.data?.map((h) => (
            <label key={h.id} className="mr-4 inline-flex items-center gap-1">
              <input
                type="checkbox"
                checked={form.hostIds.includes(h.id)}
                data-testid={`nf-host-${h.name}`}
                onChange={(e) =>
                  set({
                    hostIds: e.target.checked
                      ? [...form.hostIds, h.id]
                      : form.hostIds.filter((id) => id !== h.id),
                  })
                }
              />
              {h.name}{' '}
              {h.status !== 'online' && (
                <span className="text-xs text-amber-700">({h.summary ?? h.status})</span>
              )}
            </label>
          ))}
        </fieldset>
        <Field
          label="Parent (-o parent)"
          hintId="parent"
          hint={
            defaults
              ? `uses ${defaults.parent} (${defaults.parentKind}${defaults.vlanId ? `, VLAN ${defaults.vlanId}` : ''})`
              : 'empty: an isolated dummy parent'
          }
          error={errorsFor('parent')}
        >
          <input
            className="input font-mono"
            value={form.parent}
            onChange={(e) => set({ parent: e.target.value })}
            data-testid="nf-parent"
            placeholder="eth0.10"
          />
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field
            label="Mode"
            hintId="mode"
            hint={`default l2${defaults ? `; will use ${defaults.mode}` : ''}`}
            error={errorsFor('mode')}
          >
            <select
              className="input"
              value={form.mode}
              onChange={(e) => set({ mode: e.target.value as NetworkFormState['mode'] })}
              data-testid="nf-mode"
            >
              <option value="">l2 (default)</option>
              <option value="l2">l2</option>
              <option value="l3">l3</option>
              <option value="l3s">l3s</option>
            </select>
          </Field>
          <Field
            label="Flag"
            hintId="flag"
            hint={`default bridge${defaults ? `; will use ${defaults.flag}` : ''}`}
            error={errorsFor('flag')}
          >
            <select
              className="input"
              value={form.flag}
              onChange={(e) => set({ flag: e.target.value as NetworkFormState['flag'] })}
              data-testid="nf-flag"
            >
              <option value="">bridge (default)</option>
              <option value="bridge">bridge</option>
              <option value="private">private</option>
              <option value="vepa">vepa</option>
            </select>
          </Field>
        </div>
        <div className="flex gap-6">
          <label className="inline-flex items-center gap-1">
            <input
              type="checkbox"
              checked={form.internal}
              onChange={(e) => set({ internal: e.target.checked })}
              data-testid="nf-internal"
            />{' '}
            internal
          </label>
          <label className="inline-flex items-center gap-1">
            <input
              type="checkbox"
              checked={form.ipv6}
              onChange={(e) => set({ ipv6: e.target.checked })}
              data-testid="nf-ipv6"
            />{' '}
            IPv6
          </label>
        </div>
        {errorsFor('internal')}
        {errorsFor('ipv6')}
        <div className="grid grid-cols-3 gap-3">
          <Field label="Subnet" error={errorsFor('subnet')}>
            <input
              className="input font-mono"
              value={form.subnet}
              onChange={(e) => set({ subnet: e.target.value })}
              data-testid="nf-subnet"
              placeholder="172.16.80.0/24"
            />
          </Field>
          <Field
            label="Gateway"
            hintId="gateway"
            hint={gatewayHint(defaults, 4)}
            error={errorsFor('gateway')}
          >
            <input
              className="input font-mono"
              value={form.gateway}
              onChange={(e) => set({ gateway: e.target.value })}
              data-testid="nf-gateway"
            />
          </Field>
          <Field label="IP range" error={errorsFor('ipRange')}>
            <input
              className="input font-mono"
              value={form.ipRange}
              onChange={(e) => set({ ipRange: e.target.value })}
              data-testid="nf-iprange"
            />
          </Field>
        </div>
        {form.ipv6 && (
          <div className="grid grid-cols-3 gap-3">
            <Field label="IPv6 subnet" error={errorsFor('subnet6')}>
              <input
                className="input font-mono"
                value={form.subnet6}
                onChange={(e) => set({ subnet6: e.target.value })}
                data-testid="nf-subnet6"
              />
            </Field>
            <Field
              label="IPv6 gateway"
              hintId="gateway6"
              hint={gatewayHint(defaults, 6)}
              error={errorsFor('gateway6')}
            >
              <input
                className="input font-mono"
                value={form.gateway6}
                onChange={(e) => set({ gateway6: e.target.value })}
                data-testid="nf-gateway6"
              />
            </Field>
          </div>
        )}
        {form.hostIds.length > 1 && (
          <label
            className="inline-flex items-center gap-1"
            title="Each host's agent hands out addresses only from address blocks it holds in the fleet store, so two hosts never hand out the same address."
          >
            <input
              type="checkbox"
              checked={form.coordinate}
              onChange={(e) => set({ coordinate: e.target.checked })}
              data-testid="nf-coordinate"
            />{' '}
            coordinate addresses across hosts
          </label>
        )}
        {form.hostIds.length > 1 &&
          form.parent.trim() !== '' &&
          !form.internal &&
          !form.coordinate && (
            // Seen in the lab: two agents on VLAN 10 both handed out 172.16.80.2.
            <p className="text-xs text-amber-700" data-testid="nf-multihost-warning">
              Each host&apos;s agent allocates addresses on its own. On a VLAN shared by these
              hosts, give each host its own IP range (create once per host with a different range)
              or connect containers with static addresses, or two hosts can hand out the same
              address.
            </p>
          )}
        {coordination.applies && form.subnet.trim() === '' && (
          <p className="text-xs text-amber-700" data-testid="nf-pool-warning">
            No IPv4 subnet given: each host takes one from its default pools, which the dashboard
            cannot coordinate. Give a subnet so every host leases its blocks in the same one.
          </p>
        )}
        {errorsFor('form')}
        {Object.keys(local.byField)
          .filter((k) => !KNOWN_KEYS.has(k))
          .map((k) => (
            <div key={k}>{errorsFor(k)}</div>
          ))}
        <button
          type="submit"
          disabled={create.isPending || blocked || form.hostIds.length === 0}
          className="rounded bg-slate-900 px-3 py-1 text-white disabled:opacity-50"
          data-testid="nf-submit"
        >
          {create.isPending
            ? 'Creating…'
            : `Create on ${form.hostIds.length || 'no'} host${form.hostIds.length === 1 ? '' : 's'}`}
        </button>
        {create.error && (
          <p className="text-red-700" role="alert">
            {errorText(create.error)}
          </p>
        )}
        {create.data?.map((r) => (
          <p
            key={r.hostId}
            data-testid={`create-result-${r.host}`}
            data-ok={r.ok}
            className={r.ok ? 'text-green-700' : 'text-red-700'}
          >
            {r.host}:{' '}
            {r.ok
              ? `created ${r.value.network.name} on ${r.value.network.parent}${r.value.lease ? `, addresses from its blocks in ${r.value.lease.store}` : ''}`
              : r.error}
          </p>
        ))}
      </form>
      <PlanPreview
        outcomes={plan.data}
        loading={plan.isFetching}
        error={plan.error ? errorText(plan.error) : undefined}
      />
    </section>
  );
}

const KNOWN_KEYS = new Set([
  'name',
  'parent',
  'mode',
  'flag',
  'internal',
  'ipv6',
  'subnet',
  'gateway',
  'ipRange',
  'subnet6',
  'gateway6',
  'form',
]);

function gatewayHint(
  network:
    { mode: string; subnets: { family: number; gateway?: string | undefined }[] } | undefined,
  family: 4 | 6,
): string {
  const gw = network?.subnets.find((s) => s.family === family)?.gateway;
  if (network && network.mode !== 'l2') return 'none in L3/L3S (routes are dev-only)';
  return gw ? `will use ${gw}` : 'default: first usable address';
}

function Field({
  label,
  hint,
  hintId,
  error,
  children,
}: {
  label: string;
  hint?: string;
  hintId?: string;
  error?: ReactNode;
  children: ReactNode;
}) {
  return (
    <label className="block">
      <span className="font-medium">{label}</span>
      {hint && (
        <span
          className="ml-2 text-xs text-slate-500"
          data-testid={hintId ? `nf-default-${hintId}` : undefined}
        >
          {hint}
        </span>
      )}
      <div className="mt-1">{children}</div>
      {error}
    </label>
  );
}
