'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import type { AgentEvent } from '@underlay/core';
import { createContext, useContext, useState, type ReactNode } from 'react';
import type { HubEvent } from '~/server/fleet/hub';
import { useTRPC } from '~/trpc/react';
import { describeEvent } from './events/describe';

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
  event: HubEvent | AgentEvent;
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
      // The stream sends what happens from now on: whatever happened between the page's data
      // (rendered with the page, trpc/server.tsx) and this start, or while it was down, is read again.
      onStarted: () => void queryClient.invalidateQueries(),
      onData: ({ id, data }) => {
        const item = toItem(id, data);
        setItems((prev) => [item, ...prev].slice(0, MAX_ITEMS));
        if (item.kind === 'state')
          void queryClient.invalidateQueries({ queryKey: trpc.fleet.list.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.topology.hosts.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.events.history.pathKey() });
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

function toItem(id: string, data: HubEvent): FeedItem {
  if (data.kind === 'state') {
    const status = data.status;
    return {
      id,
      at: Date.now(),
      kind: 'state',
      host: data.host,
      hostId: data.hostId,
      type: `host.${status}`,
      text: data.summary ? `${status}: ${data.summary}` : status,
      event: data,
    };
  }
  const { event } = data;
  return {
    id,
    at: Date.now(),
    kind: 'agent',
    host: data.host,
    hostId: data.hostId,
    type: event.type,
    text: describeEvent(event),
    event,
  };
}
