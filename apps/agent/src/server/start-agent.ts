import { Ipam } from '@underlay/core';
import type { FleetStore } from '@underlay/fleet-store';
import type { Server } from 'node:http';
import pino, { type Logger } from 'pino';
import { parseAgentConfig, type AgentConfig, type AgentConfigInput } from '../env';
import { EventBus } from '../events/bus';
import { SerialQueue } from '../exec/queue';
import { addressReader, HostAddressCache, HostLinkCache } from '../kernel/link-cache';
import type { Kernel } from '../kernel/port';
import { createServices, type AgentServices } from '../services';
import { DriftLedger } from '../service/drift-ledger';
import { openDb } from '../store';
import { AGENT_VERSION } from '../version';
import { cniListener } from '../cni/handler';
import { startApiServers, startMetricsServer } from './http-servers';
import { armCrashHook } from '../service/journal';
import { recoverJournal } from '../service/recover';
import { createMetrics } from '../metrics';
import { ensureToken } from '../transport/token';
import { restoreDockerAddresses } from '../docker/addresses';
import { dockerNamer } from '../docker/container-names';
import { startDockerPlugin } from '../docker/server';
import { serveTrpc, type WsEndpoint } from './ws-server';
import { trpcHttpHandler } from './http-trpc';
import { createFleet } from './fleet';
import { abandonStart, stopAgent, type AgentListeners } from './stop-agent';
import { warmUp, warmUpJournal } from './warm-up';
import { warmUpApi } from './warm-up-api';
import { rehearseOperations } from './warm-up-rehearsal';
import { withKernelMarks } from '../trace/kernel-marks';
import { lockAgent, type AgentLock } from './agent-lock';

// The daemon: state, services, listeners, and an orderly stop. The CLI's
// `underlay agent` calls this; tests call it with a kernel stand-in.

/** Seams for tests: a kernel that is not the host's, a logger, no start-up reconcile. */
export interface AgentDeps {
  kernel?: Kernel;
  logger?: Logger;
  /** Runs the start-up reconcile and link watch (default true). */
  reconcile?: boolean;
  /** The fleet store to use instead of the one configured (tests: a MemoryFleetStore shared by agents in one process). */
  fleetStore?: FleetStore;
  /** The host name blocks are claimed under (default: the machine's). */
  hostname?: string;
  /** Grace before an empty block goes back (default 10 min). */
  fleetGraceMs?: number;
  /** Runs the warm-up before serving (warm-up.ts; default: with the real kernel only, not with a stand-in). */
  warmUp?: boolean;
}

/** The kernel port the configuration names; a replay kernel says so loudly in the log. */
async function kernelOf(source: string, log: Logger): Promise<Kernel> {
  if (!source.startsWith('replay:'))
    return (await import('../kernel/netlink-kernel')).createNetlinkKernel();
  const file = source.slice('replay:'.length);
  const { loadReplaySnapshot } = await import('../kernel/replay-snapshot');
  const { createReplayKernel } = await import('../kernel/replay-kernel');
  const snapshot = loadReplaySnapshot(file);
  log.warn(
    { file, recordedFrom: snapshot.source, recordedAt: snapshot.recordedAt },
    'REPLAY KERNEL: serving a recorded host snapshot, not this host: for hub scale tests and benchmarks only',
  );
  return createReplayKernel(snapshot);
}

/** A running agent. */
export interface RunningAgent {
  token: string;
  socket: string;
  /** `http://host:port` of the metrics listener, when one was asked for. */
  metricsUrl: string | undefined;
  services: AgentServices;
  close(): Promise<void>;
}

/** What startAgent opened, for the listeners and for close. */
export interface AgentCore {
  config: AgentConfig;
  log: Logger;
  db: ReturnType<typeof openDb>;
  token: string;
  metrics: ReturnType<typeof createMetrics>;
  queue: SerialQueue;
  kernel: Kernel;
  fleet: ReturnType<typeof createFleet>;
  services: AgentServices;
  /** Aborted at close: stops the link watch, drift checks and BGP following. */
  watch: AbortController;
  /** This agent's hold on its state dir (and the host kernel): released last at close. */
  lock: AgentLock;
}

/** Opens the state, makes the token and builds the services (nothing listens yet). */
async function openAgent(
  config: AgentConfig,
  deps: AgentDeps,
  lock: AgentLock,
): Promise<AgentCore> {
  const log = deps.logger ?? pino({ name: 'underlay-agent', level: config.logLevel });
  const db = openDb(config.stateDir);
  armCrashHook(config.stateDir, db); // a test hook: inert unless a test wrote its file
  const token = ensureToken(config.stateDir);
  // The process figures (and their event-loop monitor, see createMetrics) only when a listener can serve them.
  const metrics = createMetrics({ processMetrics: Boolean(config.metricsListen) });
  const queue = new SerialQueue();
  const bare = deps.kernel ?? (await kernelOf(config.kernel, log));
  const kernel = log.isLevelEnabled('debug') ? withKernelMarks(bare) : bare;
  const bus = new EventBus(db, config.eventsKept);
  const links = new HostLinkCache(() => kernel.hostLinks());
  const fleet = createFleet({ db, bus, metrics, log, config, deps });
  const services = createServices({
    db,
    kernel,
    bus,
    fleet,
    queue,
    ipam: new Ipam(),
    links,
    addresses: new HostAddressCache(addressReader(kernel, links)),
    log,
    metrics,
    drift: new DriftLedger(),
    version: AGENT_VERSION,
    ...(config.dockerPlugin === 'off' ? {} : { dockerNames: dockerNamer(config.dockerdSocket) }),
  });
  const watch = new AbortController();
  return { config, log, db, token, metrics, queue, kernel, fleet, services, watch, lock };
}

