'use client';

import { useMutation } from '@tanstack/react-query';
import { formatPath } from '@underlay/core';
import { useState, type FormEvent } from 'react';
import { domainOf, errorText } from '~/lib/client-errors';
import {
  domainErrors,
  hasErrors,
  mergeErrors,
  visibleErrors,
  withoutKeys,
  type FieldErrors,
} from '~/lib/field-errors';
import { useTRPC } from '~/trpc/react';
import { useRefreshEndpoints } from './refresh-endpoints';

// `network connect` as a form: what is missing is said at the field (on
// blur or submit), the agent's refusal goes next to the field it names in
// core's words, and every old message goes when its input changes or a
// later connect succeeds.

export type ConnectFields = {
  hostId: string;
  network: string;
  container: string;
  ipv4Address: string;
  ipv6Address: string;
};

const EMPTY: ConnectFields = {
  hostId: '',
  network: '',
  container: '',
  ipv4Address: '',
  ipv6Address: '',
};

const CHOOSE: [keyof ConnectFields, string][] = [
  ['hostId', 'Choose the host the container is on.'],
  ['network', 'Choose the network to connect the container to.'],
  ['container', 'Choose the container to connect.'],
];

/** What is not chosen yet, by field. */
function missing(f: ConnectFields): FieldErrors {
  return Object.fromEntries(
    CHOOSE.filter(([key]) => !f[key]).map(([key, text]) => [
      key,
      [{ text, code: 'REQUIRED', severity: 'error' as const }],
    ]),
  );
}

/** The connect form's values, the errors to show now, and its submit. */
export function useConnectForm() {
  const trpc = useTRPC();
  const refresh = useRefreshEndpoints();
  const [f, setF] = useState<ConnectFields>(EMPTY);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [server, setServer] = useState<FieldErrors>({});
  const connect = useMutation(trpc.networks.connect.mutationOptions());
  const local = missing(f);
  const shown = visibleErrors(
    mergeErrors(local, server),
    (k) => submitted || touched.has(k) || k in server,
  );
  const set = (patch: Partial<ConnectFields>) => {
    setF((old) => ({ ...old, ...patch }));
    setServer((e) => withoutKeys(e, Object.keys(patch)));
    connect.reset();
  };
  const blur = (key: string) => setTouched((t) => new Set([...t, key]));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (hasErrors(local)) return;
    setServer({});
    connect.mutate(request(f), {
      onSuccess: () => void refresh(),
      onError: (error) => setServer(refusal(error)),
    });
  };
  return { f, set, blur, shown, submit, pending: connect.isPending, ok: connect.isSuccess };
}

/** The mutation's input: static addresses only when given. */
function request(f: ConnectFields) {
  const ipv4Address = f.ipv4Address.trim();
  const ipv6Address = f.ipv6Address.trim();
  return {
    hostId: f.hostId,
    request: {
      network: f.network,
      container: f.container,
      ...(ipv4Address ? { ipv4Address } : {}),
      ...(ipv6Address ? { ipv6Address } : {}),
    },
  };
}

/** A refusal next to the field it names (the form as a whole otherwise). */
function refusal(error: unknown): FieldErrors {
  const domain = domainOf(error);
  if (domain) return domainErrors(domain, (path) => formatPath(path));
  return { form: [{ text: errorText(error), code: 'REFUSED', severity: 'error' }] };
}
