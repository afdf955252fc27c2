'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useToast } from '~/components/toasts';
import { domainOf, errorText } from '~/lib/client-errors';
import { domainErrors, mergeErrors, type FieldErrors } from '~/lib/field-errors';
import { fieldKey, toRequest, type NetworkFormState } from '~/lib/network-form';
import { useTRPC } from '~/trpc/react';
import type { FormUi } from './use-form-state';

// The create and what follows it. Created everywhere: a toast in the shell
// and the network's page (the form is not checked again against the state
// its own create made). Refused somewhere: the hosts that made it are taken
// out of the selection (so a retry goes to the others, and nothing says
// "already exists"), and each refusal goes next to its field, naming its host.

export interface CreateFlow {
  send: () => void;
  pending: boolean;
  /** Set once every host created the network: the page is on its way to /networks/NAME. */
  done: boolean;
  /** Hosts that created it while others refused. */
  createdOn: string[];
}

/** Sends the form to every selected host and handles the outcomes. */
export function useCreateNetwork(ui: FormUi): CreateFlow {
  const trpc = useTRPC();
  const router = useRouter();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [done, setDone] = useState(false);
  const [createdOn, setCreatedOn] = useState<string[]>([]);
  const create = useMutation(trpc.networks.create.mutationOptions());
  const send = () => {
    const form = ui.form;
    const name = form.name.trim();
    ui.setServer({});
    create.mutate(
      { hostIds: form.hostIds, request: toRequest(form), coordinate: form.coordinate },
      {
        onSuccess: (outcomes) => {
          void queryClient.invalidateQueries({ queryKey: trpc.networks.list.queryKey() });
          const ok = outcomes.filter((o) => o.ok);
          const refused = outcomes.filter((o) => !o.ok);
          if (refused.length === 0) {
            setDone(true);
            toast(
              `${name} created on ${ok
                .map((o) => o.host)
                .sort()
                .join(', ')}`,
            );
            router.push(`/networks/${encodeURIComponent(name)}`);
            return;
          }
          setCreatedOn(ok.map((o) => o.host));
          ui.set({ hostIds: form.hostIds.filter((id) => !ok.some((o) => o.hostId === id)) });
          ui.setServer(refusalErrors(refused, form));
        },
        onError: (error) => ui.setServer(hubErrors(error, form)),
      },
    );
  };
  return { send, pending: create.isPending, done, createdOn };
}

/** Each refusing host's errors next to their fields, naming the host. */
function refusalErrors(
  refused: { host: string; error?: string; domain?: Parameters<typeof domainErrors>[0] | null }[],
  form: NetworkFormState,
): FieldErrors {
  return mergeErrors(
    ...refused.map((r) =>
      domainErrors(
        r.domain ?? { code: 'AGENT_UNAVAILABLE', path: [], message: r.error ?? 'no answer' },
        (path) => fieldKey(path, form),
        [r.host],
      ),
    ),
  );
}

/** The hub's own refusal (its fresh view of the fleet), next to its field when it names one. */
function hubErrors(error: unknown, form: NetworkFormState): FieldErrors {
  const domain = domainOf(error);
  if (domain) return domainErrors(domain, (path) => fieldKey(path, form));
  return { form: [{ text: errorText(error), code: 'REFUSED', severity: 'error' }] };
}
