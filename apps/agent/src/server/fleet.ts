import type { FleetStoreConfig } from '@underlay/core';
import { openFleetStore } from '@underlay/fleet-store';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { AgentConfig } from '../env';
import type { EventBus } from '../events/bus';
import { CLAIM_OPERATION } from '../fleet/crash-hook';
import { FleetIpam } from '../fleet/fleet-ipam';
import { parseFleetStoreFlag } from '../fleet/flag';
import { localAddresses } from '../fleet/local-addresses';
import { FLEET_STORE_SETTING } from '../service/fleet-store';
import { armedCrashHook } from '../service/journal';
import type { AgentMetrics } from '../metrics';
import { type Db, getSetting, listNetworks } from '../store';
import type { AgentDeps } from './start-agent';

// The flag wins; without it the store a hub configured last (kept in the
// state) is used again, so an agent restarted by systemd or after a kill -9
// claims its blocks back from the same store.
/** The agent's fleet IPAM, on the store the flag, the state or a test names. */
export function createFleet(input: {
  db: Db;
  bus: EventBus;
  metrics: AgentMetrics;
  log: Logger;
  config: AgentConfig;
  deps: AgentDeps;
}): FleetIpam {
  const { db, config, deps } = input;
  const hook = armedCrashHook(); // a test hook: inert unless a test wrote its file
  const fleet = new FleetIpam({
    host: deps.hostname ?? hostname(),
    bus: input.bus,
    metrics: input.metrics,
    log: input.log,
    networks: () => listNetworks(db),
    localAddresses: (networkId) => localAddresses(db, networkId),
    ...(deps.fleetGraceMs === undefined ? {} : { graceMs: deps.fleetGraceMs }),
    ...(hook?.operation === CLAIM_OPERATION ? { crashAfterClaims: hook.afterStep } : {}),
  });
  if (deps.fleetStore) {
    fleet.use(deps.fleetStore, { kind: 'etcd', endpoints: ['http://test.invalid:2379'] });
    return fleet;
  }
  const stored = getSetting<FleetStoreConfig>(db, FLEET_STORE_SETTING);
  const chosen = config.fleetStore ? parseFleetStoreFlag(config.fleetStore) : stored;
  if (chosen && chosen.kind !== 'none') fleet.use(openFleetStore(chosen), chosen);
  return fleet;
}
