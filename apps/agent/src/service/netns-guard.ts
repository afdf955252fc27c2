import { DomainError, issue, type Issue } from '@underlay/core';
import type { ServiceDeps } from './deps';

// `container attach` adopts a namespace that someone else made. Two mistakes
// must stop there, before any name is given: a file that is no network
// namespace (bind-mounting /etc/passwd "worked", and every later operation
// failed with "Peer netns reference is invalid"), and the host's own namespace
// (--pid 1, --netns /proc/1/ns/net): connecting it would put ipvlan links,
// addresses and a default route into the host itself. Namespaces are compared
// by the device and inode of their nsfs file, as the kernel identifies them.

/** Which namespace an attach request names, and the request field that named it. */
export interface NetnsSource {
  field: 'pid' | 'netnsPath' | 'netnsName';
  path: string;
  /** As the user wrote it, for messages. */
  given: string;
}

/** The namespace file behind an attach request's pid, path or name. */
export function netnsSourceOf(request: {
  pid?: number | undefined;
  netnsPath?: string | undefined;
  netnsName?: string | undefined;
}): NetnsSource | null {
  if (request.pid !== undefined)
    return { field: 'pid', path: `/proc/${request.pid}/ns/net`, given: `process ${request.pid}` };
  if (request.netnsPath !== undefined)
    return { field: 'netnsPath', path: request.netnsPath, given: `"${request.netnsPath}"` };
  if (request.netnsName !== undefined)
    return {
      field: 'netnsName',
      path: `/run/netns/${request.netnsName}`,
      given: `namespace "${request.netnsName}"`,
    };
  return null;
}

/** Refuses a source that is not a network namespace, or is the agent's (the host's) own. */
export async function assertForeignNetns(deps: ServiceDeps, source: NetnsSource): Promise<void> {
  const target = await deps.kernel.netnsFileId(source.path);
  if (!target) throw new DomainError(notANetns(source));
  const own = await deps.kernel.netnsFileId('/proc/self/ns/net');
  if (own && own.dev === target.dev && own.ino === target.ino)
    throw new DomainError(
      issue(
        'NETNS_IS_HOST',
        [source.field],
        `${source.given} is in the host's own network namespace (the one the agent runs in, ${source.path}).`,
        "Adopting it would put ipvlan links, addresses and a default route into the host itself. Give a container's process or namespace file, or make one with underlay container create.",
      ),
    );
}

function notANetns(source: NetnsSource): Issue {
  if (source.field === 'pid')
    return issue(
      'NOT_FOUND',
      ['pid'],
      `${source.given} has no network namespace here (no ${source.path}).`,
      'Give the pid of a running process on this host, e.g. from docker inspect -f {{.State.Pid}} NAME.',
    );
  return issue(
    'NOT_A_NETNS',
    [source.field],
    `${source.given} is not a network namespace (${source.path} is missing, or not a namespace file).`,
    'Give /proc/PID/ns/net of a running process, a file under /run/netns or /var/run/docker/netns, or a name that ip netns list shows.',
  );
}

/** Refuses a name already used by a namespace underlay does not know. */
export async function assertNetnsFree(deps: ServiceDeps, name: string): Promise<void> {
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
