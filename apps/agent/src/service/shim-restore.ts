import { planShimRepair, shimDrift } from '@underlay/core';
import { execute, type ServiceDeps } from './deps';
import { takeSnapshot } from './snapshot';

// Start-up re-applies host shims as it does parents (the seed: configuration
// is applied every time the engine starts): a shim lost with a reboot, or an
// address lost from one, is made again once its parent is there.

/** Makes missing host shims (and their addresses) again; returns how many steps ran. Call inside the queue, after the parents' restore. */
export async function restoreShimsNow(deps: ServiceDeps): Promise<number> {
  const snapshot = await takeSnapshot(deps);
  const steps = planShimRepair(shimDrift(snapshot.networks, snapshot), snapshot.networks, snapshot);
  try {
    await execute(deps, steps);
  } catch (err) {
    deps.log.error({ err: (err as Error).message }, 'restoring host shims failed');
    return 0;
  }
  return steps.length;
}
