import { NetworkListItemSchema, type CurrentNetwork } from '@underlay/core';
import { z } from 'zod';
import type { Db } from '../db';
import type { Hub } from '../fleet/hub';
import { fanOut, selectHosts } from '../api/fan-out';
import type { HostRecord } from '../fleet/registry';

// The fleet a file is planned against: the hub's registered hosts, by name,
// each with its networks as its agent lists them (records plus endpoint
// counts, parsed again with core's schema), or why it did not answer.

/** What the registered hosts hold now. */
export interface FleetState {
  hosts: HostRecord[];
  current: Map<string, CurrentNetwork[]>;
  unreachable: { host: string; error: string }[];
}

/** Reads every registered host's networks at once. */
export async function readFleetState(db: Db, hub: Hub): Promise<FleetState> {
  const hosts = selectHosts(db);
  const outcomes = await fanOut(hosts, async (h) =>
    z.array(NetworkListItemSchema).parse(await hub.query(h.id, 'networks.list')),
  );
  const current = new Map<string, CurrentNetwork[]>();
  const unreachable: FleetState['unreachable'] = [];
  for (const o of outcomes) {
    if (o.ok) current.set(o.host, o.value);
    else unreachable.push({ host: o.host, error: o.error });
  }
  return { hosts, current, unreachable };
}
