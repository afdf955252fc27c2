import type { RouterOutputs } from '../router/types';
import type { AgentApi } from './client';
import type { CliIo } from './context';
import type { FleetTarget } from './fleet-targets';
import { renderError } from './render-error';

// Connects to every host of the fleet at once and reads its networks; a host
// that cannot be reached is a result with its error, not a crash of the run.

/** One host as the fleet commands see it. */
export interface FleetHost {
  name: string;
  api: AgentApi | null;
  /** The agent's networks.list answer: records plus an endpoint count each (core's CurrentNetwork). */
  networks: RouterOutputs['networks']['list'];
  error: string | null;
}

async function openHost(io: CliIo, fleetTarget: FleetTarget): Promise<FleetHost> {
  const fallback = fleetTarget.name ?? fleetTarget.target.display;
  let api: AgentApi | null = null;
  try {
    api = await io.connect(fleetTarget.target);
    const name = fleetTarget.name ?? (await hostnameOf(api)) ?? fallback;
    const networks = await api.query('networks.list');
    return { name, api, networks, error: null };
  } catch (error) {
    await api?.close().catch(() => {});
    return {
      name: fallback,
      api: null,
      networks: [],
      error: renderError(error)
        .lines.join(' ')
        .replace(/^Error: /, ''),
    };
  }
}

async function hostnameOf(api: AgentApi): Promise<string | undefined> {
  const info: RouterOutputs['host']['info'] = await api.query('host.info');
  return info.hostname;
}

/** Opens every host in parallel. */
export function openFleet(io: CliIo, targets: readonly FleetTarget[]): Promise<FleetHost[]> {
  return Promise.all(targets.map((t) => openHost(io, t)));
}

/** Closes every open connection. */
export async function closeFleet(hosts: readonly FleetHost[]): Promise<void> {
  await Promise.all(hosts.map((h) => h.api?.close().catch(() => {})));
}
