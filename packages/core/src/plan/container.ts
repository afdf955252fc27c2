import { DomainError, assertNoErrors, issue } from '../errors';
import { validateContainerName } from '../validate/names';
import type { Container } from '../schemas/container';
import type { HostSnapshot } from '../schemas/snapshot';
import { step, type Plan } from './types';

// `ip netns add NAME` makes /run/netns/NAME, so the name is a file name: the
// container-name rule of validation (no '/', not '.' or '..') keeps it safe.
/** Kernel steps for `container create NAME`: a new named network namespace. */
export function planContainerCreate({
  name,
  snapshot,
}: {
  name: string;
  snapshot?: HostSnapshot;
}): Plan {
  assertNoErrors(validateContainerName(name));
  if (snapshot?.containers.some((c) => c.name === name || c.netns === name)) {
    throw new DomainError(
      issue('CONTAINER_EXISTS', ['name'], `container ${name} already exists on this host.`),
    );
  }
  return {
    steps: [
      step({ op: 'netnsAdd', name }, { op: 'netnsDel', name }, `create network namespace ${name}`),
    ],
    warnings: [],
  };
}

// A namespace underlay made is deleted, and its ipvlan links die with it. An
// attached one belongs to someone else's process: only our links leave it.
// Neither can be undone, so neither has an inverse.
/** Kernel steps for `container rm`; the agent frees the endpoints' addresses. */
export function planContainerRemove({
  container,
  snapshot,
}: {
  container: Container;
  snapshot: HostSnapshot;
}): Plan {
  const endpoints = snapshot.endpoints.filter((e) => e.container === container.name);
  if (container.origin === 'created') {
    const links = endpoints.map((e) => e.ifname).join(', ');
    const why = `delete network namespace ${container.netns}${links ? ` (its links ${links} go with it)` : ''}`;
    return { steps: [step({ op: 'netnsDel', name: container.netns }, null, why)], warnings: [] };
  }
  const steps = endpoints.map((e) =>
    step(
      { op: 'linkDel', netns: e.netns, name: e.ifname },
      null,
      `delete ${e.ifname} from attached container ${container.name}`,
    ),
  );
  return { steps, warnings: [] };
}
