import { listContainers, listEndpoints } from '../store';
import type { ServiceDeps } from '../service/deps';
import { forgetCniContainer } from './attachment';

// An ADD records its container before it connects, and a DEL forgets the
// container after its last endpoint; each is one job of the queue, so a CNI
// container without an endpoint exists only while such a job runs. Found at
// start-up, it is what an ADD or DEL the agent died in left behind (the
// runtime saw "try again later"): the record, and the name underlay gave a
// namespace path, are dropped, so a later DEL finds nothing and a new ADD of
// that container id starts clean. Its addresses were never recorded (a
// connect saves its endpoint last), so IPAM holds nothing of it.

/** Forgets CNI containers left without an endpoint by a call the agent died in; returns their names. */
export async function forgetHalfDoneCni(deps: ServiceDeps): Promise<string[]> {
  const attached = new Set(listEndpoints(deps.db).map((e) => e.container));
  const stale = listContainers(deps.db).filter((c) => c.cni && !attached.has(c.name));
  for (const container of stale) await forgetCniContainer(deps, container);
  return stale.map((c) => c.name);
}
