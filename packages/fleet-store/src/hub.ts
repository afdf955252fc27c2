// The hub's side of its store, without etcd's gRPC client: what the
// dashboard's server imports (Next bundles this entry; etcd3 stays out).
export { createHubStoreHandler, HUB_STORE_PATH, type HubStoreHandlerOptions } from './hub-handler';
export { createHubStore, type HubStoreOptions } from './hub-client';
export { serveFetchHandler } from './node-serve';
export { SqliteFleetStore } from './sqlite-store';
export { type FleetStore, FleetStoreError } from './store';
