import type { AgentEvent } from '@underlay/core';
import type { SubscriptionData } from '../router/types';

// `underlay events`: one line per change, like `docker events`:
// `TIME TYPE SUBJECT (details)`. A type this CLI does not know (a newer
// agent's) still prints, with its JSON.

/** A tracked event as the subscription delivers it. */
export type TrackedEvent = SubscriptionData<'events.stream'>;

/** Splits a tracked event into its id and the event. */
export const unwrapEvent = (value: TrackedEvent): { id: string; event: AgentEvent } => ({
  id: value.id,
  event: value.data,
});

/** One line for an event. */
export function formatEvent(event: AgentEvent): string {
  return `${event.at} ${event.type} ${subjectOf(event)}`.trim();
}

function subjectOf(e: AgentEvent): string {
  return networkSubject(e) ?? memberSubject(e) ?? otherSubject(e);
}

/** The subject of a network event; undefined for any other. */
function networkSubject(e: AgentEvent): string | undefined {
  switch (e.type) {
    case 'network.created': {
      const n = e.network;
      return `${n.name} (id=${n.id.slice(0, 12)}, parent=${n.parent}, mode=${n.mode})`;
    }
    case 'network.updated':
      return `${e.network.name} (${e.changed.join(', ')})`;
    case 'network.removed':
    case 'network.restored':
      return e.name;
    case 'network.degraded':
      return `${e.name} (${e.reason})`;
    default:
      return undefined;
  }
}

/** The subject of an endpoint or container event; undefined for any other. */
function memberSubject(e: AgentEvent): string | undefined {
  switch (e.type) {
    case 'endpoint.connected':
    case 'endpoint.disconnected': {
      const p = e.endpoint;
      return `${p.container} ${p.ifname ? `${p.ifname} ` : ''}(${[p.ipv4Address, p.ipv6Address].filter(Boolean).join(', ')})`;
    }
    case 'endpoint.released':
      return `${e.endpoint.container} (${e.reason})`;
    case 'container.created':
      return e.container.name;
    case 'container.removed':
      return e.name;
    default:
      return undefined;
  }
}

/** The subject of a drift, recovery, fleet or link event, or the JSON of a type this CLI does not know. */
function otherSubject(e: AgentEvent): string {
  switch (e.type) {
    case 'drift.found':
      return `${e.items.length} item(s): run "underlay network drift" for details`;
    case 'drift.cleared':
      return unknownEvent(e); // '{}', as it always printed
    case 'operation.recovered':
      return `${e.operation} ${e.action} (${e.steps} step(s)${e.failures.length ? `; failed: ${e.failures.join('; ')}` : ''})`;
    case 'fleet.block':
      return `${e.action} ${e.block} on ${e.segment}${e.detail ? ` (${e.detail})` : ''}`;
    case 'fleet.conflict':
      return `${e.name}: ${e.message}`;
    case 'fleet.store':
      return `${e.where} ${e.reachable ? 'reachable' : 'unreachable'}${e.message ? `: ${e.message}` : ''}`;
    case 'link.up':
    case 'link.down':
    case 'link.added':
    case 'link.removed':
      return e.link;
    default:
      return unknownEvent(e);
  }
}

// The rest of an event as JSON: for a type added after this CLI was built.
function unknownEvent(e: object): string {
  const { at: _at, type: _type, ...rest } = e as Record<string, unknown>;
  return JSON.stringify(rest);
}
