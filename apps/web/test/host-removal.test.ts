// Issue 15's failure rules at the hub: removing a host from the registry
// points its agent at no fleet store and revokes its store token, but frees
// none of its blocks (only the lease's long TTL does). Driven through the
// dashboard's own router (fleet.add, fleet.remove) against a stand-in agent
// that records the fleetStore.configure calls it gets.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseEnv } from '../src/env';
import { createCaller } from '../src/server/api/root';
import { createTRPCContext } from '../src/server/api/trpc';
import { createServices, type Services } from '../src/server/services';
import { startStandIn } from './support/ws-agent';
import { until } from './support/until';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const request = (cookie?: string) =>
  new Request('http://localhost/api/trpc', { headers: cookie ? { cookie } : {} });

async function admin(): Promise<{ services: Services; caller: ReturnType<typeof createCaller> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'underlay-removal-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const services = await createServices(
    parseEnv({
      UNDERLAY_WEB_DATA: dataDir,
      UNDERLAY_ADMIN_PASSWORD: 'admin-pass-1',
      UNDERLAY_FLEET_STORE_URL: 'http://192.0.2.1:7480',
    }),
    () => {},
  );
  cleanups.push(async () => {
    services.routes.stop();
    await services.hub.stop();
    await services.hubStore.close();
  });
  const headers = new Headers();
  await createCaller(
    createTRPCContext({ services, req: request(), resHeaders: headers }),
  ).auth.login({ password: 'admin-pass-1' });
  const cookie = (headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const caller = createCaller(
    createTRPCContext({ services, req: request(cookie), resHeaders: new Headers() }),
  );
  return { services, caller };
}

const storeCall = (services: Services, token: string, path: string, body: unknown) =>
  services.hubStore.handler(
    new Request(`http://hub/api/fleet-store/v1/${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    }),
  );

const BLOCK = '/underlay/v1/segments/trunk=eth0,vlan=10,subnet=10.1.0.0_24/blocks/10.1.0.16_28';

describe('removing a host from the registry', () => {
  it('resets its agent to no fleet store, revokes its store token, and leaves its blocks in the store on their lease', async () => {
    const { services, caller } = await admin();
    const dir = mkdtempSync(join(tmpdir(), 'underlay-removal-agent-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const configs: { kind: string; token?: string }[] = [];
    const path = join(dir, 'agent.sock');
    const agent = await startStandIn({ path, token: 'tok', fleetStoreConfigs: configs });
    cleanups.push(() => agent.close());
    const host = await caller.fleet.add({ name: 'host-a', address: path, token: 'tok' });
    await until(() => configs.length === 1);
    const token = configs[0]?.token ?? '';
    expect(configs[0]?.kind).toBe('hub');

    // The host claims a block on a lease, as its agent would.
    const grant = await storeCall(services, token, 'lease/grant', { ttlSeconds: 4 * 3600 });
    expect(grant.status).toBe(200);
    const { lease } = (await grant.json()) as { lease: string };
    const claim = await storeCall(services, token, 'txn', {
      compare: [{ key: BLOCK, modRevision: 0 }],
      success: [{ kind: 'put', key: BLOCK, value: '{"host":"host-a","claimedAt":1}', lease }],
    });
    expect(await claim.json()).toMatchObject({ succeeded: true });

    expect(await caller.fleet.remove({ id: host.id })).toEqual({
      removed: true,
      fleetStore: 'reset',
    });
    expect(configs.at(-1)).toEqual({ kind: 'none' });
    expect((await storeCall(services, token, 'get', { key: BLOCK })).status).toBe(401);
    const held = await services.hubStore.store.get(BLOCK);
    expect(held).toMatchObject({ value: '{"host":"host-a","claimedAt":1}', lease });
  });

  it('removes a host whose agent is offline: its token is revoked all the same', async () => {
    const { services, caller } = await admin();
    const dir = mkdtempSync(join(tmpdir(), 'underlay-removal-agent-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const configs: { kind: string; token?: string }[] = [];
    const path = join(dir, 'agent.sock');
    const agent = await startStandIn({ path, token: 'tok', fleetStoreConfigs: configs });
    const host = await caller.fleet.add({ name: 'host-b', address: path, token: 'tok' });
    await until(() => configs.length === 1);
    const token = configs[0]?.token ?? '';
    await agent.close();
    await until(() => services.hub.status(host.id).status !== 'online');
    expect(await caller.fleet.remove({ id: host.id })).toEqual({
      removed: true,
      fleetStore: 'offline',
    });
    expect((await storeCall(services, token, 'get', { key: BLOCK })).status).toBe(401);
    expect(configs).toHaveLength(1);
  });
});
