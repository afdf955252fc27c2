import type { FleetStoreConfig } from '@underlay/core';

/** `--fleet-store` as written: `none`, or `etcd://HOST:PORT[,HOST:PORT…]`. */
export const FLEET_STORE_FLAG =
  /^(none|etcd:\/\/(\[[0-9a-fA-F:]+\]|[^:,\s/]+):\d{1,5}(,(\[[0-9a-fA-F:]+\]|[^:,\s/]+):\d{1,5})*)$/;

// etcd's clients speak plain HTTP/2 to its client URLs; the flag names the
// members once with a scheme of its own so `none` and a later `hub://` read
// alike. A hub configures its agents at run time (fleetStore.configure).
/** The store `--fleet-store` names. */
export function parseFleetStoreFlag(text: string): FleetStoreConfig {
  if (text === 'none') return { kind: 'none' };
  const members = text.slice('etcd://'.length).split(',');
  return { kind: 'etcd', endpoints: members.map((member) => `http://${member}`) };
}
