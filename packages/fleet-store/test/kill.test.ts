// kill -9 of a host in the middle of its claims (a real process on the
// SQLite store the hub keeps): no block is held by two hosts, and the dead
// host's blocks are not left on its dead lease: it claims them again when it
// restarts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { blocksPrefix, formatAddress, parseBlockRecord } from '@underlay/core';
import { execa } from 'execa';
import { afterAll, expect, it } from 'vitest';
import { HostLease, SegmentClient, SqliteFleetStore } from '../src';

const dir = mkdtempSync(join(tmpdir(), 'fleet-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const loop = fileURLToPath(new URL('./fixtures/claim-loop.ts', import.meta.url));

async function runUntilKilled(path: string, lines: number): Promise<string[]> {
  const child = execa('node', ['--import', 'tsx', loop, path, 'host-a'], {
    reject: false,
    cwd: fileURLToPath(new URL('..', import.meta.url)),
  });
  const printed: string[] = [];
  let buffer = '';
  await new Promise<void>((resolve) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop()!;
      printed.push(...parts);
      if (printed.length >= lines) resolve();
    });
    void child.then(() => resolve());
  });
  child.kill('SIGKILL');
  const result = await child;
  expect(result.signal).toBe('SIGKILL');
  return printed;
}

const client = (store: SqliteFleetStore, host: string) =>
  new SegmentClient({
    store,
    lease: new HostLease(store, 3600),
    host,
    segment: 'kill',
    subnet: '10.88.0.0/22',
    blockPrefix: 32,
  });

it('kill -9 mid-claim: no block of two hosts; the dead host takes its blocks back at restart', async () => {
  const path = join(dir, 'hub.db');
  const printed = await runUntilKilled(path, 40 + Math.floor(Math.random() * 40));
  const store = new SqliteFleetStore(path);
  try {
    const recorded = (await store.list(blocksPrefix('kill'))).kvs;
    const deadLease = recorded[0]!.lease;
    expect(recorded.every((kv) => parseBlockRecord(kv.value).host === 'host-a')).toBe(true);
    expect(recorded.length).toBeGreaterThanOrEqual(printed.length);
    // Another host meanwhile: never one of host-a's blocks.
    const b = client(store, 'host-b');
    await b.open();
    const bAddresses: string[] = [];
    for (let i = 0; i < 30; i++)
      bAddresses.push(formatAddress({ family: 4, value: await b.allocate() }));
    expect(bAddresses.filter((a) => printed.includes(a))).toEqual([]);
    // host-a restarts: every block recorded for it is its own again, on its new lease.
    const a = client(store, 'host-a');
    await a.open();
    const after = (await store.list(blocksPrefix('kill'))).kvs.filter(
      (kv) => parseBlockRecord(kv.value).host === 'host-a',
    );
    expect(after).toHaveLength(recorded.length);
    expect(after.every((kv) => kv.lease !== deadLease)).toBe(true);
    expect(a.blocks.filter((block) => block.status === 'held')).toHaveLength(recorded.length);
  } finally {
    await store.close();
  }
});
