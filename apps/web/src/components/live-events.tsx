'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { createContext, useContext, useState, type ReactNode } from 'react';
import { useTRPC } from '~/trpc/react';

// One SSE subscription per tab feeds everything live: it keeps the recent
// events for the Events page and the topology, and invalidates the queries an
// event makes stale, so a second tab sees a network created in the first.

export interface FeedItem {
  id: string;
  at: number;
  kind: 'agent' | 'state';
  host: string;
  hostId: string;
  text: string;
  type: string;
  event: unknown;
}

interface LiveState {
  connected: boolean;
  items: FeedItem[];
}

const Live = createContext<LiveState>({ connected: false, items: [] });

/** The live feed's state. */
export const useLiveEvents = () => useContext(Live);

const MAX_ITEMS = 200;

/** Subscribes once and shares the feed. */
export function LiveEvents({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [items, setItems] = useState<FeedItem[]>([]);
  const sub = useSubscription(
    trpc.events.stream.subscriptionOptions(undefined, {
      onData: ({ id, data }) => {
        const item = toItem(id, data);
        setItems((prev) => [item, ...prev].slice(0, MAX_ITEMS));
        if (item.kind === 'state')
          void queryClient.invalidateQueries({ queryKey: trpc.fleet.list.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.topology.hosts.queryKey() });
        if (item.type.startsWith('network.'))
          void queryClient.invalidateQueries({ queryKey: trpc.networks.list.queryKey() });
        if (item.type.startsWith('container.') || item.type.startsWith('endpoint.')) {
          void queryClient.invalidateQueries({ queryKey: trpc.containers.list.queryKey() });
          void queryClient.invalidateQueries({ queryKey: trpc.networks.list.queryKey() });
        }
      },
    }),
  );
  return (
    <Live.Provider value={{ connected: sub.status === 'pending', items }}>{children}</Live.Provider>
  );
}

function toItem(
  id: string,
  data: { kind: 'agent' | 'state'; hostId: string; host: string } & Record<string, unknown>,
): FeedItem {
  if (data.kind === 'state') {
    const status = String(data.status);
    return {
      id,
      at: Date.now(),
      kind: 'state',
      host: data.host,
      hostId: data.hostId,
      type: `host.${status}`,
      text: data.summary ? `${status}: ${String(data.summary)}` : status,
      event: data,
    };
  }
  const event = (data.event ?? {}) as { type?: string } & Record<string, unknown>;
  const type = event.type ?? 'unknown';
  return {
    id,
    at: Date.now(),
    kind: 'agent',
    host: data.host,
    hostId: data.hostId,
    type,
    text: describe(event),
    event,
  };
}

function describe(event: Record<string, unknown>): string {
  const network = event.network as { name?: string } | undefined;
  const endpoint = event.endpoint as { container?: string; ipv4Address?: string } | undefined;
  const container = event.container as { name?: string } | undefined;
  const subject =
    network?.name ??
    (event.name as string | undefined) ??
    endpoint?.container ??
    container?.name ??
    (event.link as string | undefined) ??
    '';
  return `${String(event.type)} ${subject}${endpoint?.ipv4Address ? ` ${endpoint.ipv4Address}` : ''}`.trim();
}
