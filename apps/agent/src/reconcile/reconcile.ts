import { forgetHalfDoneCni } from '../cni/startup';
import { listEndpoints, listNetworks, listShims } from '../store';
import { operate, type ServiceDeps } from '../service/deps';
import { checkDrift, releaseVanishedNow, restoreParentsNow } from '../service/repair';
import { restoreRoutesNow } from '../service/routes';
import { restoreShimsNow } from '../service/shim-restore';
import { checkDriftEvery } from './drift-timer';
import { watchLinks } from './link-watch';

// Start-up reconcile: the seed's "configuration is applied every time the
// engine starts". Addresses come back from the store, endpoints whose
// namespace is gone are freed, VLAN and dummy parents are made again, a
// missing plain parent leaves its network degraded until a link event brings
// it back, CNI containers an ADD or DEL left half done (the agent died in
// it) are forgotten, and what was changed by hand is reported as drift.

/** A link appearing may be the missing parent (or VLAN base) of a degraded network. */
async function onAppear(deps: ServiceDeps, link: string): Promise<void> {
  const degraded = listNetworks(deps.db).filter((n) => n.status === 'degraded');
  if (!degraded.some((n) => n.parent === link || n.parent.startsWith(`${link}.`))) return;
  await operate(deps, 'reconcile.restore', () => restoreParentsNow(deps));
}

/** Fills the in-memory IPAM from the store (always, before serving). */
function restoreAddresses(deps: ServiceDeps): void {
  // A host shim's addresses are allocated like an endpoint's, so they come back the same way.
  const problems = deps.ipam.restore(listNetworks(deps.db), [
    ...listEndpoints(deps.db),
    ...listShims(deps.db),
  ]);
  for (const p of problems)
    deps.log.error({ code: p.code, path: p.path }, `address restore: ${p.message}`);
}

/** The start-up pass itself, in the queue. */
function startUpPass(deps: ServiceDeps): Promise<void> {
  return operate(deps, 'reconcile.start', async () => {
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
}

/** Runs the start-up pass, then follows link events and checks drift in the background until `signal` aborts. */
async function startReconcile(
  deps: ServiceDeps,
  signal: AbortSignal,
  { driftCheckSeconds = 0 }: { driftCheckSeconds?: number },
): Promise<void> {
  await startUpPass(deps);
  await checkDrift(deps).catch((err: Error) =>
    deps.log.error({ err: err.message }, 'drift check failed'),
  );
  void watchLinks(deps, { signal, onAppear: (link) => onAppear(deps, link) });
  checkDriftEvery(deps, driftCheckSeconds, signal);
}

/** Reconcile operations. */
export function reconcileService(deps: ServiceDeps) {
  return {
    /** Fills the in-memory IPAM from the store (always, before serving). */
    restoreAddresses: (): void => restoreAddresses(deps),
    /** Runs the start-up pass, then follows link events and checks drift in the background until `signal` aborts. */
    start: (signal: AbortSignal, opts: { driftCheckSeconds?: number } = {}): Promise<void> =>
      startReconcile(deps, signal, opts),
  };
}
