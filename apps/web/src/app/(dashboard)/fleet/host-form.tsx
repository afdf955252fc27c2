'use client';

import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { HostEditSchema, HostInputSchema } from '~/lib/host-schema';
import { FieldMessages } from '~/components/form-field';
import { domainOf, errorText, fieldOf } from '~/lib/client-errors';
import { plainText } from '~/lib/field-errors';
import { useTRPC } from '~/trpc/react';

type Fields = { name: string; address: string; token: string; tlsCa: string };

/** Add (no `host`) or edit a host; validates as you type with the procedure's schema; tests the connection on demand. */
export function HostForm({
  host,
  onDone,
}: {
  host?: { id: string; name: string; address: string };
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const [fields, setFields] = useState<Fields>({
    name: host?.name ?? '',
    address: host?.address ?? '',
    token: '',
    tlsCa: '',
  });
  const [touched, setTouched] = useState<Partial<Record<keyof Fields, boolean>>>({});
  const add = useMutation(trpc.fleet.add.mutationOptions({ onSuccess: onDone }));
  const edit = useMutation(trpc.fleet.edit.mutationOptions({ onSuccess: onDone }));
  const test = useMutation(trpc.fleet.test.mutationOptions());
  const save = host ? edit : add;

  const schema = host ? HostEditSchema.omit({ id: true }) : HostInputSchema;
  const parsed = schema.safeParse(fields);
  const errors: Partial<Record<string, string>> = {};
  if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0])] ??= i.message;
  const codes: Partial<Record<string, string>> = {};
  const serverField = fieldOf(domainOf(save.error));
  if (serverField) {
    errors[serverField] = plainText(domainOf(save.error)?.message ?? errorText(save.error));
    codes[serverField] = domainOf(save.error)?.code;
  }
  // An old refusal goes as soon as the input changes.
  const change = (key: keyof Fields, value: string) => {
    setFields({ ...fields, [key]: value });
    save.reset();
    test.reset();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched({ name: true, address: true, token: true, tlsCa: true });
    if (!parsed.success) return;
    if (host) edit.mutate({ ...fields, id: host.id });
    else add.mutate(fields);
  };
  const field = (
    key: keyof Fields,
    label: string,
    props: { type?: string; placeholder?: string; textarea?: boolean } = {},
  ) => (
    <label className="block text-sm">
      <span className="font-medium">{label}</span>
      {props.textarea ? (
        <textarea
          rows={3}
          className="mt-1 w-full rounded border border-slate-300 px-2 py-1 font-mono text-xs"
          value={fields[key]}
          placeholder={props.placeholder}
          onChange={(e) => change(key, e.target.value)}
          onBlur={() => setTouched({ ...touched, [key]: true })}
          aria-invalid={Boolean(touched[key] && errors[key])}
          aria-describedby={`host-form-${key}-msg`}
          data-testid={`host-form-${key}`}
        />
      ) : (
        <input
          type={props.type ?? 'text'}
          className="mt-1 w-full rounded border border-slate-300 px-2 py-1"
          value={fields[key]}
          placeholder={props.placeholder}
          onChange={(e) => change(key, e.target.value)}
          onBlur={() => setTouched({ ...touched, [key]: true })}
          aria-invalid={Boolean(touched[key] && errors[key])}
          aria-describedby={`host-form-${key}-msg`}
          data-testid={`host-form-${key}`}
        />
      )}
      <FieldMessages
        id={`host-form-${key}-msg`}
        errors={
          touched[key] && errors[key]
            ? [{ text: errors[key], code: codes[key] ?? 'INVALID_INPUT', severity: 'error' }]
            : []
        }
        errorTestId={`host-form-${key}-error`}
      />
    </label>
  );

  return (
    <form
      onSubmit={submit}
      className="grid max-w-2xl gap-3 rounded border border-slate-200 bg-white p-4"
      data-testid="host-form"
    >
      {field('name', 'Name', { placeholder: 'host-1' })}
      {field('address', 'Address', {
        placeholder: '/run/underlay/agent.sock or wss://10.0.0.5:7443',
      })}
      {field('token', host ? 'Token (leave empty to keep the stored one)' : 'Token', {
        type: 'password',
      })}
      {field('tlsCa', 'TLS CA (PEM, optional, for wss://)', {
        textarea: true,
        placeholder: '-----BEGIN CERTIFICATE-----',
      })}
      <div className="flex items-center gap-3">
        <button
          type="submit"
          disabled={save.isPending}
          className="rounded bg-slate-900 px-3 py-1 text-sm text-white disabled:opacity-50"
          data-testid="host-form-save"
        >
          {host ? 'Save' : 'Add host'}
        </button>
        <button
          type="button"
          disabled={test.isPending || !fields.address}
          className="rounded border border-slate-300 px-3 py-1 text-sm disabled:opacity-50"
          data-testid="host-form-test"
          onClick={() =>
            test.mutate({
              address: fields.address,
              token: fields.token,
              tlsCa: fields.tlsCa,
              ...(host ? { id: host.id } : {}),
            })
          }
        >
          {test.isPending ? 'Testing…' : 'Test connection'}
        </button>
        <button type="button" onClick={onDone} className="text-sm underline">
          Cancel
        </button>
      </div>
      {test.data && (
        <p
          className={`text-sm ${test.data.ok ? 'text-green-700' : 'text-red-700'}`}
          data-testid="host-form-test-result"
          data-ok={test.data.ok}
        >
          {test.data.ok
            ? `Connected in ${test.data.latencyMs} ms: ${test.data.hostname}, kernel ${test.data.kernel}, agent ${test.data.version}`
            : `Connection failed: ${test.data.error}`}
        </p>
      )}
      {test.error && <p className="text-sm text-red-700">{errorText(test.error)}</p>}
      {save.error && !serverField && (
        <p className="text-sm text-red-700" role="alert">
          {errorText(save.error)}
        </p>
      )}
    </form>
  );
}
