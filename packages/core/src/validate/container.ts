import { type Issue, issue, onHost } from '../errors';
import { ContainerAttachSchema, ContainerCreateSchema, type HostSnapshot } from '../schemas';
import { validateContainerName } from './names';
import { parseWith } from './zod-issues';

function existsIssues(name: string, snapshot: HostSnapshot): Issue[] {
  if (!snapshot.containers.some((c) => c.name === name)) return [];
  return [
    issue(
      'CONTAINER_EXISTS',
      ['name'],
      `container "${name}" already exists ${onHost(snapshot.hostname)}.`,
      'Choose another name, or remove the existing container first.',
    ),
  ];
}

/** Every error for `container create NAME`. */
export function validateContainerCreate(input: unknown, snapshot: HostSnapshot): Issue[] {
  const parsed = parseWith(ContainerCreateSchema, input);
  if (!parsed.data) return parsed.issues;
  return [...validateContainerName(parsed.data.name), ...existsIssues(parsed.data.name, snapshot)];
}

// Adopting a namespace needs exactly one way to find it. The path must be absolute
// (it is opened, never given to a shell); a netns name lives in /run/netns, so it
// follows the container-name alphabet (no "/").
/** Every error for `container attach NAME (--pid | --netns | --netns-name)`. */
export function validateContainerAttach(input: unknown, snapshot: HostSnapshot): Issue[] {
  const parsed = parseWith(ContainerAttachSchema, input);
  if (!parsed.data) return parsed.issues;
  const request = parsed.data;
  const issues = [...validateContainerName(request.name), ...existsIssues(request.name, snapshot)];
  const given = (['pid', 'netnsPath', 'netnsName'] as const).filter(
    (key) => request[key] !== undefined,
  );
  if (given.length !== 1) {
    const what = given.length
      ? `${given.join(', ')} are given together`
      : 'none of pid, netnsPath, netnsName is given';
    issues.push(
      issue(
        'INVALID_INPUT',
        [given[1] ?? 'pid'],
        `attach needs exactly one namespace source: ${what}.`,
        'Give one of --pid PID, --netns PATH or --netns-name NAME.',
      ),
    );
  }
  if (
    request.netnsPath !== undefined &&
    (!request.netnsPath.startsWith('/') || request.netnsPath.includes('\0'))
  ) {
    issues.push(
      issue(
        'INVALID_INPUT',
        ['netnsPath'],
        `netns path "${request.netnsPath}" is not an absolute path.`,
        'Give the absolute path of a namespace file, e.g. /proc/1234/ns/net or /run/netns/NAME.',
      ),
    );
  }
  if (request.netnsName !== undefined)
    issues.push(...validateContainerName(request.netnsName, ['netnsName']));
  return issues;
}
