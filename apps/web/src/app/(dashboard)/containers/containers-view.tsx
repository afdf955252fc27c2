'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ContainerCreateSchema, validateContainerName } from '@underlay/core';
import { useState, type FormEvent } from 'react';
import { errorText } from '~/lib/client-errors';
import { useTRPC } from '~/trpc/react';
import { ConnectForm } from './connect-form';
import { EndpointsTable } from './endpoints-table';

/** Containers (network namespaces) per host: create, remove, connect to a network; their endpoints, disconnect. */
export function ContainersView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const hosts = useQuery(trpc.fleet.list.queryOptions());
  const list = useQuery(trpc.containers.list.queryOptions());
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.containers.list.queryKey() });
  const create = useMutation(trpc.containers.create.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.containers.remove.mutationOptions({ onSuccess: refresh }));
  const [hostId, setHostId] = useState('');
  const [name, setName] = useState('');
  const nameIssue = name ? (validateContainerName(name)[0]?.message ?? null) : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = ContainerCreateSchema.safeParse({ name });
    if (!hostId || !parsed.success || nameIssue) return;
    create.mutate({ hostId, request: parsed.data });
  };

  return (
    <section className="space-y-4">
      <h1 className="text-lg font-semibold">Containers</h1>
      <form
        onSubmit={submit}
        className="flex flex-wrap items-start gap-2 text-sm"
        data-testid="container-form"
      >
        <label className="block">
          <span className="block font-medium">Host</span>
          <select
            value={hostId}
            onChange={(e) => setHostId(e.target.value)}
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
        <div>
          <label htmlFor="cf-name" className="block font-medium">
            Container name
          </label>
          <input
            id="cf-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="web-1"
            className="input mt-1 w-48"
            data-testid="cf-name"
          />
          {nameIssue && (
            <span className="block text-xs text-red-700" data-testid="cf-name-error">
              {nameIssue}
            </span>
          )}
        </div>
        <button
          type="submit"
          disabled={!hostId || !name || Boolean(nameIssue) || create.isPending}
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
      <ConnectForm />
      {remove.error && <p className="text-red-700">{errorText(remove.error)}</p>}
      <table className="w-full border-collapse bg-white text-sm" data-testid="container-table">
        <thead>
          <tr className="border-b text-left text-slate-500">
            <th className="p-2">Host</th>
            <th className="p-2">Name</th>
            <th className="p-2">Namespace</th>
            <th className="p-2">Origin</th>
            <th className="p-2" />
          </tr>
        </thead>
        <tbody>
          {(list.data ?? []).map((o) =>
            o.ok ? (
              o.value.map((c) => (
                <tr
                  key={`${o.hostId}/${c.name}`}
                  className="border-b"
                  data-testid={`container-row-${o.host}-${c.name}`}
                >
                  <td className="p-2">{o.host}</td>
                  <td className="p-2 font-medium">{c.name}</td>
                  <td className="p-2 font-mono text-xs" data-netns={c.netns}>
                    {c.netns === c.name ? (
                      <span className="font-sans text-slate-500">own, same name</span>
                    ) : (
                      c.netns
                    )}
                  </td>
                  <td className="p-2">{c.origin}</td>
                  <td className="p-2 text-right">
                    <button
                      type="button"
                      className="text-red-700 underline"
                      data-testid={`container-remove-${o.host}-${c.name}`}
                      onClick={() =>
                        window.confirm(
                          `Remove container ${c.name} on ${o.host}? Its endpoints are disconnected first.`,
                        ) && remove.mutate({ hostId: o.hostId, container: c.name })
                      }
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              ))
            ) : (
              <tr key={o.hostId}>
                <td className="p-2">{o.host}</td>
                <td colSpan={4} className="p-2 text-amber-700">
                  {o.error}
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
      <EndpointsTable />
    </section>
  );
}
