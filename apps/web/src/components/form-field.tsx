import type { ReactNode } from 'react';
import type { FieldError } from '~/lib/field-errors';

// One labelled field for every dashboard form: a visible <label> tied to its
// input (its accessible name), the hint and the errors tied with
// aria-describedby, aria-invalid while an error shows. Errors sit right under
// their input, red; warnings amber.

/** What the input needs from its field: its id and the ARIA links to its hint and errors. */
export interface InputA11y {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby'?: string;
}

/** What a field shows around its input. */
export interface FieldProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  hintTestId?: string;
  errors?: FieldError[] | undefined;
  errorTestId: string;
  warningTestId?: string;
  className?: string;
}

/** The ARIA props of the input: its id, aria-invalid while an error shows, its hint and errors as description. */
function inputA11y(props: FieldProps, errors: FieldError[]): InputA11y {
  const described = [props.hint ? `${props.id}-hint` : '', errors.length ? `${props.id}-msg` : '']
    .filter(Boolean)
    .join(' ');
  return {
    id: props.id,
    'aria-invalid': errors.some((e) => e.severity === 'error'),
    ...(described ? { 'aria-describedby': described } : {}),
  };
}

/** A labelled input (given as a function of its ARIA props) with its hint and errors. */
export function Field(props: FieldProps & { children: (a11y: InputA11y) => ReactNode }) {
  const errors = props.errors ?? [];
  return (
    <div className={props.className ?? 'block'}>
      <label htmlFor={props.id} className="font-medium">
        {props.label}
      </label>
      {props.hint && (
        <span
          id={`${props.id}-hint`}
          className="ml-2 text-xs text-slate-500"
          data-testid={props.hintTestId}
        >
          {props.hint}
        </span>
      )}
      <div className="mt-1">{props.children(inputA11y(props, errors))}</div>
      <FieldMessages
        id={`${props.id}-msg`}
        errors={errors}
        errorTestId={props.errorTestId}
        warningTestId={props.warningTestId}
      />
    </div>
  );
}

/** A field's errors (red) and warnings (amber), each list only when it has items. */
export function FieldMessages({
  id,
  errors,
  errorTestId,
  warningTestId,
}: {
  id?: string;
  errors: FieldError[];
  errorTestId: string;
  warningTestId?: string | undefined;
}) {
  const red = errors.filter((e) => e.severity === 'error');
  const amber = errors.filter((e) => e.severity === 'warning');
  return (
    <div id={id}>
      {red.length > 0 && (
        <ul className="mt-1 text-xs text-red-700" data-testid={errorTestId} data-field-error="">
          {red.map((e) => (
            <li key={e.text} data-code={e.code}>
              {e.text}
            </li>
          ))}
        </ul>
      )}
      {amber.length > 0 && (
        <ul className="mt-1 text-xs text-amber-700" data-testid={warningTestId}>
          {amber.map((e) => (
            <li key={e.text} data-code={e.code}>
              {e.text}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
