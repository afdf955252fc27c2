import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { basename, dirname, join, resolve } from 'node:path';

// One writer per state directory and per host kernel (DESIGN.md: the agent is
// the single writer of a host). The lock is a listening Linux abstract unix
// socket: binding a name is atomic, the name lives only as long as the
// listening descriptor (the kernel frees it when the process dies, SIGKILL
// included, so a restart right after a kill -9 finds it free), it leaves no
// file to clean up, and Node opens it close-on-exec, so the `ip` processes
// the agent spawns never inherit it. A holder answers its pid and state
// directory to whoever connects, for the refusal's message.
// Abstract names belong to a network namespace: two agents in different
// namespaces do not see each other's locks (the agent runs in the host's).
// Any local user may bind an abstract name (they carry no permissions): one
// who takes these first keeps the agent from starting, and the refusal then
// names whatever it answers; it cannot make two agents run.

/** The lock a running agent holds until close() (or its process's end). */
export interface AgentLock {
  release(): Promise<void>;
}

/** A start refused because another agent holds the state directory or the host kernel. */
export class AgentLockedError extends Error {
  override readonly name = 'AgentLockedError';
}

/** What a holder answers. */
interface Holder {
  pid?: number;
  stateDir?: string;
}

/**
 * The state directory's real path, as far as it exists: two spellings of one
 * directory (a symlink, `..`) are one lock, and a directory not made yet is
 * not made here (a refused start changes nothing).
 */
export function resolveStateDir(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    const parent = dirname(absolute);
    return parent === absolute ? absolute : join(resolveStateDir(parent), basename(absolute));
  }
}

/** Binds the abstract name; false when another process holds it. */
function bind(server: Server, name: string): Promise<boolean> {
  return new Promise((done, fail) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      err.code === 'EADDRINUSE' ? done(false) : fail(err),
    );
    server.listen(`\0${name}`, () => done(true));
  });
}

/** A holder's answer, as far as it makes sense (anything may bind an abstract name and say anything). */
function holderOf(text: string): Holder {
  try {
    const { pid, stateDir } = JSON.parse(text) as Record<string, unknown>;
    return {
      ...(typeof pid === 'number' && Number.isInteger(pid) ? { pid } : {}),
      ...(typeof stateDir === 'string' ? { stateDir } : {}),
    };
  } catch {
    return {};
  }
}

/** Asks the holder of `name` who it is; {} when it does not answer within two seconds. */
function askHolder(name: string): Promise<Holder> {
  return new Promise((done) => {
    let text = '';
    const socket = connect(`\0${name}`);
    socket.setEncoding('utf8');
    socket.setTimeout(2000, () => socket.destroy());
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => done(holderOf(text)));
  });
}

/** Holds `name` for this process, answering `me` to whoever asks; what the holder says when another process has it. */
async function hold(name: string, me: Holder): Promise<{ lock: AgentLock } | { holder: Holder }> {
  const peers = new Set<Socket>();
  const server = createServer((socket) => {
    peers.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => peers.delete(socket));
    socket.end(`${JSON.stringify(me)}\n`);
  });
  if (!(await bind(server, name))) return { holder: await askHolder(name) };
  // The lock must not keep a process alive that has nothing else to do.
  server.unref();
  const release = () =>
    new Promise<void>((done) => {
      server.close(() => done());
      for (const socket of peers) socket.destroy();
    });
  return { lock: { release } };
}

/** ` (pid 253)`, with the state dir too when asked; nothing for a holder that did not answer. */
const whoPart = (holder: Holder, withDir: boolean) =>
  holder.pid
    ? ` (pid ${holder.pid}${withDir && holder.stateDir ? `, state dir ${holder.stateDir}` : ''})`
    : '';

/** What to take: the state directory always, the host kernel when the agent drives the real one. */
export interface LockSpec {
  stateDir: string;
  /** True with the netlink kernel: its start-up sweeps /run/underlay and reconciles the host, whatever the state dir. */
  hostKernel: boolean;
  /** Prefix of the abstract names (tests give their own, so they never meet a real agent's). */
  prefix?: string;
}

/**
 * Takes the agent's locks before it opens anything: the host kernel first
 * (when it drives it), so that an agent refused for both is told the fix that
 * works (stop the other one), then the state directory. Throws an
 * AgentLockedError naming the holder; holds nothing then.
 */
export async function lockAgent(spec: LockSpec): Promise<AgentLock> {
  const prefix = spec.prefix ?? 'underlay-agent';
  const stateDir = resolveStateDir(spec.stateDir);
  const me: Holder = { pid: process.pid, stateDir };
  const held: AgentLock[] = [];
  const releaseAll = async () => {
    for (const lock of held.splice(0).reverse()) await lock.release();
  };
  if (spec.hostKernel) {
    const host = await hold(`${prefix}:host`, me);
    if ('holder' in host)
      throw new AgentLockedError(
        `another underlay agent${whoPart(host.holder, true)} is running on this host: stop it first (one agent drives a host's kernel)`,
      );
    held.push(host.lock);
  }
  // A hash keeps the name inside the 107 bytes an abstract address holds, however long the path.
  const key = createHash('sha256').update(stateDir).digest('hex').slice(0, 32);
  const records = await hold(`${prefix}:state:${key}`, me);
  if ('holder' in records) {
    await releaseAll();
    throw new AgentLockedError(
      `another underlay agent${whoPart(records.holder, false)} is running with state dir ${stateDir}: stop it first, or give --state-dir another directory`,
    );
  }
  held.push(records.lock);
  return { release: releaseAll };
}
