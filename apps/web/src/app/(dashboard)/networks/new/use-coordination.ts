'use client';

import { coordinateRanges, type HostRange, type Network, type SpanPeer } from '@underlay/core';
import { useMemo } from 'react';
import { fieldKey, toRequest, type NetworkFormState } from '~/lib/network-form';

export interface CoordinationPreview {
  /** Each selected host's slice of each subnet, before anything is sent. */
  ranges: HostRange[];
  /** Refusals (subnet too small for that many hosts) by form key. */
  byField: Record<string, string[]>;
  hasErrors: boolean;
  /** True when the hosts will get disjoint ranges (two hosts or more, or peers already holding the network). */
  applies: boolean;
}

/**
 * core's coordinateRanges on what the form knows: the selected hosts, and the
 * hosts that already hold a network of this name (peers, from networks.list).
 * The hub runs the same function on the agents' fresh lists when it sends.
 */
export function useCoordination(
  form: NetworkFormState,
  hosts: { id: string; name: string }[],
  lists: { hostId: string; host: string; ok: boolean; value?: Network[] }[] | undefined,
): CoordinationPreview {
  return useMemo(() => {
    if (!form.coordinate) return { ranges: [], byField: {}, hasErrors: false, applies: false };
    const selected = hosts.filter((h) => form.hostIds.includes(h.id));
    const name = form.name.trim();
    const peers: SpanPeer[] = (lists ?? []).flatMap((o) =>
      o.ok && !form.hostIds.includes(o.hostId)
        ? (o.value ?? [])
            .filter((n) => n.name === name)
            .map((network) => ({ host: o.host, network }))
        : [],
    );
    const result = coordinateRanges({
      request: toRequest(form),
      hosts: selected.map((h) => h.name),
      peers,
    });
    const byField: Record<string, string[]> = {};
    for (const i of result.issues)
      (byField[fieldKey(i.path, form)] ??= []).push(`${i.message}${i.hint ? ` ${i.hint}` : ''}`);
    return {
      ranges: result.ranges,
      byField,
      hasErrors: result.issues.length > 0,
      applies: selected.length + peers.length > 1,
    };
  }, [form, hosts, lists]);
}
