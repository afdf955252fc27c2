'use client';

import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { HostEditSchema, HostInputSchema } from '~/lib/host-schema';
import { domainOf, errorText, fieldOf } from '~/lib/client-errors';
import type { FieldError } from '~/lib/field-errors';
import { plainText } from '~/lib/field-errors';
import { useTRPC } from '~/trpc/react';

/** The host form's inputs. */
export type HostFields = { name: string; address: string; token: string; tlsCa: string };

/** The host being edited (none when adding). */
export type EditedHost = { id: string; name: string; address: string } | undefined;

/** Each field's first problem: the schema's, then the agent's refusal of the field it names. */
function fieldProblems(host: EditedHost, fields: HostFields, error: unknown) {
  const schema = host ? HostEditSchema.omit({ id: true }) : HostInputSchema;
  const parsed = schema.safeParse(fields);
  const errors: Partial<Record<string, string>> = {};
  if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0])] ??= i.message;
  const codes: Partial<Record<string, string>> = {};
  const serverField = fieldOf(domainOf(error));
  if (serverField) {
    errors[serverField] = plainText(domainOf(error)?.message ?? errorText(error));
    codes[serverField] = domainOf(error)?.code;
  }
  return { valid: parsed.success, errors, codes, serverField };
}

/** The fields, the save (add or edit) and test mutations, and the errors to show now. */
export function useHostForm(host: EditedHost, onDone: () => void) {
  const trpc = useTRPC();
  const [fields, setFields] = useState<HostFields>({
    name: host?.name ?? '',
    address: host?.address ?? '',
    token: '',
    tlsCa: '',
  });
  const [touched, setTouched] = useState<Partial<Record<keyof HostFields, boolean>>>({});
  const add = useMutation(trpc.fleet.add.mutationOptions({ onSuccess: onDone }));
  const edit = useMutation(trpc.fleet.edit.mutationOptions({ onSuccess: onDone }));
  const test = useMutation(trpc.fleet.test.mutationOptions());
  const save = host ? edit : add;
  const { valid, errors, codes, serverField } = fieldProblems(host, fields, save.error);
  // An old refusal goes as soon as the input changes.
  const change = (key: keyof HostFields, value: string) => {
    setFields({ ...fields, [key]: value });
    save.reset();
    test.reset();
  };
  const blur = (key: keyof HostFields) => setTouched({ ...touched, [key]: true });
  const shown = (key: keyof HostFields): FieldError[] =>
    touched[key] && errors[key]
      ? [{ text: errors[key], code: codes[key] ?? 'INVALID_INPUT', severity: 'error' }]
      : [];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched({ name: true, address: true, token: true, tlsCa: true });
    if (!valid) return;
    if (host) edit.mutate({ ...fields, id: host.id });
    else add.mutate(fields);
  };
  const runTest = () =>
    test.mutate({
      address: fields.address,
      token: fields.token,
      tlsCa: fields.tlsCa,
      ...(host ? { id: host.id } : {}),
    });
  return { fields, change, blur, shown, submit, save, test, runTest, serverField };
}
