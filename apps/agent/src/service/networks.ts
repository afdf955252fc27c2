import { NetworkRefSchema } from '@underlay/core';
import { dockerContainersOf } from './docker-inspect';
import { listEndpoints, listNetworks } from '../store';
import { connect, disconnect } from './connect';
import type { ServiceDeps } from './deps';
import { inspectNetwork } from './inspect';
import { requireNetwork } from './lookup';
import { createNetwork, planCreate } from './network-create';
import { removeNetwork } from './network-remove';
import { updateNetwork } from './network-update';
import { checkDrift, repair } from './repair';

// The `networks` operations, gathered for the router.

/** Network operations. */
export function networkService(deps: ServiceDeps) {
  return {
    /** Every network with its endpoint count. */
    list() {
      const endpoints = listEndpoints(deps.db);
      return listNetworks(deps.db).map((network) => ({
        ...network,
        endpoints: endpoints.filter((e) => e.networkId === network.id).length,
      }));
    },
    /** One network in `docker network inspect` shape. */
    async inspect(input: unknown) {
      const { network: ref } = NetworkRefSchema.parse(input);
      const network = requireNetwork({ networks: listNetworks(deps.db) }, ref);
      const shown = inspectNetwork(deps, network, listEndpoints(deps.db));
      return {
        ...shown,
        Containers: { ...shown.Containers, ...(await dockerContainersOf(deps, network.id)) },
      };
    },
    plan: (input: unknown) => planCreate(deps, input),
    create: (input: unknown) => createNetwork(deps, input),
    remove: (input: unknown) => removeNetwork(deps, NetworkRefSchema.parse(input).network),
    update: (input: unknown) => updateNetwork(deps, input),
    connect: (input: unknown) => connect(deps, input),
    disconnect: (input: unknown) => disconnect(deps, input),
    drift: () => checkDrift(deps),
    repair: () => repair(deps),
  };
}
