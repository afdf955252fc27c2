import { FleetStoreConfigSchema, type FleetStoreStatus } from '@underlay/core';
import { operate, type ServiceDeps } from './deps';
import { putSetting } from '../store';

/** The setting the configured store is kept under across restarts. */
export const FLEET_STORE_SETTING = 'fleetStore';

// A hub calls configure when it registers the agent; the choice is kept in the
// agent's state so a restart (or a kill -9) comes back on the same store and
// claims its blocks again before it hands out an address.
/** `fleetStore.configure` and `fleetStore.status`. */
export function fleetStoreService(deps: ServiceDeps) {
  return {
    status(): FleetStoreStatus {
      if (!deps.fleet) throw new Error('this agent was started without a fleet IPAM');
      return deps.fleet.status();
    },
    configure(input: unknown): Promise<FleetStoreStatus> {
      const config = FleetStoreConfigSchema.parse(input);
      return operate(deps, 'fleetStore.configure', async () => {
        if (!deps.fleet) throw new Error('this agent was started without a fleet IPAM');
        const status = await deps.fleet.configure(config);
        putSetting(deps.db, FLEET_STORE_SETTING, config);
        void deps.fleet.adoptAll();
        return status;
      });
    },
  };
}
