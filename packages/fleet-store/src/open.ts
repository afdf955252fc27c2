import type { FleetStoreConfig } from '@underlay/core';
import { EtcdFleetStore } from './etcd-store';
import { createHubStore } from './hub-client';
import type { FleetStore } from './store';

/** How a store is opened: per-call deadline. */
export interface OpenFleetStoreOptions {
  /** Deadline of each store call in ms (default 3 s). */
  timeoutMs?: number;
}

// One place turns the wire config (core's FleetStoreConfigSchema) into a
// store, so the agent's flag and the hub's `fleetStore.configure` open the
// same thing. Opening connects lazily: an unreachable store is reported by
// the first call, as FLEET_STORE_UNREACHABLE naming it, not here.
/** Opens the fleet store a config names; null for `none`. */
export function openFleetStore(
  config: FleetStoreConfig,
  opts: OpenFleetStoreOptions = {},
): FleetStore | null {
  switch (config.kind) {
    case 'none':
      return null;
    case 'etcd':
      return new EtcdFleetStore({ endpoint: config.endpoints, timeoutMs: opts.timeoutMs });
    case 'hub':
      return createHubStore({ url: config.url, token: config.token, timeoutMs: opts.timeoutMs });
  }
}
