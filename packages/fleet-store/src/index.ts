export { EtcdFleetStore, type EtcdStoreOptions } from './etcd-store';
export { MemoryFleetStore } from './memory-store';
export { HostLease } from './host-lease';
export { SegmentClient, type SegmentClientOptions, type SegmentStats } from './segment-client';
export { SqliteFleetStore } from './sqlite-store';
export { type FleetStore, FleetStoreError, type FleetStoreKind, prefixEnd } from './store';
export { openFleetStore, type OpenFleetStoreOptions } from './open';
