import type { Server } from 'node:http';
import { rmSync } from 'node:fs';
import { CloseCode } from '../connection/close-codes';
import { stopDockerPlugin } from '../docker/server';
import { closeServer } from '../transport/listen';
import type { AgentLock } from './agent-lock';
import type { AgentCore } from './start-agent';
import type { WsEndpoint } from './ws-server';

// The agent's orderly stop: the running operation finishes, clients are told
// to reconnect, then listeners, timers, the kernel port and the store close,
// and the lock (agent-lock.ts) goes last.

/** The listeners a running agent serves on. */
export interface AgentListeners {
  servers: Server[];
  endpoints: WsEndpoint[];
  metricsServer: Server | undefined;
  dockerSocket: string | undefined;
  dockerPlugin: Server | undefined;
}

// Stops what startAgent started, in the order that lets the running operation finish.
export async function stopAgent(
  core: AgentCore,
  listeners: AgentListeners,
  fleetTimer: NodeJS.Timeout,
): Promise<void> {
  const { log, queue, watch, config, fleet, kernel, db, lock } = core;
  const { servers, endpoints, metricsServer, dockerSocket, dockerPlugin } = listeners;
  log.info('agent stopping: finishing the running operation');
  queue.close('the agent is shutting down; retry once it is back');
  for (const server of servers) server.close();
  if (dockerPlugin && dockerSocket) await stopDockerPlugin(dockerPlugin, dockerSocket);
  await queue.drain();
  watch.abort();
  for (const endpoint of endpoints) {
    endpoint.broadcastReconnect();
    for (const client of endpoint.wss.clients)
      client.close(CloseCode.restarting, 'agent restarting');
    endpoint.wss.close();
  }
  await Promise.all(
    [...servers, ...(metricsServer ? [metricsServer] : [])].map((s: Server) => closeServer(s)),
  );
  rmSync(config.socket, { force: true });
  clearInterval(fleetTimer);
  await fleet.close();
  await kernel.close?.();
  db.close();
  // Last: another agent may take the state dir and the kernel once nothing here writes them.
  await lock.release();
  log.info('agent stopped');
}

/**
 * A start that failed after taking the lock: the state, the kernel port and
 * the background work it opened are closed before the lock goes, so no second
 * writer is left behind in this process. Listeners that did start before a
 * later one failed stay open: the CLI's process ends after a failed start.
 */
export async function abandonStart(
  lock: AgentLock,
  core: AgentCore | undefined,
  fleetTimer: NodeJS.Timeout | undefined,
): Promise<void> {
  clearInterval(fleetTimer);
  if (core) {
    core.watch.abort();
    await core.fleet.close().catch(() => undefined);
    await core.kernel.close?.().catch(() => undefined);
    core.db.close();
  }
  await lock.release();
}
