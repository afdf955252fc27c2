import { holderElsewhere, NetworkSchema, type ConnectInput } from '@underlay/core';
import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import type { Db } from '../db';
import type { Hub } from '../fleet/hub';
import type { HostRecord } from '../fleet/registry';
import { AgentCallError } from '../api/agent-error';
import { findSpan, spanEndpoints } from './span-peers';

// An agent refuses a static address taken on its own host; only the hub can
// see that another host of the same network (one L2 segment) holds it, where
// the kernel would accept it and two containers would answer for one address.

/** Refuses a connect whose static address an endpoint of the same network on another host already holds (ADDRESS_IN_USE). */
export async function checkStaticAddresses(opts: { db: Db; hub: Hub; host: HostRecord; request: ConnectInput }): Promise<void> {
  const { db, hub, host, request } = opts;
  const wanted = (['ipv4Address', 'ipv6Address'] as const).filter((field) => request[field]?.trim());
  if (wanted.length === 0) return;
  const name = await networkName(hub, host, request.network);
  if (!name) return; // the agent answers NOT_FOUND itself
  const { members } = await findSpan(db, hub, name);
  const others = members.filter((m) => m.hostId !== host.id);
  if (others.length === 0) return;
  const { endpoints } = await spanEndpoints(hub, others);
  for (const field of wanted) {
    const address = (request[field] ?? '').trim();
    const holder = holderElsewhere(address, host.name, endpoints);
    if (!holder) continue;
    const message = `${address} is already used by container ${holder.container} on ${holder.host} (network "${name}" spans both hosts, one L2 segment).`;
    const hint = 'Pick another address, or leave it empty: the dashboard gives each host its own range.';
    throw new TRPCError({ code: 'CONFLICT', message: `${message} ${hint}`, cause: new AgentCallError(`${message} ${hint}`, { code: 'ADDRESS_IN_USE', path: [field], message, hint, host: host.name }) });
  }
}

// The connect form names the network; the CLI may give an id or a prefix of one.
// An unreachable host is left to the connect call itself, which reports it.
async function networkName(hub: Hub, host: HostRecord, ref: string): Promise<string | null> {
  try {
    const list = z.array(NetworkSchema).parse(await hub.query(host.id, 'networks.list'));
    return (list.find((n) => n.name === ref) ?? list.find((n) => n.id.startsWith(ref)))?.name ?? null;
  } catch {
    return null;
  }
}
