'use client';

import { useCallback, useState } from 'react';
import { withoutKeys, type FieldErrors } from '~/lib/field-errors';
import { EMPTY_FORM, type NetworkFormState } from '~/lib/network-form';

// What the create form remembers besides its values: which fields the user
// has left (blur), whether a submit was tried, and the errors the last create
// came back with. An error shows once its field was left or a submit was
// tried, never on a form just opened; a refusal from an agent goes as soon as
// the field it is about changes.

/** The form key of each input's value (the checkboxes' keys are their own). */
const KEY_OF: Partial<Record<keyof NetworkFormState, string>> = { hostIds: 'hosts' };

export interface FormUi {
  form: NetworkFormState;
  touched: ReadonlySet<string>;
  submitted: boolean;
  server: FieldErrors;
  set: (patch: Partial<NetworkFormState>) => void;
  blur: (key: string) => void;
  setSubmitted: (value: boolean) => void;
  setServer: (errors: FieldErrors) => void;
}

/** The form's values and its validation state. */
export function useFormState(): FormUi {
  const [form, setForm] = useState<NetworkFormState>(EMPTY_FORM);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [server, setServer] = useState<FieldErrors>({});
  const set = useCallback((patch: Partial<NetworkFormState>) => {
    setForm((f) => ({ ...f, ...patch }));
    const keys = Object.keys(patch).map((k) => KEY_OF[k as keyof NetworkFormState] ?? k);
    setServer((errors) => withoutKeys(errors, keys));
  }, []);
  const blur = useCallback(
    (key: string) => setTouched((t) => (t.has(key) ? t : new Set([...t, key]))),
    [],
  );
  return { form, touched, submitted, server, set, blur, setSubmitted, setServer };
}
