import {
  holderElsewhere,
  NetworkSchema,
  parseAddress,
  parseCidr,
  rangeElsewhere,
  type ConnectInput,
  type SpanEndpoint,
  type SpanRange,
} from '@underlay/core';
import type { FleetStore } from '@underlay/fleet-store/hub';
import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import type { Db } from '../db';
import type { Hub } from '../fleet/hub';
import type { HostRecord } from '../fleet/registry';
import type { Network } from '@underlay/core';
import { AgentCallError } from '../api/agent-error';
import { networkBlocks } from '../fleet/fleet-blocks';
import { findSpan, type SpanMember, spanEndpoints } from './span-peers';

// An agent refuses a static address taken on its own host; only the hub can
// see that another host of the same network (one L2 segment) holds it, where
// the kernel would accept it and two containers would answer for one address.

/** Refuses a static address that another host of the same network holds (ADDRESS_IN_USE) or may hand out from its block or range (ADDRESS_RESERVED). */
export async function checkStaticAddresses(opts: {
  db: Db;
  hub: Hub;
  host: HostRecord;
  request: ConnectInput;
  /** The hub's fleet store: a block another host holds there is that host's to hand out. */
  store?: FleetStore;
}): Promise<void> {
  const { db, hub, host, request } = opts;
  const wanted = (['ipv4Address', 'ipv6Address'] as const).filter((field) =>
    request[field]?.trim(),
  );
  if (wanted.length === 0) return;
  const name = await networkName(hub, host, request.network);
  if (!name) return; // the agent answers NOT_FOUND itself
  const { members } = await findSpan(db, hub, name);
  await checkOthers({ hub, host, name, members, wanted, request });
  // After the endpoints: an address a container holds is named by its holder.
  if (opts.store) await checkBlocks(opts.store, host, members, wanted, request);
}

type AddressField = 'ipv4Address' | 'ipv6Address';

/** What the other hosts of the network hold: their endpoints and their --ip-range slices. */
interface Elsewhere {
  host: HostRecord;
  name: string;
  endpoints: readonly SpanEndpoint[];
  ranges: readonly SpanRange[];
}

/** Refuses an address a container on another host of the network already holds. */
function checkHeld(ctx: Elsewhere, field: AddressField, address: string): void {
  const holder = holderElsewhere(address, ctx.host.name, ctx.endpoints);
  if (!holder) return;
  const message = `${address} is already used by container ${holder.container} on ${holder.host} (network "${ctx.name}" spans hosts on one L2 segment).`;
  refuse({
    code: 'ADDRESS_IN_USE',
    field,
    host: ctx.host.name,
    message,
    hint: "Pick another address, or leave it empty: each host's agent hands out addresses from its own blocks.",
  });
}

/** Refuses an address inside another host's --ip-range of the network. */
function checkRange(ctx: Elsewhere, field: AddressField, address: string): void {
  const range = rangeElsewhere(address, ctx.host.name, ctx.ranges);
  if (!range) return;
  const message = `${address} lies in ${range.host}'s range ${range.ipRange} of network "${ctx.name}", which ${range.host}'s agent hands out on its own.`;
  refuse({
    code: 'ADDRESS_RESERVED',
    field,
    host: ctx.host.name,
    message,
    hint: `Pick an address in ${ctx.host.name}'s own range or outside every host's range, or leave it empty.`,
  });
}

async function checkOthers(opts: {
  hub: Hub;
  host: HostRecord;
  name: string;
  members: readonly SpanMember[];
  wanted: readonly AddressField[];
  request: ConnectInput;
}): Promise<void> {
  const { hub, host, name, members, wanted, request } = opts;
  const others = members.filter((m) => m.hostId !== host.id);
  if (others.length === 0) return;
  const { endpoints } = await spanEndpoints(hub, others);
  const ranges = others.flatMap((m) =>
    m.network.subnets.flatMap((sub) =>
      sub.ipRange ? [{ host: m.host, ipRange: sub.ipRange }] : [],
    ),
  );
  const ctx: Elsewhere = { host, name, endpoints, ranges };
  for (const field of wanted) {
    const address = (request[field] ?? '').trim();
    checkHeld(ctx, field, address);
    checkRange(ctx, field, address);
  }
}

// The agent refuses such an address too (BLOCK_HELD_ELSEWHERE); the hub,
// which serves the store, says so before any call, at the field.
async function checkBlocks(
  store: FleetStore,
  host: HostRecord,
  members: readonly { network: Network }[],
  fields: readonly AddressField[],
  request: ConnectInput,
): Promise<void> {
  const segments = await networkBlocks(
    store,
    members.map((m) => m.network),
  );
  for (const field of fields) {
    const address = parseAddress((request[field] ?? '').trim());
    if (!address) continue;
    for (const segment of segments)
      for (const held of segment.hosts.filter((h) => h.host !== host.name))
        for (const block of held.blocks) {
          const cidr = parseCidr(block);
          if (!cidr || cidr.family !== address.family) continue;
          const bits = BigInt((cidr.family === 4 ? 32 : 128) - cidr.prefix);
          if (address.value >> bits !== cidr.network >> bits) continue;
          const text = (request[field] ?? '').trim();
          refuse({
            code: 'ADDRESS_RESERVED',
            field,
            host: host.name,
            message: `${text} is in block ${block} of segment ${segment.segment}, held by host ${held.host}, whose agent hands out addresses from it without asking.`,
            hint: `Connect the container on ${held.host}, pick an address outside ${held.host}'s blocks, or leave it empty.`,
          });
        }
  }
}

function refuse(opts: {
  code: 'ADDRESS_IN_USE' | 'ADDRESS_RESERVED';
  field: string;
  host: string;
  message: string;
  hint: string;
}): never {
  const text = `${opts.message} ${opts.hint}`;
  throw new TRPCError({
    code: 'CONFLICT',
    message: text,
    cause: new AgentCallError(text, {
      code: opts.code,
      path: [opts.field],
      message: opts.message,
      hint: opts.hint,
      host: opts.host,
    }),
  });
}

// The connect form names the network; the CLI may give an id or a prefix of one.
// An unreachable host is left to the connect call itself, which reports it.
async function networkName(hub: Hub, host: HostRecord, ref: string): Promise<string | null> {
  try {
    const list = z.array(NetworkSchema).parse(await hub.query(host.id, 'networks.list'));
    return (
      (list.find((n) => n.name === ref) ?? list.find((n) => n.id.startsWith(ref)))?.name ?? null
    );
  } catch {
    return null;
  }
}
