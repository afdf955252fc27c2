'use client';

import { Field, type FieldProps } from './form-field';

// The text input and the select every dashboard form uses, each inside one
// labelled Field: the form gives the value, what a change does and what
// leaving the control does; the Field gives the label, hint, errors and ARIA.

/** How a control reads and writes its value in the form's state. */
export interface Binding {
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
}

/** A labelled text input, or a textarea when `rows` is given. */
export function TextField({
  bind,
  testId,
  inputClassName,
  placeholder,
  type,
  rows,
  ...field
}: FieldProps & {
  bind: Binding;
  testId: string;
  inputClassName: string;
  placeholder?: string | undefined;
  type?: string;
  rows?: number;
}) {
  return (
    <Field {...field}>
      {(a11y) => {
        const props = {
          ...a11y,
          value: bind.value,
          placeholder,
          className: inputClassName,
          'data-testid': testId,
          onBlur: () => bind.onBlur?.(),
        };
        return rows ? (
          <textarea {...props} rows={rows} onChange={(e) => bind.onChange(e.target.value)} />
        ) : (
          <input {...props} type={type ?? 'text'} onChange={(e) => bind.onChange(e.target.value)} />
        );
      }}
    </Field>
  );
}

/** A labelled select whose empty first option says `empty`; `options` are [value, text]. */
export function SelectField({
  bind,
  testId,
  inputClassName,
  empty,
  options,
  ...field
}: FieldProps & {
  bind: Binding;
  testId: string;
  inputClassName: string;
  empty: string;
  options: readonly (readonly [string, string])[];
}) {
  return (
    <Field {...field}>
      {(a11y) => (
        <select
          {...a11y}
          value={bind.value}
          onChange={(e) => bind.onChange(e.target.value)}
          onBlur={() => bind.onBlur?.()}
          className={inputClassName}
          data-testid={testId}
        >
          <option value="">{empty}</option>
          {options.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
