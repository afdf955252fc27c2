import { setTimeout as sleep } from 'node:timers/promises';
import { forgetHalfDoneCni } from '../cni/startup';
import { listEndpoints, listNetworks, listShims } from '../store';
import { operate, type ServiceDeps } from '../service/deps';
import {
  checkDrift,
  driftReport,
  releaseVanishedNow,
  restoreParentsNow,
  suspectsOf,
  type GiveWay,
} from '../service/repair';
import { restoreRoutesNow } from '../service/routes';
import { restoreShimsNow } from '../service/shim-restore';
import { watchLinks } from './link-watch';

// Start-up reconcile: the seed's "configuration is applied every time the
// engine starts". Addresses come back from the store, endpoints whose
// namespace is gone are freed, VLAN and dummy parents are made again, a
// missing plain parent leaves its network degraded until a link event brings
// it back, CNI containers an ADD or DEL left half done (the agent died in
// it) are forgotten, and what was changed by hand is reported as drift.

/** A background drift check waits for this long without an operation before each namespace it reads. */
const QUIET_MS = 2000;

/** Reconcile operations. */
export function reconcileService(deps: ServiceDeps) {
  // Changes by hand inside a container's namespace raise no event the agent
  // sees, so the check runs again every few seconds. It is background work:
  // the first read happens outside the queue, one namespace at a time and only
  // after QUIET_MS without an operation (the reads share one forker with every
  // connect: a check of 200 namespaces in the middle of a burst of connects
  // slowed them by seconds), so a busy host defers it; and an operation queued
  // while a namespace is being read stops that read (its ip is ended), so a
  // connect after a quiet spell does not wait for it. Only when that read,
  // or the last check, found drift is it confirmed in the queue (a plan half
  // applied reads as drift) and recorded, reading again just the namespaces
  // either found drifting. One check at a time.
  const checkEvery = (seconds: number, signal: AbortSignal): void => {
    if (seconds <= 0) return;
    const giveWay: GiveWay = {
      async quiet() {
        while (
          !signal.aborted &&
          (deps.queue.size > 0 || Date.now() - deps.queue.lastSettledAt < QUIET_MS)
        )
          await sleep(QUIET_MS / 4);
        if (signal.aborted) throw new Error('the agent is stopping');
      },
      untilBusy() {
        const busy = new AbortController();
        const stop = () => busy.abort();
        const unlisten = deps.queue.onQueued(stop);
        // The agent stopping stops the read too (quiet() then says why).
        signal.addEventListener('abort', stop, { once: true });
        if (deps.queue.size > 0 || signal.aborted) stop();
        const release = () => {
          unlisten();
          signal.removeEventListener('abort', stop);
        };
        return { signal: busy.signal, release };
      },
    };
    let running = false;
    const tick = async (): Promise<void> => {
      const seen = await driftReport(deps, { giveWay });
      if (seen.length === 0 && deps.drift.items.length === 0) return;
      await operate(deps, 'drift.check', () =>
        checkDrift(deps, suspectsOf(seen, deps.drift.items)),
      );
    };
    const timer = setInterval(() => {
      if (running || signal.aborted) return;
      running = true;
      tick()
        .catch(
          (err: Error) =>
            signal.aborted || deps.log.warn({ err: err.message }, 'drift check failed'),
        )
        .finally(() => (running = false));
    }, seconds * 1000);
    timer.unref();
    signal.addEventListener('abort', () => clearInterval(timer), { once: true });
  };

  // A link appearing may be the missing parent (or VLAN base) of a degraded network.
  const onAppear = async (link: string): Promise<void> => {
    const degraded = listNetworks(deps.db).filter((n) => n.status === 'degraded');
    if (!degraded.some((n) => n.parent === link || n.parent.startsWith(`${link}.`))) return;
    await operate(deps, 'reconcile.restore', () => restoreParentsNow(deps));
  };

  return {
    /** Fills the in-memory IPAM from the store (always, before serving). */
    restoreAddresses(): void {
      // A host shim's addresses are allocated like an endpoint's, so they come back the same way.
      const problems = deps.ipam.restore(listNetworks(deps.db), [
        ...listEndpoints(deps.db),
        ...listShims(deps.db),
      ]);
      for (const p of problems)
        deps.log.error({ code: p.code, path: p.path }, `address restore: ${p.message}`);
    },
    /** Runs the start-up pass, then follows link events and checks drift in the background until `signal` aborts. */
    async start(
      signal: AbortSignal,
      { driftCheckSeconds = 0 }: { driftCheckSeconds?: number } = {},
    ): Promise<void> {
      await operate(deps, 'reconcile.start', async () => {
        const released = await releaseVanishedNow(deps);
        const halfDoneCni = await forgetHalfDoneCni(deps);
        const { degraded, restored } = await restoreParentsNow(deps);
        const shimSteps = await restoreShimsNow(deps);
        const routeSteps = await restoreRoutesNow(deps);
        deps.log.info(
          {
            released: released.length,
            halfDoneCni: halfDoneCni.length,
            restoredParents: restored,
            degraded: degraded.length,
            shimSteps,
            routeSteps,
          },
          'start-up reconcile done',
        );
      });
      await checkDrift(deps).catch((err: Error) =>
        deps.log.error({ err: err.message }, 'drift check failed'),
      );
      void watchLinks(deps, { signal, onAppear });
      checkEvery(driftCheckSeconds, signal);
    },
  };
}
