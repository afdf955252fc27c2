import type { AgentEvent } from '@underlay/core';
import type { HubEvent } from '~/server/fleet/hub';

// One line per event, the same in the live feed and the stored history.

/** "network.created vlan10", "endpoint.connected c1 10.0.0.2/24": the event's type and subject. */
export function describeEvent(event: AgentEvent): string {
  const endpoint = 'endpoint' in event ? event.endpoint : undefined;
  const subject =
    ('network' in event ? event.network.name : undefined) ??
    ('name' in event ? event.name : undefined) ??
    endpoint?.container ??
    ('container' in event ? event.container.name : undefined) ??
    ('link' in event ? event.link : undefined) ??
    '';
  return `${event.type} ${subject}${endpoint?.ipv4Address ? ` ${endpoint.ipv4Address}` : ''}`.trim();
}

/** An agent's event as `describeEvent` says it; a host's state change as `reconnecting: …`. */
export function describeHubEvent(data: HubEvent): string {
  if (data.kind === 'agent') return describeEvent(data.event);
  return data.summary ? `${data.status}: ${data.summary}` : data.status;
}
