'use client';

import { TextField } from '~/components/form-controls';
import { errorText } from '~/lib/client-errors';
import { useHostForm, type EditedHost, type HostFields } from './use-host-form';

type Form = ReturnType<typeof useHostForm>;

const INPUT = 'w-full rounded border border-slate-300 px-2 py-1';

/** Add (no `host`) or edit a host; validates as you type with the procedure's schema; tests the connection on demand. */
export function HostForm({ host, onDone }: { host?: EditedHost; onDone: () => void }) {
  const form = useHostForm(host, onDone);
  const { test, save } = form;
  return (
    <form
      onSubmit={form.submit}
      className="grid max-w-2xl gap-3 rounded border border-slate-200 bg-white p-4"
      data-testid="host-form"
    >
      <HostFieldList form={form} editing={Boolean(host)} />
      <HostFormButtons form={form} editing={Boolean(host)} onCancel={onDone} />
      {test.data && <TestResult result={test.data} />}
      {test.error && <p className="text-sm text-red-700">{errorText(test.error)}</p>}
      {save.error && !form.serverField && (
        <p className="text-sm text-red-700" role="alert">
          {errorText(save.error)}
        </p>
      )}
    </form>
  );
}

/** One labelled input of the form, test ids `host-form-<key>` and `host-form-<key>-error`. */
function HostInput(props: {
  form: Form;
  k: keyof HostFields;
  label: string;
  placeholder?: string;
  type?: string;
  textarea?: boolean;
}) {
  const { form, k } = props;
  return (
    <TextField
      id={`host-form-${k}`}
      label={props.label}
      className="block text-sm"
      errors={form.shown(k)}
      errorTestId={`host-form-${k}-error`}
      testId={`host-form-${k}`}
      bind={{
        value: form.fields[k],
        onChange: (v) => form.change(k, v),
        onBlur: () => form.blur(k),
      }}
      placeholder={props.placeholder}
      {...(props.type ? { type: props.type } : {})}
      {...(props.textarea ? { rows: 3 } : {})}
      inputClassName={props.textarea ? `${INPUT} font-mono text-xs` : INPUT}
    />
  );
}

/** Name, address, token (kept when left empty on edit), TLS CA. */
function HostFieldList({ form, editing }: { form: Form; editing: boolean }) {
  return (
    <>
      <HostInput form={form} k="name" label="Name" placeholder="host-1" />
      <HostInput
        form={form}
        k="address"
        label="Address"
        placeholder="/run/underlay/agent.sock or wss://10.0.0.5:7443"
      />
      <HostInput
        form={form}
        k="token"
        label={editing ? 'Token (leave empty to keep the stored one)' : 'Token'}
        type="password"
      />
      <HostInput
        form={form}
        k="tlsCa"
        label="TLS CA (PEM, optional, for wss://)"
        textarea
        placeholder="-----BEGIN CERTIFICATE-----"
      />
    </>
  );
}

/** Save (or Add host), Test connection, Cancel. */
function HostFormButtons(props: { form: Form; editing: boolean; onCancel: () => void }) {
  const { save, test, fields } = props.form;
  return (
    <div className="flex items-center gap-3">
      <button
        type="submit"
        disabled={save.isPending}
        className="rounded bg-slate-900 px-3 py-1 text-sm text-white disabled:opacity-50"
        data-testid="host-form-save"
      >
        {props.editing ? 'Save' : 'Add host'}
      </button>
      <button
        type="button"
        disabled={test.isPending || !fields.address}
        className="rounded border border-slate-300 px-3 py-1 text-sm disabled:opacity-50"
        data-testid="host-form-test"
        onClick={props.form.runTest}
      >
        {test.isPending ? 'Testing…' : 'Test connection'}
      </button>
      <button type="button" onClick={props.onCancel} className="text-sm underline">
        Cancel
      </button>
    </div>
  );
}

/** What the connection test found. */
function TestResult({ result }: { result: NonNullable<Form['test']['data']> }) {
  return (
    <p
      className={`text-sm ${result.ok ? 'text-green-700' : 'text-red-700'}`}
      data-testid="host-form-test-result"
      data-ok={result.ok}
    >
      {result.ok
        ? `Connected in ${result.latencyMs} ms: ${result.hostname}, kernel ${result.kernel}, agent ${result.version}`
        : `Connection failed: ${result.error}`}
    </p>
  );
}
