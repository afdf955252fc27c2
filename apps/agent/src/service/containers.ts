import {
  assertNoErrors,
  ContainerAttachSchema,
  ContainerCreateSchema,
  ContainerRefSchema,
  DomainError,
  issue,
  planContainerCreate,
  planContainerRemove,
  validateContainerAttach,
  validateContainerCreate,
  type Container,
} from '@underlay/core';
import { deleteContainer, listContainers, listEndpoints, saveContainer } from '../store';
import { forgetEndpoint } from './connect';
import { execute, operate, type ServiceDeps } from './deps';
import { nowIso } from './ids';
import { finishForgetting, undoUnlessRecorded } from './journal';
import { requireContainer } from './lookup';
import { assertForeignNetns, netnsSourceOf } from './netns-guard';
import { recordsOf } from './snapshot';

// Containers are network namespaces: made by underlay (deleted on rm) or
// adopted by pid, path or name (only underlay's links and name are removed).

/** Refuses a name already used by a namespace underlay does not know. */
async function assertNetnsFree(deps: ServiceDeps, name: string): Promise<void> {
  if (!(await deps.kernel.netnsList()).includes(name)) return;
  throw new DomainError(
    issue(
      'CONTAINER_EXISTS',
      ['name'],
      `a network namespace named "${name}" already exists on this host.`,
      `Adopt it with: container attach ${name} --netns-name ${name}, or choose another name.`,
    ),
  );
}

/** Container operations. */
export function containerService(deps: ServiceDeps) {
  return {
    /** Every container with its endpoints and whether its namespace is still there. */
    async list() {
      const [present, endpoints] = [new Set(await deps.kernel.netnsList()), listEndpoints(deps.db)];
      return listContainers(deps.db).map((c) => ({
        ...c,
        present: present.has(c.netns),
        endpoints: endpoints.filter((e) => e.container === c.name),
      }));
    },

    /** Makes a named namespace with lo up. */
    create(input: unknown): Promise<Container> {
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
    },

    /** Adopts an existing namespace by pid, path or name. */
    attach(input: unknown): Promise<Container> {
      return operate(deps, 'containers.attach', async () => {
        const snapshot = {
          hostname: '',
          links: [],
          addresses: [],
          containerLinks: [],
          ...recordsOf(deps),
        };
        assertNoErrors(validateContainerAttach(input, snapshot));
        const request = ContainerAttachSchema.parse(input);
        const source = netnsSourceOf(request);
        let netns = request.name;
        if (request.netnsName !== undefined) {
          if (!(await deps.kernel.netnsList()).includes(request.netnsName)) {
            throw new DomainError(
              issue(
                'NOT_FOUND',
                ['netnsName'],
                `no network namespace named "${request.netnsName}" on this host.`,
                'Give a name that ip netns list shows, or use --netns PATH or --pid PID.',
              ),
            );
          }
          if (source) await assertForeignNetns(deps, source);
          netns = request.netnsName;
        } else {
          if (source) await assertForeignNetns(deps, source);
          await assertNetnsFree(deps, request.name);
          if (request.pid !== undefined)
            await deps.kernel.netnsAttachPid(request.name, request.pid);
          else if (request.netnsPath !== undefined)
            await deps.kernel.netnsAttachPath(request.name, request.netnsPath);
        }
        const container: Container = {
          name: request.name,
          netns,
          origin: 'attached',
          source: {
            ...(request.pid !== undefined ? { pid: request.pid } : {}),
            ...(request.netnsPath !== undefined ? { path: request.netnsPath } : {}),
          },
          created: nowIso(),
        };
        saveContainer(deps.db, container);
        deps.bus.publish({ type: 'container.created', container });
        return container;
      });
    },

    /** Removes a container: its endpoints are freed; a namespace underlay made is deleted, an adopted one keeps living. */
    remove(input: unknown): Promise<{ container: Container; released: number }> {
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
    },
  };
}
