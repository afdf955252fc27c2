'use client';

import { useQuery } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import type { HostSnapshot } from '@underlay/core';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { hasErrors, mergeErrors, visibleErrors, type FieldErrors } from '~/lib/field-errors';
import { snapshotOf, toRequest, type NetworkFormState } from '~/lib/network-form';
import type { AppRouter } from '~/server/api/root';
import { useTRPC } from '~/trpc/react';
import { useCoordination } from './use-coordination';
import { useCreateNetwork } from './use-create-network';
import { useFormState } from './use-form-state';
import { useLocalCheck } from './use-local-check';

type Outputs = inferRouterOutputs<AppRouter>;

/** Everything the create form shows: values, the errors to show now, defaults, plan, create. */
export function useNetworkForm() {
  const trpc = useTRPC();
  const hosts = useQuery(trpc.fleet.list.queryOptions());
  const networks = useQuery(trpc.networks.list.queryOptions());
  const ui = useFormState();
  const snapshots = useSnapshots(ui.form.hostIds, hosts.data, networks.data);
  const local = useLocalCheck(ui.form, snapshots);
  const coordination = useCoordination(ui.form, hosts.data ?? [], networks.data);
  const all = mergeErrors(local.byField, asErrors(coordination.byField), hostChoice(ui.form));
  const create = useCreateNetwork(ui);
  const blocked = hasErrors(all);
  const ready = hosts.isSuccess && networks.isSuccess;
  // While the create runs, the live feed already brings back what it made: checking the form
  // against that would say "already exists" about the create's own work.
  const shown =
    create.pending || create.done
      ? {}
      : visibleErrors(
          mergeErrors(all, ui.server),
          (k) => ui.submitted || ui.touched.has(k) || k in ui.server,
        );
  const plan = usePlan(ui.form, !blocked && !create.done);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    ui.setSubmitted(true);
    // Before the hosts and their networks are known, the checks would miss a clash.
    if (!ready || create.done) return;
    if (blocked) return focusFirst(all);
    create.send();
  };
  const defaults = local.resolved[0]?.network;
  return { ui, hosts: hosts.data, ready, coordination, shown, create, plan, submit, defaults };
}

/** Each selected host's snapshot from what the dashboard already has. */
function useSnapshots(
  hostIds: string[],
  hosts: Outputs['fleet']['list'] | undefined,
  lists: Outputs['networks']['list'] | undefined,
): { host: string; snapshot: HostSnapshot }[] {
  return useMemo(
    () =>
      (hosts ?? [])
        .filter((h) => hostIds.includes(h.id))
        .map((h) => {
          const outcome = lists?.find((o) => o.hostId === h.id);
          const interfaces = h.info?.interfaces ?? [];
          const networks = outcome?.ok ? outcome.value : [];
          return { host: h.name, snapshot: snapshotOf({ name: h.name, interfaces }, networks) };
        }),
    [hosts, lists, hostIds],
  );
}

/** The agents' dry run of what the form describes, asked 350 ms after the last keystroke. */
function usePlan(form: NetworkFormState, valid: boolean) {
  const trpc = useTRPC();
  const [debounced, setDebounced] = useState(form);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(form), 350);
    return () => clearTimeout(timer);
  }, [form]);
  const request = useMemo(() => toRequest(debounced), [debounced]);
  return useQuery({
    ...trpc.networks.plan.queryOptions({
      hostIds: debounced.hostIds,
      request,
      coordinate: debounced.coordinate,
    }),
    enabled: valid && debounced.hostIds.length > 0 && debounced.name.trim() !== '',
  });
}

/** Coordination's refusals (a subnet with fewer address blocks than hosts) as field errors. */
function asErrors(byField: Record<string, string[]>): FieldErrors {
  return Object.fromEntries(
    Object.entries(byField).map(([key, texts]) => [
      key,
      texts.map((text) => ({ text, code: 'COORDINATION', severity: 'error' as const })),
    ]),
  );
}

/** No host picked: say what to choose. */
function hostChoice(form: NetworkFormState): FieldErrors {
  if (form.hostIds.length > 0) return {};
  const text = 'Choose at least one host to create the network on.';
  return { hosts: [{ text, code: 'REQUIRED', severity: 'error' }] };
}

/** Moves the focus to the first field with an error, so the keyboard user lands on it. */
function focusFirst(errors: FieldErrors): void {
  const key = Object.keys(errors).find((k) => errors[k]?.some((e) => e.severity === 'error'));
  document.getElementById(`nf-${key}`)?.focus();
}
