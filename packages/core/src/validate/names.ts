import { type Issue, issue } from '../errors';

// Docker's rule for network and container names (daemon/names.RestrictedNamePattern).
// Container names also become netns names under /run/netns, so the same
// alphabet (no "/") keeps them safe as file names.
const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** Longest network or container name accepted (Docker sets none; 64 keeps inspect output and netns names sane). */
export const NAME_MAX_LENGTH = 64;

function nameIssues(
  code: 'INVALID_NETWORK_NAME' | 'INVALID_CONTAINER_NAME',
  what: string,
  name: string,
  path: Issue['path'],
): Issue[] {
  const hint = `A ${what} name starts with a letter or digit, then letters, digits, "_", "." or "-", at most ${NAME_MAX_LENGTH} characters (e.g. db_net, ipvlan20).`;
  if (name.length === 0) return [issue(code, path, `${what} name is empty.`, hint)];
  if (name.length > NAME_MAX_LENGTH)
    return [
      issue(
        code,
        path,
        `${what} name "${name.slice(0, 20)}…" is ${name.length} characters long.`,
        hint,
      ),
    ];
  if (!NAME_PATTERN.test(name))
    return [
      issue(code, path, `${what} name "${name}" contains characters that are not allowed.`, hint),
    ];
  return [];
}

/** Checks a network name against Docker's rule. */
export const validateNetworkName = (name: string, path: Issue['path'] = ['name']): Issue[] =>
  nameIssues('INVALID_NETWORK_NAME', 'network', name, path);

/** Checks a container name (also used as its netns name). */
export const validateContainerName = (name: string, path: Issue['path'] = ['name']): Issue[] =>
  nameIssues('INVALID_CONTAINER_NAME', 'container', name, path);
