import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRPCError } from '@trpc/server';
import { afterEach, describe, expect, it } from 'vitest';
import { parseEnv } from '../src/env';
import { createCaller } from '../src/server/api/root';
import { createTRPCContext } from '../src/server/api/trpc';
import { createServices, type Services } from '../src/server/services';

let services: Services | undefined;
afterEach(async () => {
  services?.routes.stop();
  await services?.hub.stop();
  services = undefined;
});

async function setup(): Promise<Services> {
  const dataDir = mkdtempSync(join(tmpdir(), 'underlay-web-'));
  services = await createServices(
    parseEnv({ UNDERLAY_WEB_DATA: dataDir, UNDERLAY_ADMIN_PASSWORD: 'admin-pass-1' }),
    () => {},
  );
  return services;
}

const request = (cookie?: string) =>
  new Request('http://localhost/api/trpc', { headers: cookie ? { cookie } : {} });

async function codeOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'resolved';
  } catch (error) {
    return error instanceof TRPCError ? error.code : String(error);
  }
}

describe('auth guard', () => {
  it('refuses every procedure but login without a session', async () => {
    const s = await setup();
    const caller = createCaller(
      createTRPCContext({ services: s, req: request(), resHeaders: new Headers() }),
    );
    expect(await codeOf(() => caller.fleet.list())).toBe('UNAUTHORIZED');
    expect(
      await codeOf(() => caller.fleet.add({ name: 'h', address: '/x.sock', token: 't' })),
    ).toBe('UNAUTHORIZED');
    expect(await codeOf(() => caller.fleet.remove({ id: 'x' }))).toBe('UNAUTHORIZED');
    expect(await codeOf(() => caller.networks.list())).toBe('UNAUTHORIZED');
    expect(
      await codeOf(() => caller.networks.create({ hostIds: ['x'], request: { name: 'n' } })),
    ).toBe('UNAUTHORIZED');
    expect(
      await codeOf(() => caller.containers.create({ hostId: 'x', request: { name: 'c' } })),
    ).toBe('UNAUTHORIZED');
    expect(await codeOf(() => caller.auth.logout())).toBe('UNAUTHORIZED');
    expect(
      await codeOf(() => caller.diag.ping({ hostId: 'x', container: 'c', target: '10.0.0.1' })),
    ).toBe('UNAUTHORIZED');
    expect(await codeOf(() => caller.topology.hosts())).toBe('UNAUTHORIZED');
    expect(await codeOf(() => caller.events.stream())).toBe('UNAUTHORIZED');
    expect(await caller.auth.me()).toEqual({ loggedIn: false, expiresAt: null });
    // nothing was written
    expect(s.db.prepare('SELECT count(*) AS n FROM hosts').get()).toEqual({ n: 0 });
  });

  it('refuses a wrong password and a forged cookie', async () => {
    const s = await setup();
    const headers = new Headers();
    const caller = createCaller(
      createTRPCContext({ services: s, req: request(), resHeaders: headers }),
    );
    expect(await codeOf(() => caller.auth.login({ password: 'nope-nope' }))).toBe('UNAUTHORIZED');
    expect(headers.get('set-cookie')).toBeNull();
    const forged = createCaller(
      createTRPCContext({
        services: s,
        req: request('underlay_session=abc.def'),
        resHeaders: null,
      }),
    );
    expect(await codeOf(() => forged.fleet.list())).toBe('UNAUTHORIZED');
  });

  it('logs in with a strict httpOnly cookie, lets the session in, and logs out', async () => {
    const s = await setup();
    const headers = new Headers();
    await createCaller(
      createTRPCContext({ services: s, req: request(), resHeaders: headers }),
    ).auth.login({ password: 'admin-pass-1' });
    const setCookie = headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(
      /^underlay_session=[\w-]+\.[\w-]+; Path=\/; HttpOnly; SameSite=Strict; Expires=/,
    );
    expect(setCookie).not.toContain('Secure'); // plain http here
    const cookie = setCookie.split(';')[0] ?? '';

    const caller = createCaller(
      createTRPCContext({ services: s, req: request(cookie), resHeaders: new Headers() }),
    );
    expect(await caller.fleet.list()).toEqual([]);
    await caller.fleet.add({ name: 'h1', address: '/nowhere.sock', token: 'tok' });
    const [host] = await caller.fleet.list();
    expect(host).toMatchObject({ name: 'h1', address: '/nowhere.sock', hasTlsCa: false });
    expect(JSON.stringify(host)).not.toContain('tok"');
    await caller.auth.logout();
    const after = createCaller(
      createTRPCContext({ services: s, req: request(cookie), resHeaders: null }),
    );
    expect(await codeOf(() => after.fleet.list())).toBe('UNAUTHORIZED');
  });

  it('slows down password guessing', async () => {
    const s = await setup();
    const caller = createCaller(
      createTRPCContext({ services: s, req: request(), resHeaders: new Headers() }),
    );
    const codes: string[] = [];
    for (let i = 0; i < 6; i++)
      codes.push(await codeOf(() => caller.auth.login({ password: `guess-${i}` })));
    expect(codes).toEqual([
      'UNAUTHORIZED',
      'UNAUTHORIZED',
      'UNAUTHORIZED',
      'UNAUTHORIZED',
      'UNAUTHORIZED',
      'TOO_MANY_REQUESTS',
    ]);
    // even the right password waits now
    expect(await codeOf(() => caller.auth.login({ password: 'admin-pass-1' }))).toBe(
      'TOO_MANY_REQUESTS',
    );
  });

  it('marks the cookie Secure behind https', async () => {
    const s = await setup();
    const headers = new Headers();
    const req = new Request('http://localhost/api/trpc', {
      headers: { 'x-forwarded-proto': 'https' },
    });
    await createCaller(createTRPCContext({ services: s, req, resHeaders: headers })).auth.login({
      password: 'admin-pass-1',
    });
    expect(headers.get('set-cookie')).toMatch(/; Secure$/);
  });
});
