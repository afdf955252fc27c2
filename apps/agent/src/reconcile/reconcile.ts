import type { DriftItem } from '@underlay/core';
import { listEndpoints, listNetworks } from '../store';
import { operate, type ServiceDeps } from '../service/deps';
import { driftReport, releaseVanishedNow, restoreParentsNow } from '../service/repair';
import { watchLinks } from './link-watch';

// Start-up reconcile: the seed's "configuration is applied every time the
// engine starts". Addresses come back from the store, endpoints whose
// namespace is gone are freed, VLAN and dummy parents are made again, a
// missing plain parent leaves its network degraded until a link event brings
// it back, and what was changed by hand is reported as drift.

/** Reconcile operations. */
export function reconcileService(deps: ServiceDeps) {
  const reportDrift = async (): Promise<DriftItem[]> => {
    const drift = await driftReport(deps);
    if (drift.length) {
      deps.bus.publish({ type: 'drift.found', items: drift.map((d) => ({ network: d.network, link: d.endpoint ?? '', problem: `${d.kind}: ${d.detail}` })) });
      deps.log.warn({ drift: drift.map((d) => d.detail) }, 'drift found: run networks.repair to fix it');
    }
    return drift;
  };

  // A link appearing may be the missing parent (or VLAN base) of a degraded network.
  const onAppear = async (link: string): Promise<void> => {
    const degraded = listNetworks(deps.db).filter((n) => n.status === 'degraded');
    if (!degraded.some((n) => n.parent === link || n.parent.startsWith(`${link}.`))) return;
    await operate(deps, 'reconcile.restore', () => restoreParentsNow(deps));
  };

  return {
    reportDrift,
    /** Fills the in-memory IPAM from the store (always, before serving). */
    restoreAddresses(): void {
      const problems = deps.ipam.restore(listNetworks(deps.db), listEndpoints(deps.db));
      for (const p of problems) deps.log.error({ code: p.code, path: p.path }, `address restore: ${p.message}`);
    },
    /** Runs the start-up pass, then follows link events in the background until `signal` aborts. */
    async start(signal: AbortSignal): Promise<void> {
      await operate(deps, 'reconcile.start', async () => {
        const released = await releaseVanishedNow(deps);
        const { degraded, restored } = await restoreParentsNow(deps);
        deps.log.info({ released: released.length, restoredParents: restored, degraded: degraded.length }, 'start-up reconcile done');
      });
      await reportDrift().catch((err: Error) => deps.log.error({ err: err.message }, 'drift check failed'));
      void watchLinks(deps, { signal, onAppear });
    },
  };
}
