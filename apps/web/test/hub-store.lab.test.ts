import { mkdtempSync, rmSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { attachLab, type Lab } from '@underlay/lab';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDb } from '../src/server/db';
import { Hub } from '../src/server/fleet/hub';
import { openHubStore, type HubStore } from '../src/server/fleet/hub-store';
import { registerLabHosts } from '../src/server/fleet/lab';
import { getHostByName, removeHost } from '../src/server/fleet/registry';
import { mintStoreToken } from '../src/server/fleet/store-tokens';
import { until } from './support/until';

const execFileAsync = promisify(execFile);

// The hub's fleet store as the lab's guests reach it: a real hub (its store
// served on the lab's hub socket, which the lab's relay exposes on
// 192.0.2.1:7480 inside the lab's namespace), the two guests' real agents
// registered with it, and HTTP calls made from inside each guest with the
// token the hub minted for that host when it linked to its agent.

declare module 'vitest' {
  export interface ProvidedContext {
    labName: string;
  }
}

let lab: Lab;
let hub: Hub;
let hubStore: HubStore;
const dir = mkdtempSync(join(tmpdir(), 'underlay-hub-store-lab-'));
const db = openDb(dir);
const minted = new Map<string, string>();
const lines: string[] = [];
const idOf = (name: string): string => getHostByName(db, name)?.id ?? '';

beforeAll(async () => {
  lab = await attachLab({ name: inject('labName') });
  hubStore = openHubStore(db, dir);
  await hubStore.listenOnSocket(lab.hubSocket);
  registerLabHosts(
    db,
    lab.hosts.map((h) => ({
      name: h.name,
      agentSocket: h.agentSocket,
      tokenPath: `${h.stateDir}/token`,
    })),
  );
  hub = new Hub({
    db,
    fleetStore: {
      url: lab.hubStoreUrl,
      mint: (id) => {
        const token = mintStoreToken(db, id);
        minted.set(id, token);
        return token;
      },
      log: (line) => lines.push(line),
    },
  });
  hub.start();
  await until(() => ['host-a', 'host-b'].every((n) => minted.has(idOf(n))), 60_000);
});

afterAll(async () => {
  // The agents keep a configured store across restarts (as they must): point
  // the ones still registered back at none, so the lab's later tests do not
  // meet this gone hub (host-a was reset before its removal).
  for (const name of ['host-a', 'host-b']) {
    const id = idOf(name);
    if (id) await hub.mutate(id, 'fleetStore.configure', { kind: 'none' });
  }
  await hub?.stop();
  await hubStore?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** POSTs from inside a guest (curl, argv only); returns the status and the parsed answer. */
async function postFromGuest(host: string, op: string, token: string, body: unknown) {
  const result = await lab
    .host(host)
    .exec(
      [
        'curl',
        '-sS',
        '--max-time',
        '10',
        '-o',
        '-',
        '-w',
        '\n%{http_code}',
        '-X',
        'POST',
        '-H',
        'content-type: application/json',
        '-H',
        `authorization: Bearer ${token}`,
        '--data-binary',
        JSON.stringify(body),
        `${lab.hubStoreUrl}/api/fleet-store/v1/${op}`,
      ],
      { timeoutMs: 30_000 },
    );
  expect(result.stderr).toBe('');
  const at = result.stdout.lastIndexOf('\n');
  return {
    status: Number(result.stdout.slice(at + 1)),
    answer: JSON.parse(result.stdout.slice(0, at)) as unknown,
  };
}

describe("the hub's fleet store from the lab's guests", () => {
  it('the hub minted a token for each host when it linked, kept both links online, and pointed each agent at its store', async () => {
    expect(minted.get(idOf('host-a'))).not.toBe(minted.get(idOf('host-b')));
    for (const name of ['host-a', 'host-b']) {
      expect(hub.status(idOf(name)).status).toBe('online');
      // The token is minted just before the agent's configure call returns: wait for it.
      const deadline = Date.now() + 30_000;
      let status = await hub.query(idOf(name), 'fleetStore.status');
      while (status.kind !== 'hub' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        status = await hub.query(idOf(name), 'fleetStore.status');
      }
      expect(status).toMatchObject({ kind: 'hub', where: `hub at ${lab.hubStoreUrl}` });
    }
    expect(
      lines.filter((line) => /has no fleetStore\.configure|could not point/.test(line)),
    ).toEqual([]);
  });

  it("answers from both guests with each host's token: host-a's claim is seen by host-b, and a lost race is refused", async () => {
    const claim = {
      compare: [{ key: '/lab/blocks/10.60.0.0', modRevision: 0 }],
      success: [{ kind: 'put', key: '/lab/blocks/10.60.0.0', value: 'host-a' }],
    };
    const a = await postFromGuest('host-a', 'txn', minted.get(idOf('host-a'))!, claim);
    expect(a).toMatchObject({ status: 200, answer: { succeeded: true } });
    const b = await postFromGuest('host-b', 'txn', minted.get(idOf('host-b'))!, claim);
    expect(b).toMatchObject({ status: 200, answer: { succeeded: false } });
    const seen = await postFromGuest('host-b', 'get', minted.get(idOf('host-b'))!, {
      key: '/lab/blocks/10.60.0.0',
    });
    expect(seen).toMatchObject({ status: 200, answer: { kv: { value: 'host-a' } } });
    expect(await hubStore.store.get('/lab/blocks/10.60.0.0')).toMatchObject({ value: 'host-a' });
  });

  it("refuses a wrong token, and a removed host's token, from a guest", async () => {
    const body = { key: '/lab/blocks/10.60.0.0' };
    const wrong = await postFromGuest('host-b', 'get', 'not-a-token-of-this-hub-0123456789', body);
    expect(wrong).toMatchObject({ status: 401, answer: { error: { code: 'UNAUTHORIZED' } } });
    const tokenA = minted.get(idOf('host-a'))!;
    // Its agent stops using this hub's store first (it keeps a store across
    // restarts, and the lab's later tests share it).
    await hub.mutate(idOf('host-a'), 'fleetStore.configure', { kind: 'none' });
    await hub.disconnect(idOf('host-a'));
    removeHost(db, idOf('host-a'));
    const removed = await postFromGuest('host-a', 'get', tokenA, body);
    expect(removed).toMatchObject({ status: 401 });
  });

  it("listens on the lab's 192.0.2.1:7480 only (inside the lab's namespace), never on a wildcard", async () => {
    const { stdout } = await execFileAsync('ip', [
      'netns',
      'exec',
      lab.netns,
      'ss',
      '-Hltn',
      'sport = :7480',
    ]);
    const local = stdout
      .trim()
      .split('\n')
      .map((line) => line.trim().split(/\s+/)[3]);
    expect(local).toEqual(['192.0.2.1:7480']);
  });
});
