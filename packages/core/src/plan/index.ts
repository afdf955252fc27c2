// The public face of plan(): the planners, the executor's helpers, and the
// route rules the agent and dashboard may want to show. Step builders and
// name helpers stay internal.
export { batchesOf, batchesOfItems, batchesOfOps, type Batch } from './batches';
export { planConnect, type ConnectRequest } from './connect';
export { planContainerCreate, planContainerRemove } from './container';
export { planDisconnect } from './disconnect';
export { diffDrift, type DriftInput } from './drift';
export { planNetworkCreate } from './network-create';
export { linksRemovedBy, planNetworkRemove } from './network-remove';
export { planRepair, type RepairInput, type RepairPlan } from './repair';
export { planRestore, type RestorePlan } from './restore';
export { defaultRouteHolder, defaultRoutes, type EndpointAddresses } from './routes';
export { planShimAdd, planShimRemove, shimNameOf, shimOf } from './shim';
export { planShimRepair, shimDrift } from './shim-drift';
export { planRouteRepair, planRouteSet, routeDrift } from './route-set';
export { emptyPlan, linksCreatedBy, rollbackOf, type Plan } from './types';
