import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa, type ResultPromise } from 'execa';

// Tests start their own etcd (Debian's etcd-server 3.4), on loopback with
// free ports, or on the lab's management address inside the lab's network
// namespace, so it is reachable from the guests and never from the machine's
// own network. Its data lives in a temporary directory removed on stop.

/** Where to run etcd. */
export interface EtcdServerOptions {
  /** Address to listen on (default 127.0.0.1). In a namespace: the lab's bridge address, 192.0.2.1. */
  host?: string;
  /** Run inside this network namespace (`ip netns exec`); ports default to 2379/2380 there. */
  netns?: string;
  clientPort?: number;
  peerPort?: number;
  binary?: string;
  readyTimeoutMs?: number;
}

/** A running etcd. */
export interface EtcdServer {
  /** Client URL, `http://host:port`. */
  endpoint: string;
  dataDir: string;
  /** Its process id (etcd itself: `ip netns exec` execs it in place). */
  pid: number;
  /** Stops it (SIGTERM, then SIGKILL after 5 s) and removes its data. */
  stop(): Promise<void>;
  /** Freezes it (SIGSTOP) and resolves once it is stopped: connections stay open and calls hang, as in a network partition. */
  pause(): Promise<void>;
  /** Thaws it (SIGCONT). */
  resume(): void;
}

/** A free TCP port on a loopback address, found by binding port 0. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Starts etcd and waits until it serves clients. */
export async function startEtcd(options: EtcdServerOptions = {}): Promise<EtcdServer> {
  const host = options.host ?? '127.0.0.1';
  const inNetns = options.netns !== undefined;
  const clientPort = options.clientPort ?? (inNetns ? 2379 : await freePort(host));
  const peerPort = options.peerPort ?? (inNetns ? 2380 : await freePort(host));
  const dataDir = await mkdtemp(join(tmpdir(), 'underlay-etcd-'));
  const client = `http://${host}:${clientPort}`;
  const peer = `http://${host}:${peerPort}`;
  const argv = [
    options.binary ?? '/usr/bin/etcd',
    ...['--name', 'underlay', '--data-dir', dataDir],
    ...['--listen-client-urls', client, '--advertise-client-urls', client],
    ...['--listen-peer-urls', peer, '--initial-advertise-peer-urls', peer],
    ...['--initial-cluster', `underlay=${peer}`, '--initial-cluster-state', 'new'],
  ];
  const command = inNetns ? ['ip', 'netns', 'exec', options.netns!, ...argv] : argv;
  const child = execa(command[0]!, command.slice(1), {
    reject: false,
    stdin: 'ignore',
    forceKillAfterDelay: 5_000,
  });
  try {
    await waitReady(child, options.readyTimeoutMs ?? 20_000);
  } catch (error) {
    child.kill('SIGKILL');
    await child;
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    endpoint: client,
    dataDir,
    pid: child.pid!,
    stop: () => stop(child, dataDir),
    pause: () => pause(child),
    resume: () => void child.kill('SIGCONT'),
  };
}

async function waitReady(child: ResultPromise, timeoutMs: number): Promise<void> {
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`etcd not ready after ${timeoutMs} ms:\n${log.slice(-2000)}`)),
      timeoutMs,
    );
    const done = (error?: Error) => {
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    };
    child.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('ready to serve client requests')) done();
    });
    void child.then((result) =>
      done(new Error(`etcd exited (${result.exitCode}) before it was ready:\n${log.slice(-2000)}`)),
    );
  });
  // Keep draining its log so a full pipe never blocks it.
  child.stderr?.resume();
}

async function stop(child: ResultPromise, dataDir: string): Promise<void> {
  child.kill('SIGTERM');
  await child;
  await rm(dataDir, { recursive: true, force: true });
}

// kill(2) returns once SIGSTOP is queued, not once etcd has stopped: the
// kernel wakes one of its threads, which stops the others when it next runs,
// and a thread inside a syscall (a WAL fsync) finishes it first. On a loaded
// machine that takes tens of milliseconds, in which etcd still answers calls
// sent after kill() returned: a test's "partition" would let a claim through.
// So wait until /proc shows every thread stopped.
async function pause(child: ResultPromise, timeoutMs = 5_000): Promise<void> {
  const pid = child.pid!;
  child.kill('SIGSTOP');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const states = await threadStates(pid);
    if (states.every((state) => state === 'T' || state === 't')) return;
    if (Date.now() >= deadline)
      throw new Error(
        `etcd (pid ${pid}) not stopped ${timeoutMs} ms after SIGSTOP: thread states ${states.join('')}`,
      );
    await sleep(1);
  }
}

/** One letter per thread (`R`, `S`, `D`, `T`…), from /proc/<pid>/task/<tid>/stat; a thread gone meanwhile is skipped. */
async function threadStates(pid: number): Promise<string[]> {
  const tids = await readdir(`/proc/${pid}/task`);
  const states = await Promise.all(
    tids.map((tid) =>
      readFile(`/proc/${pid}/task/${tid}/stat`, 'utf8').then(
        // The state follows the command name, which is in parentheses and may hold any byte.
        (stat) => stat.charAt(stat.lastIndexOf(')') + 2),
        () => '',
      ),
    ),
  );
  return states.filter((state) => state !== '');
}
