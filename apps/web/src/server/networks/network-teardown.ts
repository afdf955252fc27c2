import { NetworkRemoveResultSchema, NetworkSchema, type Network } from '@underlay/core';
import { z } from 'zod';
import { linksRemovedWith } from '~/lib/network-filter';
import type { Db } from '../db';
import type { Hub } from '../fleet/hub';
import type { HostRecord } from '../fleet/registry';
import { AgentCallError, relayAgentError } from '../api/agent-error';
import { selectHosts } from '../api/fan-out';

// Removing a network from several hosts in one flow (issue 19, problem 7).
// First a preview that lists everything that will go on each host (the
// network, its parent link when underlay made it and nothing else uses it,
// each endpoint); then the run: on each host, each endpoint is disconnected
// through its agent (when asked), then the network is removed. Each host is
// reported on its own, and a host that stops midway says what it did.

/** What removing the network deletes on one host. */
export interface TeardownPreview {
  hostId: string;
  host: string;
  network: string;
  parentLink: string | null;
  endpoints: { container: string; ipv4Address: string; macAddress: string }[];
}

/** How one host's teardown went. */
export interface TeardownOutcome {
  hostId: string;
  host: string;
  ok: boolean;
  removed: boolean;
  disconnected: string[];
  removedLinks: string[];
  /** The agent's refusal or failure, with what had been done before it. */
  error: string | null;
  /** The agent's error code (NETWORK_HAS_ENDPOINTS offers "disconnect all and remove"). */
  code: string | null;
}

/** One host's preview: its networks (for the parent link) and the network's endpoints. */
async function previewHost(
  hub: Hub,
  host: HostRecord,
  name: string,
): Promise<TeardownPreview | null> {
  const networks = z.array(NetworkSchema).parse(await hub.query(host.id, 'networks.list'));
  const network = networks.find((n) => n.name === name);
  if (!network) return null;
  const inspect = await hub.query(host.id, 'networks.inspect', { network: network.id });
  const [parentLink = null] = linksRemovedWith(network, networks);
  const endpoints = Object.values(inspect.Containers)
    .map((c) => ({ container: c.Name, ipv4Address: c.IPv4Address, macAddress: c.MacAddress }))
    .sort((a, b) => a.container.localeCompare(b.container));
  return { hostId: host.id, host: host.name, network: network.name, parentLink, endpoints };
}

/** Everything removing `name` from `hostIds` (all that hold it when absent) would delete, and the hosts that did not answer. */
export async function previewTeardown(
  db: Db,
  hub: Hub,
  name: string,
  hostIds?: string[],
): Promise<{ hosts: TeardownPreview[]; failed: { host: string; error: string }[] }> {
  const hosts: TeardownPreview[] = [];
  const failed: { host: string; error: string }[] = [];
  await Promise.all(
    selectHosts(db, hostIds).map(async (host) => {
      try {
        const preview = await previewHost(hub, host, name);
        if (preview) hosts.push(preview);
      } catch (error) {
        failed.push({ host: host.name, error: relayAgentError(error, host.name).message });
      }
    }),
  );
  hosts.sort((a, b) => a.host.localeCompare(b.host));
  return { hosts, failed };
}

/** The containers connected to the network on one host now (read again: the preview may be old). */
async function connectedNow(hub: Hub, host: HostRecord, network: Network): Promise<string[]> {
  const inspect = await hub.query(host.id, 'networks.inspect', { network: network.id });
  return Object.values(inspect.Containers)
    .map((c) => c.Name)
    .sort();
}

/** Disconnects every endpoint (when asked), then removes the network, on one host. */
async function tearDownHost(
  hub: Hub,
  host: HostRecord,
  name: string,
  disconnectAll: boolean,
): Promise<TeardownOutcome> {
  const outcome: TeardownOutcome = {
    ...{ hostId: host.id, host: host.name, ok: false, removed: false },
    ...{ disconnected: [], removedLinks: [], error: null, code: null },
  };
  try {
    const networks = z.array(NetworkSchema).parse(await hub.query(host.id, 'networks.list'));
    const network = networks.find((n) => n.name === name);
    if (!network) return { ...outcome, ok: true, error: `${name} is not on ${host.name}` };
    for (const container of disconnectAll ? await connectedNow(hub, host, network) : []) {
      await hub.mutate(host.id, 'networks.disconnect', { network: network.id, container }, 60_000);
      outcome.disconnected.push(container);
    }
    const result = NetworkRemoveResultSchema.parse(
      await hub.mutate(host.id, 'networks.remove', { network: network.id }, 60_000),
    );
    return { ...outcome, ok: true, removed: true, removedLinks: result.removedLinks };
  } catch (error) {
    return { ...outcome, ...failure(error, host.name, outcome.disconnected) };
  }
}

/** The error of a host that stopped, saying what had been done before it. */
function failure(
  error: unknown,
  host: string,
  disconnected: string[],
): Pick<TeardownOutcome, 'error' | 'code'> {
  const relayed = relayAgentError(error, host);
  const domain = relayed.cause instanceof AgentCallError ? relayed.cause.domain : null;
  const done = disconnected.length
    ? ` Already disconnected: ${disconnected.join(', ')}; the network is still there.`
    : ' Nothing was changed on this host.';
  return { error: `${relayed.message}${done}`, code: domain?.code ?? null };
}

/** Removes `name` from each chosen host in parallel; every host reports on its own. */
export async function tearDown(
  db: Db,
  hub: Hub,
  input: { network: string; hostIds: string[]; disconnectAll: boolean },
): Promise<TeardownOutcome[]> {
  const hosts = selectHosts(db, input.hostIds);
  const outcomes = await Promise.all(
    hosts.map((h) => tearDownHost(hub, h, input.network, input.disconnectAll)),
  );
  return outcomes.sort((a, b) => a.host.localeCompare(b.host));
}
