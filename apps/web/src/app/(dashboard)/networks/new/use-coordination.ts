'use client';

import { leaseCapacity, type Network } from '@underlay/core';
import { useMemo } from 'react';
import { fieldKey, toRequest, type NetworkFormState } from '~/lib/network-form';

export interface CoordinationPreview {
  /** Refusals (a subnet with fewer address blocks than hosts) by form key. */
  byField: Record<string, string[]>;
  hasErrors: boolean;
  /** True when the network will span two hosts or more (selected, or peers already holding it). */
  applies: boolean;
}

/**
 * core's leaseCapacity on what the form knows: the selected hosts, and the
 * hosts that already hold a network of this name (peers, from networks.list).
 * The hub runs the same check on the agents' fresh lists when it sends, and
 * checks that every host's agent leases from one fleet store.
 */
export function useCoordination(
  form: NetworkFormState,
  hosts: { id: string; name: string }[],
  lists: { hostId: string; host: string; ok: boolean; value?: Network[] }[] | undefined,
): CoordinationPreview {
  return useMemo(() => {
    if (!form.coordinate) return { byField: {}, hasErrors: false, applies: false };
    const selected = hosts.filter((h) => form.hostIds.includes(h.id));
    const name = form.name.trim();
    const peers = (lists ?? []).filter(
      (o) => o.ok && !form.hostIds.includes(o.hostId) && o.value?.some((n) => n.name === name),
    );
    const issues = leaseCapacity(toRequest(form), selected.length + peers.length);
    const byField: Record<string, string[]> = {};
    for (const i of issues)
      (byField[fieldKey(i.path, form)] ??= []).push(`${i.message}${i.hint ? ` ${i.hint}` : ''}`);
    return { byField, hasErrors: issues.length > 0, applies: selected.length + peers.length > 1 };
  }, [form, hosts, lists]);
}
