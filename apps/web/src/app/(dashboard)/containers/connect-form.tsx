'use client';

import { useQuery } from '@tanstack/react-query';
import { SelectField, TextField, type Binding } from '~/components/form-controls';
import { FieldMessages } from '~/components/form-field';
import { useTRPC } from '~/trpc/react';
import { useConnectForm, type ConnectFields } from './use-connect-form';

type Form = ReturnType<typeof useConnectForm>;

/** The choices of each select: the hosts, and the chosen host's networks and containers. */
function useChoices(hostId: string) {
  const trpc = useTRPC();
  const hosts = useQuery(trpc.fleet.list.queryOptions());
  const networks = useQuery(trpc.networks.list.queryOptions());
  const containers = useQuery(trpc.containers.list.queryOptions());
  const nets = networks.data?.find((o) => o.hostId === hostId);
  const ctrs = containers.data?.find((o) => o.hostId === hostId);
  return {
    hosts: (hosts.data ?? []).map((h): [string, string] => [h.id, h.name]),
    networks: nets?.ok ? nets.value.map((n): [string, string] => [n.name, n.name]) : [],
    containers: ctrs?.ok ? ctrs.value.map((c): [string, string] => [c.name, c.name]) : [],
  };
}

/** How field `k` reads and writes the form (a pick of the host also clears what depended on it). */
function bindTo(form: Form, k: keyof ConnectFields): Binding {
  return {
    value: form.f[k],
    onChange: (value) =>
      form.set(k === 'hostId' ? { hostId: value, network: '', container: '' } : { [k]: value }),
    onBlur: () => form.blur(k),
  };
}

/** The Field props of `k`: its id, label and errors, under test id `testId`. */
function fieldOf(form: Form, k: keyof ConnectFields, label: string, testId: string) {
  return {
    id: `cn-${k}`,
    label,
    errors: form.shown[k],
    errorTestId: `${testId}-error`,
    testId,
    bind: bindTo(form, k),
  };
}

/** `network connect [--ip] [--ip6] NET CONTAINER` on one host, every field labelled. */
export function ConnectForm() {
  const form = useConnectForm();
  return (
    <form
      onSubmit={form.submit}
      className="flex flex-wrap items-start gap-3 text-sm"
      data-testid="connect-form"
      aria-label="Connect a container to a network"
      noValidate
    >
      <TargetFields form={form} />
      <AddressFields form={form} />
      <SubmitRow form={form} />
    </form>
  );
}

/** The host, then the network and the container on it, each a select. */
function TargetFields({ form }: { form: Form }) {
  const choices = useChoices(form.f.hostId);
  const select = { inputClassName: 'input w-auto', empty: 'choose…' };
  return (
    <>
      <SelectField
        {...fieldOf(form, 'hostId', 'Host', 'cn-host')}
        {...select}
        options={choices.hosts}
      />
      <SelectField
        {...fieldOf(form, 'network', 'Network', 'cn-network')}
        {...select}
        options={choices.networks}
      />
      <SelectField
        {...fieldOf(form, 'container', 'Container', 'cn-container')}
        {...select}
        options={choices.containers}
      />
    </>
  );
}

/** The optional static addresses. */
function AddressFields({ form }: { form: Form }) {
  return (
    <>
      <TextField
        {...fieldOf(form, 'ipv4Address', 'Static IPv4 (optional)', 'cn-ip')}
        placeholder="auto"
        inputClassName="input font-mono w-44"
      />
      <TextField
        {...fieldOf(form, 'ipv6Address', 'Static IPv6 (optional)', 'cn-ip6')}
        placeholder="auto"
        inputClassName="input font-mono w-56"
      />
    </>
  );
}

/** Connect, "connected" after a success, and errors that belong to no field. */
function SubmitRow({ form }: { form: Form }) {
  return (
    <div className="self-end">
      <button
        type="submit"
        disabled={form.pending}
        className="rounded border border-slate-300 px-3 py-1"
        data-testid="cn-submit"
      >
        Connect
      </button>
      {form.ok && (
        <span className="ml-2 text-green-700" role="status" data-testid="cn-ok">
          connected
        </span>
      )}
      <FieldMessages errors={form.shown.form ?? []} errorTestId="cn-error" />
    </div>
  );
}
