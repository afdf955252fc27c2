import {
  assertNoErrors,
  ContainerAttachSchema,
  DomainError,
  issue,
  validateContainerAttach,
  type Container,
} from '@underlay/core';
import { saveContainer } from '../store';
import { operate, type ServiceDeps } from './deps';
import { nowIso } from './ids';
import { assertForeignNetns, assertNetnsFree, netnsSourceOf } from './netns-guard';
import { recordsOf } from './snapshot';

// `container attach`: adopts a namespace someone else made, by pid, path or
// name; only the name underlay gives it (pid or path) is ever removed.

type AttachRequest = ReturnType<typeof ContainerAttachSchema.parse>;

/**
 * Checks the namespace the request names and gives it the container's name (pid or path); returns the namespace's
 * name. A namespace adopted by name keeps its own.
 */
async function adoptNetns(deps: ServiceDeps, request: AttachRequest): Promise<string> {
  const source = netnsSourceOf(request);
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
    return request.netnsName;
  }
  if (source) await assertForeignNetns(deps, source);
  await assertNetnsFree(deps, request.name);
  if (request.pid !== undefined) await deps.kernel.netnsAttachPid(request.name, request.pid);
  else if (request.netnsPath !== undefined)
    await deps.kernel.netnsAttachPath(request.name, request.netnsPath);
  return request.name;
}

// Adopts an existing namespace by pid, path or name.
export function attachContainer(deps: ServiceDeps, input: unknown): Promise<Container> {
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
    const netns = await adoptNetns(deps, request);
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
}
