export { EtcdFleetStore, type EtcdStoreOptions } from './etcd-store';
export { MemoryFleetStore } from './memory-store';
export { HostLease } from './host-lease';
export { SegmentClient, type SegmentClientOptions, type SegmentStats } from './segment-client';
export { SqliteFleetStore } from './sqlite-store';
export { type FleetStore, FleetStoreError, type FleetStoreKind, prefixEnd } from './store';
export { createHubStore, type HubStoreOptions } from './hub-client';
export { createHubStoreHandler, HUB_STORE_PATH, type HubStoreHandlerOptions } from './hub-handler';
export { serveFetchHandler } from './node-serve';
