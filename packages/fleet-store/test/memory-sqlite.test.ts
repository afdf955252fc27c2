import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { MemoryFleetStore, SqliteFleetStore } from '../src';
import { storeContract } from './contract';

function clock() {
  let now = 1_000_000;
  return {
    now: () => now,
    expire: async () => {
      now += 1_001;
    },
  };
}

storeContract('memory', () => {
  const { now, expire } = clock();
  return { store: new MemoryFleetStore(now), expire };
});

const dir = mkdtempSync(join(tmpdir(), 'fleet-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

storeContract('sqlite', () => {
  const { now, expire } = clock();
  return { store: new SqliteFleetStore(join(dir, `${files++}.db`), now), expire };
});
