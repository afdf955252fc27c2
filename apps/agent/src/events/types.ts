import type { Container, Endpoint, Network } from '@underlay/core';

// What the `events` subscription streams. Clients (the dashboard's hub, `underlay
// events`) switch on `type`; never rename one.

/** Something that changed on this host. */
export type AgentEvent = { at: string } & (
  | { type: 'network.created'; network: Network }
  | { type: 'network.removed'; networkId: string; name: string }
  | { type: 'network.restored'; networkId: string; name: string }
  | { type: 'network.degraded'; networkId: string; name: string; reason: string }
  | { type: 'endpoint.connected'; endpoint: Endpoint }
  | { type: 'endpoint.disconnected'; endpoint: Endpoint }
  | { type: 'endpoint.released'; endpoint: Endpoint; reason: string }
  | { type: 'container.created'; container: Container }
  | { type: 'container.removed'; name: string }
  | { type: 'drift.found'; items: { network: string; link: string; problem: string }[] }
  | { type: 'drift.cleared' }
  | { type: 'link.up'; link: string }
  | { type: 'link.down'; link: string }
  | { type: 'link.added'; link: string }
  | { type: 'link.removed'; link: string }
);

/** An event before it is stamped. */
export type AgentEventInput = AgentEvent extends infer E
  ? E extends AgentEvent
    ? Omit<E, 'at'>
    : never
  : never;
