import {
  coordinateRanges,
  formatIssue,
  type HostRange,
  type Issue,
  type NetworkCreateInput,
} from '@underlay/core';
import { TRPCError } from '@trpc/server';
import type { Db } from '../db';
import type { Hub } from '../fleet/hub';
import type { HostRecord } from '../fleet/registry';
import { AgentCallError } from '../api/agent-error';
import { findSpan } from './span-peers';

// The hub side of coordinated addressing: core decides the slices; this reads
// the peers (hosts that already hold a network of that name) from the agents
// and turns core's refusal into the error the form puts next to its field.

export interface HostRequests {
  /** Request per registry host id. */
  byHostId: Map<string, NetworkCreateInput>;
  ranges: HostRange[];
}

/** Per-host requests for `hosts`: each with its own --ip-range slice when coordinating, the same request otherwise. */
export async function coordinatedRequests(opts: {
  db: Db;
  hub: Hub;
  hosts: HostRecord[];
  request: NetworkCreateInput;
  coordinate: boolean;
}): Promise<HostRequests> {
  const { db, hub, hosts, request, coordinate } = opts;
  if (!coordinate) return { byHostId: new Map(hosts.map((h) => [h.id, request])), ranges: [] };
  const { members } = await findSpan(db, hub, request.name);
  const targets = new Set(hosts.map((h) => h.id));
  const peers = members
    .filter((m) => !targets.has(m.hostId))
    .map((m) => ({ host: m.host, network: m.network }));
  const result = coordinateRanges({ request, hosts: hosts.map((h) => h.name), peers });
  throwIfRefused(result.issues);
  const byName = new Map(result.requests.map((r) => [r.host, r.request]));
  return {
    byHostId: new Map(hosts.map((h) => [h.id, byName.get(h.name) ?? request])),
    ranges: result.ranges,
  };
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
