import {
  formatIssue,
  type Issue,
  leaseCapacity,
  type NetworkCreateInput,
  withSharedSegment,
} from '@underlay/core';
import { TRPCError } from '@trpc/server';
import type { Db } from '../db';
import type { Hub } from '../fleet/hub';
import type { HostRecord } from '../fleet/registry';
import { AgentCallError } from '../api/agent-error';
import { AgentUnavailableError } from '../fleet/agent-link';
import { findSpan } from './span-peers';

// Coordinated addressing on fleet-wide leases (issue 15): every host gets the
// whole subnet and its agent hands out addresses only from blocks it holds
// in the fleet store. What the hub still decides before sending: that every
// host's agent is on one store (a host without one would allocate from the
// bottom of the subnet on its own, the very duplicate this avoids: refused,
// with the fixes), that each subnet has a block per host, and that the
// hosts' networks are one segment (a plain parent gets a shared label).

/** How one host will get its addresses: from its blocks in this store. */
export interface HostLease {
  host: string;
  /** The store every host of the network leases from (`hub at http://…`, `etcd at …`). */
  store: string;
}

export interface HostRequests {
  /** Request per registry host id. */
  byHostId: Map<string, NetworkCreateInput>;
  /** Per host, when coordinated (two hosts or more hold the network). */
  leases: HostLease[];
}

/** Per-host requests for `hosts`: the same request to each (with a shared segment label when coordinating a plain parent). */
export async function coordinatedRequests(opts: {
  db: Db;
  hub: Hub;
  hosts: HostRecord[];
  request: NetworkCreateInput;
  coordinate: boolean;
}): Promise<HostRequests> {
  const { db, hub, hosts, request, coordinate } = opts;
  const same = (r: NetworkCreateInput) => new Map(hosts.map((h) => [h.id, r]));
  if (!coordinate) return { byHostId: same(request), leases: [] };
  const { members } = await findSpan(db, hub, request.name);
  const targets = new Set(hosts.map((h) => h.id));
  const peers = members.filter((m) => !targets.has(m.hostId));
  if (hosts.length + peers.length < 2) return { byHostId: same(request), leases: [] };
  throwIfRefused(leaseCapacity(request, hosts.length + peers.length));
  const store = await commonStore(hub, [
    ...hosts.map((h) => ({ id: h.id, name: h.name })),
    ...peers.map((p) => ({ id: p.hostId, name: p.host })),
  ]);
  return {
    byHostId: same(withSharedSegment(request)),
    leases: hosts.map((h) => ({ host: h.name, store })),
  };
}

/** The one fleet store every host's agent uses; refuses hosts without one, or on different ones. Hosts that do not answer are left to the call itself. */
export async function commonStore(
  hub: Hub,
  hosts: readonly { id: string; name: string }[],
): Promise<string> {
  const seen = await Promise.all(
    hosts.map(async (h) => {
      try {
        const status = await hub.query(h.id, 'fleetStore.status');
        return { host: h.name, where: status.kind === 'none' ? null : status.where };
      } catch (error) {
        if (error instanceof AgentUnavailableError) return { host: h.name, where: undefined };
        return { host: h.name, where: null }; // an older agent, or one started without a fleet IPAM
      }
    }),
  );
  const missing = seen.filter((s) => s.where === null).map((s) => s.host);
  if (missing.length)
    throw new TRPCError({
      code: 'PRECONDITION_FAILED',
      message: `${missing.join(', ')} ${missing.length === 1 ? 'has' : 'have'} no fleet store, so ${missing.length === 1 ? 'its agent' : 'their agents'} would hand out addresses the other hosts hand out too. Start the dashboard with npm start (it gives every agent the hub's store; or set UNDERLAY_FLEET_STORE_URL), or run the agent with --fleet-store; or untick "coordinate addresses across hosts" to send every host the same request anyway.`,
    });
  const stores = new Map<string, string[]>();
  for (const s of seen) if (s.where) stores.set(s.where, [...(stores.get(s.where) ?? []), s.host]);
  if (stores.size > 1)
    throw new TRPCError({
      code: 'PRECONDITION_FAILED',
      message: `These hosts lease addresses from different fleet stores (${[...stores].map(([where, names]) => `${names.join(', ')}: ${where}`).join('; ')}), so their blocks are not shared. Point every agent at one store.`,
    });
  return [...stores.keys()][0] ?? 'the fleet store';
}

/** Throws core's first error as a BAD_REQUEST carrying its code and field path. */
export function throwIfRefused(issues: Issue[]): void {
  const first = issues.find((i) => i.severity === 'error');
  if (!first) return;
  const message = formatIssue(first);
  throw new TRPCError({
    code: 'BAD_REQUEST',
    message,
    cause: new AgentCallError(message, {
      code: first.code,
      path: first.path,
      message: first.message,
      ...(first.hint ? { hint: first.hint } : {}),
    }),
  });
}
