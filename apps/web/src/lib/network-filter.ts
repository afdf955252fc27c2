import type { Network } from '@underlay/core';

// The Networks list's filters, pure so the list and its tests agree.

export interface NetworkFilter {
  hostId: string;
  vlan: string;
  subnet: string;
  mode: string;
}

export const EMPTY_FILTER: NetworkFilter = { hostId: '', vlan: '', subnet: '', mode: '' };

/** True when `network` on `hostId` passes every filter that is set. */
export function matchesFilter(filter: NetworkFilter, hostId: string, network: Network): boolean {
  if (filter.hostId && filter.hostId !== hostId) return false;
  if (filter.mode && filter.mode !== network.mode) return false;
  if (filter.vlan && String(network.vlanId ?? '') !== filter.vlan.trim()) return false;
  const text = filter.subnet.trim();
  if (
    text &&
    !network.subnets.some((s) => s.subnet.includes(text) || (s.gateway ?? '').includes(text))
  )
    return false;
  return true;
}

/** Which links `network rm` would delete, for the confirmation. */
export function linksRemovedWith(network: Network, others: Network[]): string[] {
  if (network.parentKind === 'existing') return [];
  const shared = others.some((n) => n.id !== network.id && n.parent === network.parent);
  return shared ? [] : [network.parent];
}
