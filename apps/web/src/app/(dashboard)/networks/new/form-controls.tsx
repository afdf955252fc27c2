'use client';

import { Field, FieldMessages } from '~/components/form-field';
import type { FieldErrors } from '~/lib/field-errors';
import type { NetworkFormState } from '~/lib/network-form';

// The create form's inputs, each a labelled Field wired to the form state:
// typing updates the value (and drops an agent's refusal of it), leaving the
// field lets its errors show.

/** What every control needs: the values, the setters, the errors to show now. */
export interface Ctl {
  form: NetworkFormState;
  set: (patch: Partial<NetworkFormState>) => void;
  blur: (key: string) => void;
  shown: FieldErrors;
}

type TextKey = 'name' | 'parent' | 'subnet' | 'gateway' | 'ipRange' | 'subnet6' | 'gateway6';

/** A labelled text input of the form (test id `nf-<key lower case>`). */
export function TextField(props: {
  ctl: Ctl;
  k: TextKey;
  label: string;
  hint?: string | undefined;
  hintId?: string;
  placeholder?: string;
  mono?: boolean;
}) {
  const { ctl, k } = props;
  return (
    <Field
      id={`nf-${k}`}
      label={props.label}
      hint={props.hint}
      {...(props.hintId ? { hintTestId: `nf-default-${props.hintId}` } : {})}
      errors={ctl.shown[k]}
      errorTestId={`nf-error-${k}`}
      warningTestId={`nf-warning-${k}`}
    >
      {(a11y) => (
        <input
          {...a11y}
          className={`input ${props.mono ? 'font-mono' : ''}`}
          value={ctl.form[k]}
          onChange={(e) => ctl.set({ [k]: e.target.value })}
          onBlur={() => ctl.blur(k)}
          data-testid={`nf-${k.toLowerCase()}`}
          placeholder={props.placeholder}
        />
      )}
    </Field>
  );
}

/** A labelled select (mode, flag) whose first option is the agent's default. */
export function SelectField(props: {
  ctl: Ctl;
  k: 'mode' | 'flag';
  label: string;
  hint: string;
  options: readonly string[];
}) {
  const { ctl, k } = props;
  return (
    <Field
      id={`nf-${k}`}
      label={props.label}
      hint={props.hint}
      hintTestId={`nf-default-${k}`}
      errors={ctl.shown[k]}
      errorTestId={`nf-error-${k}`}
      warningTestId={`nf-warning-${k}`}
    >
      {(a11y) => (
        <select
          {...a11y}
          className="input"
          value={ctl.form[k]}
          onChange={(e) => ctl.set({ [k]: e.target.value })}
          onBlur={() => ctl.blur(k)}
          data-testid={`nf-${k}`}
        >
          <option value="">{props.options[0]} (default)</option>
          {props.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A labelled checkbox (internal, IPv6, coordinate) with its errors below. */
export function CheckField(props: {
  ctl: Ctl;
  k: 'internal' | 'ipv6' | 'coordinate';
  label: string;
  title?: string;
}) {
  const { ctl, k } = props;
  return (
    <div title={props.title}>
      <label className="inline-flex items-center gap-1">
        <input
          type="checkbox"
          id={`nf-${k}`}
          checked={ctl.form[k]}
          onChange={(e) => {
            ctl.set({ [k]: e.target.checked });
            ctl.blur(k);
          }}
          data-testid={`nf-${k}`}
        />{' '}
        {props.label}
      </label>
      <FieldMessages
        errors={ctl.shown[k] ?? []}
        errorTestId={`nf-error-${k}`}
        warningTestId={`nf-warning-${k}`}
      />
    </div>
  );
}
