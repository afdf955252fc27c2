'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { ContainerCreateSchema, validateContainerName } from '@underlay/core';
import { useState, type FormEvent } from 'react';
import { errorText } from '~/lib/client-errors';
import { useTRPC } from '~/trpc/react';

/** The form's host, name, the name's problem if any, and the create mutation. */
function useCreateContainer(onCreated: () => unknown) {
  const trpc = useTRPC();
  const create = useMutation(trpc.containers.create.mutationOptions({ onSuccess: onCreated }));
  const [hostId, setHostId] = useState('');
  const [name, setName] = useState('');
  const nameIssue = name ? (validateContainerName(name)[0]?.message ?? null) : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = ContainerCreateSchema.safeParse({ name });
    if (!hostId || !parsed.success || nameIssue) return;
    create.mutate({ hostId, request: parsed.data });
  };
  return { hostId, setHostId, name, setName, nameIssue, submit, create };
}

/** `container create NAME` on one host, the name checked by core as you type; `onCreated` refreshes the list. */
export function CreateContainerForm({ onCreated }: { onCreated: () => unknown }) {
  const form = useCreateContainer(onCreated);
  const { create, nameIssue } = form;
  return (
    <form
      onSubmit={form.submit}
      className="flex flex-wrap items-start gap-2 text-sm"
      data-testid="container-form"
    >
      <HostSelect value={form.hostId} onChange={form.setHostId} />
      <NameInput value={form.name} onChange={form.setName} issue={nameIssue} />
      <button
        type="submit"
        disabled={!form.hostId || !form.name || Boolean(nameIssue) || create.isPending}
        className="self-end rounded bg-slate-900 px-3 py-1 text-white disabled:opacity-50"
        data-testid="cf-submit"
      >
        Create container
      </button>
      {create.error && (
        <span className="text-red-700" data-testid="cf-error">
          {errorText(create.error)}
        </span>
      )}
    </form>
  );
}

/** The host to create on, from the fleet. */
function HostSelect({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const trpc = useTRPC();
  const hosts = useQuery(trpc.fleet.list.queryOptions());
  return (
    <label className="block">
      <span className="block font-medium">Host</span>
      <select
        value={value}
        onChange={(e) => onChange(e.target.value)}
        className="input mt-1 w-auto"
        data-testid="cf-host"
      >
        <option value="">choose…</option>
        {hosts.data?.map((h) => (
          <option key={h.id} value={h.id}>
            {h.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The container's name, with core's objection under it. */
function NameInput(props: { value: string; onChange: (v: string) => void; issue: string | null }) {
  return (
    <div>
      <label htmlFor="cf-name" className="block font-medium">
        Container name
      </label>
      <input
        id="cf-name"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        placeholder="web-1"
        className="input mt-1 w-48"
        data-testid="cf-name"
      />
      {props.issue && (
        <span className="block text-xs text-red-700" data-testid="cf-name-error">
          {props.issue}
        </span>
      )}
    </div>
  );
}
