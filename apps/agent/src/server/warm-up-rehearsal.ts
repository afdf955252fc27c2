import { Ipam } from '@underlay/core';
import Database from 'better-sqlite3';
import pino, { type Logger } from 'pino';
import { EventBus } from '../events/bus';
import { SerialQueue } from '../exec/queue';
import { rehearsalKernel } from '../kernel/rehearsal-kernel';
import { addressReader, HostAddressCache, HostLinkCache } from '../kernel/link-cache';
import { createMetrics } from '../metrics';
import { createServices, type AgentServices } from '../services';
import { DriftLedger } from '../service/drift-ledger';
import { trpcHttpHandler } from './http-trpc';
import { warmUpParent } from './warm-up';
import { throughApi, type ApiCalls } from './warm-up-api';
import { migrate } from '../store';

// The warm-up's pure part (warm-up.ts) leaves the first real `network create`
// still slower than later ones in every step around the kernel: the queue and
// operate(), the journal's statements, the records' saves, the event's
// publish. That code only runs in an operation that changes something, and V8
// compiles it at its first run. So before listening the agent rehearses the
// four common operations (network create with a VLAN parent, container
// create, container rm, network rm) as the CLI sends them (JSON over HTTP to
// its API handler, warm-up-api.ts), against a throwaway
// set of parts: a SQLite database in memory, its own event bus, queue, IPAM,
// host caches, metrics and a kernel stand-in that changes nothing
// (kernel/rehearsal-kernel.ts). The agent's own database, kernel, bus (no
// events for `underlay events`), metrics and IPAM never see it.

const NAME = 'underlay-warm-up';

// Three rounds, not one. V8 optimises a function (TurboFan, on a background
// thread) once it has run often enough; after one round, the code every call
// runs (node's HTTP server, tRPC's adapter, the queue, the journal) reached
// that point during the first real calls, and on a host with one CPU (a lab
// guest) those compiles ran beside them. After three, they are done before
// the agent listens (docs/perf.md, operations end to end).
const ROUNDS = 3;

/** What the rehearsal did: the operations it completed, in order, every round's (tests read it). */
export interface RehearsalResult {
  ran: string[];
}

/** A logger at `log`'s level that writes nowhere: the call-timing trace (at debug) runs as for real, unseen. */
function quietLogger(log: Logger): Logger {
  return pino({ level: log.level }, { write: () => undefined });
}

/** The throwaway services, over `db`: the host's links are copied once, nothing else is shared with the agent's. */
async function throwawayServices(
  agent: AgentServices,
  db: Database.Database,
  log: Logger,
): Promise<AgentServices> {
  const kernel = rehearsalKernel(await agent.deps.links.get());
  const links = new HostLinkCache(() => kernel.hostLinks());
  return createServices({
    db,
    kernel,
    bus: new EventBus(db, 100),
    queue: new SerialQueue(),
    ipam: new Ipam(),
    links,
    addresses: new HostAddressCache(addressReader(kernel, links)),
    log: quietLogger(log),
    metrics: createMetrics({ processMetrics: false }),
    drift: new DriftLedger(),
    version: agent.deps.version,
  });
}

/** The four operations, in order, through the API; `ran` names each one completed. */
async function rehearse(services: AgentServices, calls: ApiCalls, ran: string[]): Promise<void> {
  const parent = await warmUpParent(services);
  await calls.mutate('networks.create', {
    name: NAME,
    ...(parent ? { options: { parent } } : {}),
    ipam: [{ subnet: '10.255.254.0/24' }],
  });
  ran.push('networks.create');
  await calls.mutate('containers.create', { name: NAME });
  ran.push('containers.create');
  await calls.mutate('containers.remove', { container: NAME });
  ran.push('containers.remove');
  await calls.mutate('networks.remove', { network: NAME });
  ran.push('networks.remove');
}

/** Where the agent's API is served, and the token it checks: the rehearsal's handler listens beside it. */
export interface RehearsalApi {
  socket: string;
  token: string;
}

/** Rehearses network and container create/remove on throwaway parts (see above); never throws. */
export async function rehearseOperations(
  agent: AgentServices,
  log: Logger,
  { socket, token }: RehearsalApi,
): Promise<RehearsalResult> {
  const ran: string[] = [];
  const db = new Database(':memory:');
  try {
    db.pragma('foreign_keys = ON');
    migrate(db);
    const services = await throwawayServices(agent, db, log);
    const { metrics } = services.deps;
    const api = trpcHttpHandler({ token, services, log: services.deps.log, metrics });
    await throughApi(api, socket, token, async (calls) => {
      for (let round = 0; round < ROUNDS; round++) await rehearse(services, calls, ran);
    });
  } catch (err) {
    // Only a head start: whatever it could not run is compiled at its first real call.
    log.warn({ err: (err as Error).message, ran }, 'warm-up rehearsal stopped early');
  } finally {
    db.close();
  }
  return { ran };
}
