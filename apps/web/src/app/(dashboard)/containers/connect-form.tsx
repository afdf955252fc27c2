'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { domainOf, errorText, fieldOf } from '~/lib/client-errors';
import { useTRPC } from '~/trpc/react';
import { useRefreshEndpoints } from './refresh-endpoints';

/** `network connect [--ip] [--ip6] NET CONTAINER` on one host. */
export function ConnectForm() {
  const trpc = useTRPC();
  const hosts = useQuery(trpc.fleet.list.queryOptions());
  const networks = useQuery(trpc.networks.list.queryOptions());
  const containers = useQuery(trpc.containers.list.queryOptions());
  const [f, setF] = useState({
    hostId: '',
    network: '',
    container: '',
    ipv4Address: '',
    ipv6Address: '',
  });
  const refresh = useRefreshEndpoints();
  const connect = useMutation(trpc.networks.connect.mutationOptions({ onSuccess: refresh }));
  const nets = networks.data?.find((o) => o.hostId === f.hostId);
  const ctrs = containers.data?.find((o) => o.hostId === f.hostId);
  const field = fieldOf(domainOf(connect.error));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!f.hostId || !f.network || !f.container) return;
    const ipv4Address = f.ipv4Address.trim();
    const ipv6Address = f.ipv6Address.trim();
    connect.mutate({
      hostId: f.hostId,
      request: {
        network: f.network,
        container: f.container,
        ...(ipv4Address ? { ipv4Address } : {}),
        ...(ipv6Address ? { ipv6Address } : {}),
      },
    });
  };

  return (
    <form
      onSubmit={submit}
      className="flex flex-wrap items-start gap-2 text-sm"
      data-testid="connect-form"
    >
      <select
        value={f.hostId}
        onChange={(e) => setF({ ...f, hostId: e.target.value, network: '', container: '' })}
        className="input w-auto"
        aria-label="Host"
        data-testid="cn-host"
      >
        <option value="">host…</option>
        {hosts.data?.map((h) => (
          <option key={h.id} value={h.id}>
            {h.name}
          </option>
        ))}
      </select>
      <select
        value={f.network}
        onChange={(e) => setF({ ...f, network: e.target.value })}
        className="input w-auto"
        aria-label="Network"
        data-testid="cn-network"
      >
        <option value="">network…</option>
        {nets?.ok &&
          nets.value.map((n) => (
            <option key={n.id} value={n.name}>
              {n.name}
            </option>
          ))}
      </select>
      <select
        value={f.container}
        onChange={(e) => setF({ ...f, container: e.target.value })}
        className="input w-auto"
        aria-label="Container"
        data-testid="cn-container"
      >
        <option value="">container…</option>
        {ctrs?.ok &&
          ctrs.value.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name}
            </option>
          ))}
      </select>
      <div>
        <input
          value={f.ipv4Address}
          onChange={(e) => setF({ ...f, ipv4Address: e.target.value })}
          placeholder="static IPv4 (optional)"
          className="input w-44 font-mono"
          data-testid="cn-ip"
        />
        {field === 'ipv4Address' && (
          <span className="block text-xs text-red-700" data-testid="cn-ip-error">
            {errorText(connect.error)}
          </span>
        )}
      </div>
      <div>
        <input
          value={f.ipv6Address}
          onChange={(e) => setF({ ...f, ipv6Address: e.target.value })}
          placeholder="static IPv6 (optional)"
          className="input w-56 font-mono"
          data-testid="cn-ip6"
        />
        {field === 'ipv6Address' && (
          <span className="block text-xs text-red-700" data-testid="cn-ip6-error">
            {errorText(connect.error)}
          </span>
        )}
      </div>
      <button
        type="submit"
        disabled={connect.isPending}
        className="rounded border border-slate-300 px-3 py-1"
        data-testid="cn-submit"
      >
        Connect
      </button>
      {connect.error && field !== 'ipv4Address' && field !== 'ipv6Address' && (
        <span className="text-red-700" data-testid="cn-error">
          {errorText(connect.error)}
        </span>
      )}
      {connect.isSuccess && (
        <span className="text-green-700" data-testid="cn-ok">
          connected
        </span>
      )}
    </form>
  );
}
