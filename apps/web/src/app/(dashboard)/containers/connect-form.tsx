'use client';

import { useQuery } from '@tanstack/react-query';
import { Field, FieldMessages } from '~/components/form-field';
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

/** `network connect [--ip] [--ip6] NET CONTAINER` on one host, every field labelled. */
export function ConnectForm() {
  const form = useConnectForm();
  const choices = useChoices(form.f.hostId);
  const pickHost = (hostId: string) => form.set({ hostId, network: '', container: '' });
  return (
    <form
      onSubmit={form.submit}
      className="flex flex-wrap items-start gap-3 text-sm"
      data-testid="connect-form"
      aria-label="Connect a container to a network"
      noValidate
    >
      <Choice
        form={form}
        k="hostId"
        label="Host"
        testId="cn-host"
        onPick={pickHost}
        options={choices.hosts}
      />
      <Choice
        form={form}
        k="network"
        label="Network"
        testId="cn-network"
        options={choices.networks}
      />
      <Choice
        form={form}
        k="container"
        label="Container"
        testId="cn-container"
        options={choices.containers}
      />
      <Address
        form={form}
        k="ipv4Address"
        label="Static IPv4 (optional)"
        testId="cn-ip"
        placeholder="auto"
      />
      <Address
        form={form}
        k="ipv6Address"
        label="Static IPv6 (optional)"
        testId="cn-ip6"
        placeholder="auto"
      />
      <SubmitRow form={form} />
    </form>
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

/** A labelled select whose empty first option says what to choose. */
function Choice(props: {
  form: Form;
  k: 'hostId' | 'network' | 'container';
  label: string;
  testId: string;
  options: [string, string][];
  onPick?: (value: string) => void;
}) {
  const { form, k } = props;
  return (
    <Field
      id={`cn-${k}`}
      label={props.label}
      errors={form.shown[k]}
      errorTestId={`${props.testId}-error`}
    >
      {(a11y) => (
        <select
          {...a11y}
          value={form.f[k]}
          onChange={(e) =>
            props.onPick ? props.onPick(e.target.value) : form.set({ [k]: e.target.value })
          }
          onBlur={() => form.blur(k)}
          className="input w-auto"
          data-testid={props.testId}
        >
          <option value="">choose…</option>
          {props.options.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A labelled static-address input. */
function Address(props: {
  form: Form;
  k: keyof ConnectFields;
  label: string;
  testId: string;
  placeholder: string;
}) {
  const { form, k } = props;
  return (
    <Field
      id={`cn-${k}`}
      label={props.label}
      errors={form.shown[k]}
      errorTestId={`${props.testId}-error`}
    >
      {(a11y) => (
        <input
          {...a11y}
          value={form.f[k]}
          onChange={(e) => form.set({ [k]: e.target.value })}
          onBlur={() => form.blur(k)}
          placeholder={props.placeholder}
          className={`input font-mono ${k === 'ipv6Address' ? 'w-56' : 'w-44'}`}
          data-testid={props.testId}
        />
      )}
    </Field>
  );
}