/** Brings the records, the IPAM and the kernel back in line before serving; returns the fleet refresh timer. */
async function restoreAgent(core: AgentCore, deps: AgentDeps): Promise<NodeJS.Timeout> {
  const { config, fleet, services, watch } = core;
  // Operations a crash cut are finished or undone before anything reads the records.
  await recoverJournal(services.deps);
  services.reconcile.restoreAddresses();
  restoreDockerAddresses(services.deps);
  // Existing endpoints are claimed fleet-wide in the background: a store that
  // does not answer must not keep the agent from starting (retried each refresh).
  void fleet.adoptAll();
  const fleetTimer = setInterval(() => void fleet.tick(), config.fleetRefreshSeconds * 1000);
  fleetTimer.unref();
  // BGP announcements follow networks as they come and go.
  const unfollowBgp = services.bgp.follow();
  watch.signal.addEventListener('abort', unfollowBgp, { once: true });
  if (deps.reconcile ?? true)
    await services.reconcile.start(watch.signal, { driftCheckSeconds: config.driftCheckSeconds });
  return fleetTimer;
}

/** Starts the API, metrics and Docker plugin listeners and says so in the log. */
async function listen(
  core: AgentCore,
  healthy: () => boolean,
  warmUpMs: number,
): Promise<AgentListeners> {
  const { config, services, token, log, metrics } = core;
  const servers = await startApiServers(config, {
    api: trpcHttpHandler({ token, services, log, metrics }),
    unixOnly: cniListener({ deps: services.deps, token, log }),
  });
  const endpoints: WsEndpoint[] = servers.map((server) =>
    serveTrpc({ server, token, services, log, metrics }),
  );
  const metricsServer = await startMetricsServer(config, metrics, healthy);
  const dockerSocket = config.dockerPlugin === 'off' ? undefined : config.dockerPlugin;
  const dockerPlugin = dockerSocket
    ? await startDockerPlugin(services.deps, dockerSocket)
    : undefined;
  log.info(
    {
      socket: config.socket,
      listen: config.listen ?? null,
      metrics: config.metricsListen ?? null,
      dockerPlugin: dockerSocket ?? null,
      version: AGENT_VERSION,
      warmUpMs: Math.round(warmUpMs),
    },
    'agent listening',
  );
  return { servers, endpoints, metricsServer, dockerSocket, dockerPlugin };
}

/** `http://host:port` of the metrics listener, if there is one. */
function metricsUrlOf(metricsServer: Server | undefined): string | undefined {
  const address = metricsServer?.address();
  return address && typeof address === 'object'
    ? `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`
    : undefined;
}

/**
 * The warm-up (warm-up.ts), rehearsals of the common operations on throwaway parts (warm-up-rehearsal.ts),
 * `network ls` requests through the API's handler before it listens (warm-up-api.ts), then a journal write on the
 * agent's own database that leaves nothing (warmUpJournal): its ms. Each step never throws.
 */
async function warmUpAll(core: AgentCore): Promise<number> {
  const { services, log, token, metrics, config, db } = core;
  const start = performance.now();
  await warmUp(services, log);
  const rehearsal = performance.now();
  const { ran } = await rehearseOperations(services, log, { socket: config.socket, token });
  log.debug({ ran, ms: Math.round(performance.now() - rehearsal) }, 'warm-up rehearsed');
  await warmUpApi(trpcHttpHandler({ token, services, log, metrics }), config.socket, token, log);
  warmUpJournal(db, log);
  return performance.now() - start;
}

/** The kernel is the host's own (not a test's stand-in, not a replay): one agent per host may drive it. */
const drivesHostKernel = (config: AgentConfig, deps: AgentDeps): boolean =>
  !deps.kernel && config.kernel === 'netlink';

/** Starts the agent: takes its lock, opens the state, makes the token, reconciles, listens. */
export async function startAgent(
  options: AgentConfigInput,
  deps: AgentDeps = {},
): Promise<RunningAgent> {
  const config = parseAgentConfig(options);
  // First of all: an agent refused here has opened, swept, recovered and reconciled nothing (agent-lock.ts).
  const lock = await lockAgent({
    stateDir: config.stateDir,
    hostKernel: drivesHostKernel(config, deps),
  });
  let core: AgentCore | undefined;
  let fleetTimer: NodeJS.Timeout | undefined;
  try {
    core = await openAgent(config, deps, lock);
    fleetTimer = await restoreAgent(core, deps);
    return await serveAgent(core, deps, fleetTimer);
  } catch (err) {
    await abandonStart(lock, core, fleetTimer);
    throw err;
  }
}

/** Warms up and listens; the running agent's close stops it all and releases the lock. */
async function serveAgent(
  core: AgentCore,
  deps: AgentDeps,
  fleetTimer: NodeJS.Timeout,
): Promise<RunningAgent> {
  // Before serving, so the first call finds compiled code (warm-up.ts).
  const warming = deps.warmUp ?? !deps.kernel;
  const warmUpMs = warming ? await warmUpAll(core) : 0;

  let closing = false;
  const listeners = await listen(core, () => !closing, warmUpMs);
  const close = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    await stopAgent(core, listeners, fleetTimer);
  };
  const metricsUrl = metricsUrlOf(listeners.metricsServer);
  return {
    token: core.token,
    socket: core.config.socket,
    metricsUrl,
    services: core.services,
    close,
  };
}
