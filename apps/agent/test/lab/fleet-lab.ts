import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FleetSegment, FleetStoreConfig } from '@underlay/core';
import type { LabHost } from '@underlay/lab';
import { expect } from 'vitest';
import { type AgentClient, createAgentClient } from '../../src/client';

// What the fleet IPAM lab tests share: the CLI run as a shell on a host runs
// it, a pool of background jobs, the addresses read back from the guests'
// kernels, and each agent's fleet status over its API.

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'main.cjs');

/** What one CLI command printed and how it exited. */
export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** One CLI command against one guest's agent, as a shell on that host would run it. */
export function cli(host: LabHost, args: string[]): Promise<Result> {
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    UNDERLAY_HOST: host.agentSocket,
    UNDERLAY_TOKEN_FILE: join(host.stateDir, 'token'),
  };
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env, timeout: 90_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? -1) : 0, stdout, stderr }),
    );
  });
}

/** Runs `jobs` with at most `width` at a time (one shell's background jobs). */
export async function pool<T>(width: number, jobs: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await jobs[index]!();
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}

/** Every IPv4 address starting with `prefix` (e.g. `10.60.0.`) in the guest's namespaces, read from the kernel. */
export async function kernelAddresses(host: LabHost, prefix: string): Promise<string[]> {
  const r = await host.exec(['ip', '-all', 'netns', 'exec', 'ip', '-o', '-4', 'addr', 'show']);
  expect(r.exitCode, r.stderr).toBe(0);
  const pattern = new RegExp(`inet (${prefix.replaceAll('.', '\\.')}\\d+)/`, 'g');
  return [...r.stdout.matchAll(pattern)].map((m) => m[1]!);
}

/** The links in a container's namespace other than lo (empty: nothing was made). */
export async function containerLinks(host: LabHost, container: string): Promise<string[]> {
  const r = await host.exec(['ip', '-n', container, '-o', 'link', 'show']);
  expect(r.exitCode, r.stderr).toBe(0);
  return [...r.stdout.matchAll(/^\d+: ([^:@]+)[:@]/gm)]
    .map((m) => m[1]!)
    .filter((name) => name !== 'lo');
}

/** A client of the guest's agent (close it after use). */
export function agentOf(host: LabHost): AgentClient {
  const token = readFileSync(join(host.stateDir, 'token'), 'utf8').trim();
  return createAgentClient({ host: host.agentSocket, token });
}

/** Runs `body` with a client of the guest's agent. */
export async function withAgent<T>(
  host: LabHost,
  body: (c: AgentClient) => Promise<T>,
): Promise<T> {
  const client = agentOf(host);
  try {
    return await body(client);
  } finally {
    await client.close();
  }
}

/** Points the host's agent at a store (as a hub does when it links to it). */
export async function configure(host: LabHost, config: FleetStoreConfig): Promise<void> {
  const status = await withAgent(host, (c) => c.fleetStore.configure.mutate(config));
  expect(status).toMatchObject({ kind: config.kind, host: host.name });
}

/** The host's view of the segment whose id contains `match` (e.g. `vlan=61,`), or undefined. */
export async function segmentOf(host: LabHost, match: string): Promise<FleetSegment | undefined> {
  const status = await withAgent(host, (c) => c.fleetStore.status.query());
  return status.segments.find((s) => s.segment.includes(match));
}

/** The blocks the host says it holds on a segment (not lost), sorted. */
export async function heldBlocks(host: LabHost, match: string): Promise<string[]> {
  const segment = await segmentOf(host, match);
  return (segment?.blocks ?? [])
    .filter((b) => b.status !== 'lost')
    .map((b) => b.block)
    .sort();
}

/** Polls `check` until it returns true (every 500 ms), or fails naming `what`. */
export async function until(what: string, check: () => Promise<boolean>, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Whether an IPv4 address lies in a CIDR block. */
export function inBlock(address: string, block: string): boolean {
  const [base, bits] = block.split('/') as [string, string];
  const value = (text: string) => text.split('.').reduce((n, part) => n * 256 + Number(part), 0);
  const size = 2 ** (32 - Number(bits));
  return Math.floor(value(address) / size) === Math.floor(value(base) / size);
}

/** Removes containers and networks through the API (no process per call), ignoring what is gone. */
export async function cleanup(host: LabHost, containers: string[], networks: string[]) {
  await withAgent(host, async (client) => {
    const ignore = () => undefined;
    for (const container of containers) {
      for (const network of networks)
        await client.networks.disconnect.mutate({ network, container }).catch(ignore);
      await client.containers.remove.mutate({ container }).catch(ignore);
    }
    for (const network of networks) await client.networks.remove.mutate({ network }).catch(ignore);
  });
}
