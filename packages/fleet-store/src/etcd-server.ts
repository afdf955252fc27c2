import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  /** Stops it (SIGTERM, then SIGKILL after 5 s) and removes its data. */
  stop(): Promise<void>;
  /** Freezes it (SIGSTOP): connections stay open and calls hang, as in a network partition. */
  pause(): void;
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
    stop: () => stop(child, dataDir),
    pause: () => void child.kill('SIGSTOP'),
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
