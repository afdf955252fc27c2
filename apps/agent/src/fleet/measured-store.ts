import { type FleetStore, FleetStoreError } from '@underlay/fleet-store';
import type { AgentMetrics } from '../metrics';

/** Told after every store call whether the store answered. */
export type ReachHook = (reachable: boolean, error?: FleetStoreError) => void;

// Every store call goes through here, so latency and reachability are
// measured once, for the allocator, the lease and the status query alike.
/** Wraps a store so each call is timed and its reachability reported. */
export function measuredStore(
  store: FleetStore,
  metrics: AgentMetrics,
  onReach: ReachHook,
): FleetStore {
  const timed =
    <A extends unknown[], R>(call: string, body: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const stop = metrics.fleetStoreSeconds.startTimer({ call });
      try {
        const result = await body(...args);
        onReach(true);
        return result;
      } catch (error) {
        if (error instanceof FleetStoreError && error.code === 'UNREACHABLE') onReach(false, error);
        else onReach(true);
        throw error;
      } finally {
        stop();
      }
    };
  return {
    kind: store.kind,
    where: store.where,
    get: timed('get', (key) => store.get(key)),
    list: timed('list', (prefix) => store.list(prefix)),
    txn: timed('txn', (txn) => store.txn(txn)),
    grantLease: timed('grantLease', (ttl) => store.grantLease(ttl)),
    keepAlive: timed('keepAlive', (lease) => store.keepAlive(lease)),
    revokeLease: timed('revokeLease', (lease) => store.revokeLease(lease)),
    close: () => store.close(),
  };
}
