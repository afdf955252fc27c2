import { closeSync, existsSync, mkdirSync, openSync, unlinkSync } from 'node:fs';
import { readdir, readlink, stat, statfs } from 'node:fs/promises';
import { z } from 'zod';
import * as argv from './argv.js';
import { NetlinkError, NetlinkSpecError, isExists, isNotFound } from './errors.js';
import { runCommand, runIp } from './exec.js';
import { NetnsName, parseSpec } from './specs.js';

// Named namespaces are files in /run/netns (iproute2's NETNS_RUN_DIR) that
// keep a namespace alive. Naming a foreign namespace (a container's, by pid or
// by path) puts it there too, so every verb reaches it the same way: ip -n NAME.
const NETNS_DIR = '/run/netns';

const NameSpec = z.object({ name: NetnsName }).strict();
const nameOf = (op: string, spec: { name: string }) =>
  parseSpec(op, NameSpec, { name: spec.name }).name;

// `ip netns list` prints the entries of /run/netns: read them directly, with no
// process start (the figures: docs/perf.md, CNI plugin).
/** Names of the named namespaces (none when /run/netns does not exist yet). Equivalent to: ip netns list */
export async function netnsList(): Promise<string[]> {
  try {
    return await readdir(NETNS_DIR);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

/** Creates a named namespace; EEXIST when taken. Equivalent to: ip netns add NAME */
export async function netnsAdd(spec: { name: string }): Promise<void> {
  await runIp({ op: 'netnsAdd', args: argv.netnsAddArgs(nameOf('netnsAdd', spec)) });
}

/**
 * Removes the name (and so the namespace, unless something else holds it).
 * With missingOk an absent name is success. Equivalent to: ip netns del NAME
 */
export async function netnsDel(spec: {
  name: string;
  missingOk?: boolean;
}): Promise<{ deleted: boolean }> {
  try {
    await runIp({ op: 'netnsDel', args: argv.netnsDelArgs(nameOf('netnsDel', spec)) });
    return { deleted: true };
  } catch (e) {
    if (spec.missingOk && isNotFound(e)) return { deleted: false };
    throw e;
  }
}

/** Whether a named namespace exists (a stat, no process). Equivalent to: ip netns list | grep -x NAME */
export async function netnsExists(spec: { name: string }): Promise<boolean> {
  return existsSync(`${NETNS_DIR}/${nameOf('netnsExists', spec)}`);
}

/** statfs(2) f_type of the namespace filesystem (linux/magic.h NSFS_MAGIC). */
const NSFS_MAGIC = 0x6e736673;

/** Which namespace a namespace file stands for: two files name the same namespace when both numbers agree. */
export interface NetnsFileId {
  dev: number;
  ino: number;
}

// A namespace is known by the device and inode of its nsfs file (what
// `readlink /proc/PID/ns/net` prints as net:[INODE]); any other file (a
// regular one such as /etc/passwd) would be bind-mounted by netnsAttachPath
// and fail later with "Peer netns reference is invalid". Following symlinks
// is right: /proc/PID/ns/net is a magic link to the nsfs inode. Every kind of
// namespace lives on nsfs; a /proc link also names its kind ("mnt:[…]"), a
// bind-mounted file does not (there ip -n is what finds out).
/**
 * The identity of a network namespace file, or null when `path` is missing,
 * not a namespace (not on nsfs), or a /proc link to another kind of namespace.
 * Equivalent to: stat -L -f -c %t PATH (6e736673), stat -L -c '%d %i' PATH, readlink PATH (net:[…])
 */
export async function netnsFileId(spec: { path: string }): Promise<NetnsFileId | null> {
  try {
    const [fs, st, link] = await Promise.all([
      statfs(spec.path),
      stat(spec.path),
      readlink(spec.path).catch(() => null),
    ]);
    const kind = link === null ? null : /^(\w+):\[\d+\]$/.exec(link)?.[1];
    if (fs.type !== NSFS_MAGIC || (kind && kind !== 'net')) return null;
    return { dev: st.dev, ino: st.ino };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** Names the namespace of a running process. Equivalent to: ip netns attach NAME PID */
export async function netnsAttach(spec: { name: string; pid: number }): Promise<void> {
  const name = nameOf('netnsAttach', spec);
  if (!Number.isInteger(spec.pid) || spec.pid <= 0)
    throw new NetlinkSpecError('netnsAttach', 'pid', 'must be a positive integer (a process id)');
  await runIp({ op: 'netnsAttach', args: argv.netnsAttachArgs(name, spec.pid) });
}

/**
 * Names the namespace behind a namespace file (`/proc/PID/ns/net`,
 * `/var/run/docker/netns/ID`) by bind-mounting it where iproute2 looks.
 * Equivalent to: touch /run/netns/NAME && mount --bind PATH /run/netns/NAME
 */
export async function netnsAttachPath(spec: { name: string; path: string }): Promise<void> {
  const name = nameOf('netnsAttachPath', spec);
  if (!spec.path.startsWith('/') || spec.path.includes('\0'))
    throw new NetlinkSpecError(
      'netnsAttachPath',
      'path',
      'must be an absolute path to a namespace file, like /proc/1234/ns/net',
    );
  const file = `${NETNS_DIR}/${name}`;
  const argvMount = ['mount', '--bind', spec.path, file];
  if (!existsSync(spec.path))
    throw new NetlinkError({
      op: 'netnsAttachPath',
      argv: argvMount,
      errno: 'ENOENT',
      stderr: '',
      message: `netnsAttachPath failed: ${spec.path} does not exist [ENOENT]`,
    });
  mkdirSync(NETNS_DIR, { recursive: true });
  try {
    closeSync(openSync(file, 'wx'));
  } catch {
    throw new NetlinkError({
      op: 'netnsAttachPath',
      argv: argvMount,
      errno: 'EEXIST',
      stderr: '',
      message: `netnsAttachPath failed: namespace name "${name}" is taken [EEXIST]`,
    });
  }
  try {
    await runCommand('netnsAttachPath', argvMount);
  } catch (e) {
    unlinkSync(file);
    throw e;
  }
}

/**
 * Forgets a name given by netnsAttach/netnsAttachPath; the namespace lives on
 * while its processes do. Same command as netnsDel (iproute2 unmounts and
 * unlinks), kept separate so callers say what they mean.
 * Equivalent to: ip netns del NAME
 */
export async function netnsDetach(spec: { name: string }): Promise<void> {
  await runIp({ op: 'netnsDetach', args: argv.netnsDelArgs(nameOf('netnsDetach', spec)) });
}

/** Creates the namespace unless it exists; says which. */
export async function ensureNetns(spec: { name: string }): Promise<{ created: boolean }> {
  if (await netnsExists(spec)) return { created: false };
  try {
    await netnsAdd(spec);
    return { created: true };
  } catch (e) {
    if (isExists(e)) return { created: false };
    throw e;
  }
}

/** Removes the namespace if present; says whether it did. */
export const ensureNetnsAbsent = (spec: { name: string }) =>
  netnsDel({ name: spec.name, missingOk: true });
