import type { AgentEvent } from '@underlay/core';
import type { Hub } from '../fleet/hub';

// The network page's "recent events": the hub's feed (every agent's events)
// narrowed to the ones about this network on the hosts that hold it.

/** One event about the network, as the page lists it. */
export interface NetworkEvent {
  id: number;
  at: string;
  host: string;
  type: AgentEvent['type'];
  summary: string;
}

/** A host's copy of the network: its id there and its fleet-IPAM segments. */
interface Copy {
  host: string;
  network: { id: string; name: string };
  inspect: { FleetIpam?: { segment: string }[] } | null;
}

/** A one-line description when `event` concerns `copy`'s network, else null. */
function describe(event: AgentEvent, copy: Copy): string | null {
  const { id, name } = copy.network;
  switch (event.type) {
    case 'network.created':
    case 'network.updated':
      return event.network.name === name ? `network ${name} ${event.type.split('.')[1]}` : null;
    case 'network.removed':
    case 'network.restored':
      return event.name === name ? `network ${name} ${event.type.split('.')[1]}` : null;
    case 'network.degraded':
      return event.name === name ? `network ${name} degraded: ${event.reason}` : null;
    case 'endpoint.connected':
    case 'endpoint.disconnected':
    case 'endpoint.released':
      return event.endpoint.networkId === id
        ? `${event.endpoint.container} ${event.type.split('.')[1]}${event.endpoint.ipv4Address ? ` (${event.endpoint.ipv4Address})` : ''}`
        : null;
    case 'fleet.conflict':
      return event.name === name ? `fleet IPAM conflict: ${event.message}` : null;
    case 'fleet.block':
      return copy.inspect?.FleetIpam?.some((s) => s.segment === event.segment)
        ? `block ${event.block} ${event.action}`
        : null;
    default:
      return null;
  }
}

/** The last `limit` events of the hub's feed about the network on these hosts, newest first. */
export function networkEvents(hub: Hub, copies: Copy[], limit = 30): NetworkEvent[] {
  const byHost = new Map(copies.map((c) => [c.host, c]));
  const found: NetworkEvent[] = [];
  for (const { id, event } of hub.feed.since(0)) {
    if (event.kind !== 'agent') continue;
    const copy = byHost.get(event.host);
    const summary = copy ? describe(event.event, copy) : null;
    if (summary)
      found.push({ id, at: event.event.at, host: event.host, type: event.event.type, summary });
  }
  return found.slice(-limit).reverse();
}
