import {
  assertNoErrors,
  ContainerCreateSchema,
  ContainerRefSchema,
  planContainerCreate,
  planContainerRemove,
  validateContainerCreate,
  type Container,
} from '@underlay/core';
import { deleteContainer, listContainers, listEndpoints, saveContainer } from '../store';
import { forgetEndpoint } from './connect';
import { execute, operate, type ServiceDeps } from './deps';
import { nowIso } from './ids';
import { finishForgetting, undoUnlessRecorded } from './journal';
import { requireContainer } from './lookup';
import { attachContainer } from './container-attach';
import { assertNetnsFree } from './netns-guard';
import { recordsOf } from './snapshot';

// Containers are network namespaces: made by underlay (deleted on rm) or
// adopted by pid, path or name (only underlay's links and name are removed).

/** Every container with its endpoints and whether its namespace is still there. */
async function listWithPresence(deps: ServiceDeps) {
  const [present, endpoints] = [new Set(await deps.kernel.netnsList()), listEndpoints(deps.db)];
  return listContainers(deps.db).map((c) => ({
    ...c,
    present: present.has(c.netns),
    endpoints: endpoints.filter((e) => e.container === c.name),
  }));
}

/** Makes a named namespace with lo up. */
function createContainer(deps: ServiceDeps, input: unknown): Promise<Container> {
  return operate(deps, 'containers.create', async () => {
    const records = recordsOf(deps);
    const snapshot = { hostname: '', links: [], addresses: [], containerLinks: [], ...records };
    assertNoErrors(validateContainerCreate(input, snapshot));
    const { name } = ContainerCreateSchema.parse(input);
    await assertNetnsFree(deps, name);
    const plan = planContainerCreate({ name, snapshot });
    await execute(
      deps,
      [
        ...plan.steps,
        {
          op: { op: 'linkSetUp', netns: name, name: 'lo' },
          inverse: null,
          why: 'bring lo up, as in any container',
        },
      ],
      undoUnlessRecorded('containers.create', { container: name }),
    );
    const container: Container = {
      name,
      netns: name,
      origin: 'created',
      source: {},
      created: nowIso(),
    };
    saveContainer(deps.db, container);
    deps.bus.publish({ type: 'container.created', container });
    return container;
  });
}

/** Removes a container: its endpoints are freed; a namespace underlay made is deleted, an adopted one keeps living. */
function removeContainer(
  deps: ServiceDeps,
  input: unknown,
): Promise<{ container: Container; released: number }> {
  return operate(deps, 'containers.remove', async () => {
    const { container: name } = ContainerRefSchema.parse(input);
    const records = recordsOf(deps);
    const container = requireContainer(records, name);
    const present = (await deps.kernel.netnsList()).includes(container.netns);
    const snapshot = { hostname: '', links: [], addresses: [], containerLinks: [], ...records };
    const steps = present ? planContainerRemove({ container, snapshot }).steps : [];
    await execute(deps, steps, finishForgetting('containers.remove', { container: name }));
    const endpoints = records.endpoints.filter((e) => e.container === name);
    for (const endpoint of endpoints) forgetEndpoint(deps, endpoint);
    // A name given by attach (pid or path) is ours to remove; the namespace lives on with its process.
    const named =
      container.origin === 'attached' &&
      (container.source.pid !== undefined || container.source.path !== undefined);
    if (named && present) await deps.kernel.netnsDetach(container.netns);
    deleteContainer(deps.db, name);
    deps.bus.publish({ type: 'container.removed', name });
    return { container, released: endpoints.length };
  });
}

/** Container operations. */
export function containerService(deps: ServiceDeps) {
  return {
    /** Every container with its endpoints and whether its namespace is still there. */
    list: () => listWithPresence(deps),
    /** Makes a named namespace with lo up. */
    create: (input: unknown): Promise<Container> => createContainer(deps, input),
    /** Adopts an existing namespace by pid, path or name. */
    attach: (input: unknown): Promise<Container> => attachContainer(deps, input),
    /** Removes a container: its endpoints are freed; a namespace underlay made is deleted, an adopted one keeps living. */
    remove: (input: unknown): Promise<{ container: Container; released: number }> =>
      removeContainer(deps, input),
  };
}
