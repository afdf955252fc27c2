import type { EndpointRef, HostView } from '@underlay/core';
import { z } from 'zod';

// Which endpoints a matrix run covers: an explicit list, or every endpoint of
// a VLAN / of a network name across the fleet's hosts.

/** The most ordered pairs one run may ping (20 endpoints make 380). */
export const MAX_PAIRS = 400;

const EndpointRefSchema = z
  .object({ hostId: z.string().min(1), endpointId: z.string().min(1) })
  .strict();

export const MatrixSelectionSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('endpoints'),
      endpoints: z.array(EndpointRefSchema).min(2, 'Pick at least two endpoints.'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('vlan'),
      vlanId: z.number().int().min(1, 'A VLAN id is 1–4094.').max(4094, 'A VLAN id is 1–4094.'),
    })
    .strict(),
  z
    .object({ kind: z.literal('network'), network: z.string().min(1, 'Give a network name.') })
    .strict(),
]);
export type MatrixSelection = z.infer<typeof MatrixSelectionSchema>;

/** The endpoints a selection names, in fleet order (hosts, then their endpoints). */
export function resolveSelection(
  selection: MatrixSelection,
  fleet: readonly HostView[],
): EndpointRef[] {
  if (selection.kind === 'endpoints') return dedupe(selection.endpoints);
  return fleet.flatMap((host) => {
    const networks = host.snapshot.networks.filter((n) =>
      selection.kind === 'vlan' ? n.vlanId === selection.vlanId : n.name === selection.network,
    );
    const ids = new Set(networks.map((n) => n.id));
    return host.snapshot.endpoints
      .filter((e) => ids.has(e.networkId))
      .map((e) => ({ hostId: host.id, endpointId: e.id }));
  });
}

function dedupe(refs: readonly EndpointRef[]): EndpointRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const key = `${r.hostId}\u0000${r.endpointId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Every ordered pair i≠j. */
export function orderedPairs(
  refs: readonly EndpointRef[],
): { from: EndpointRef; to: EndpointRef }[] {
  return refs.flatMap((from) => refs.filter((to) => to !== from).map((to) => ({ from, to })));
}

/** Null when the selection is runnable, otherwise what is wrong and how to fix it. */
export function checkPairCount(endpointCount: number, max = MAX_PAIRS): string | null {
  const pairs = endpointCount * (endpointCount - 1);
  if (endpointCount < 2)
    return `selection: it matches ${endpointCount} endpoint${endpointCount === 1 ? '' : 's'}; pick at least two.`;
  if (pairs > max) {
    const most = Math.floor((1 + Math.sqrt(1 + 4 * max)) / 2);
    return `selection: ${endpointCount} endpoints make ${pairs} ordered pairs, over the limit of ${max}; pick at most ${most} endpoints.`;
  }
  return null;
}
