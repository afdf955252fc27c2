import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRPCError } from '@trpc/server';
import { afterEach, describe, expect, it } from 'vitest';
import { parseEnv } from '../src/env';
import { createCaller } from '../src/server/api/root';
import { createTRPCContext } from '../src/server/api/trpc';
import { createServices, type Services } from '../src/server/services';

// diag.matrix's own guards, before any ping: the session, the bounds on count
// and timeout, and the pair limit worked out after the selection is resolved.

let services: Services | undefined;
afterEach(async () => {
  services?.routes.stop();
  await services?.hub.stop();
  services = undefined;
});

const request = (cookie?: string) =>
  new Request('http://localhost/api/trpc', { headers: cookie ? { cookie } : {} });

async function callers() {
  const dataDir = mkdtempSync(join(tmpdir(), 'underlay-web-'));
  const s = await createServices(
    parseEnv({ UNDERLAY_WEB_DATA: dataDir, UNDERLAY_ADMIN_PASSWORD: 'admin-pass-1' }),
    () => {},
  );
  services = s;
  const headers = new Headers();
  await createCaller(
    createTRPCContext({ services: s, req: request(), resHeaders: headers }),
  ).auth.login({ password: 'admin-pass-1' });
  const cookie = (headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return {
    anonymous: createCaller(
      createTRPCContext({ services: s, req: request(), resHeaders: new Headers() }),
    ),
    admin: createCaller(
      createTRPCContext({ services: s, req: request(cookie), resHeaders: new Headers() }),
    ),
  };
}

/** Runs a subscription to its end; the error it ends with, or the events. */
async function drain(
  start: () => Promise<AsyncIterable<unknown>>,
): Promise<{ code: string; message: string } | unknown[]> {
  try {
    const events: unknown[] = [];
    for await (const event of await start()) events.push(event);
    return events;
  } catch (error) {
    return error instanceof TRPCError
      ? { code: error.code, message: error.message }
      : { code: 'OTHER', message: String(error) };
  }
}

const refs = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ hostId: 'host-a', endpointId: `ep${i}` }));

describe('diag.matrix guards', () => {
  it('needs a session', async () => {
    const { anonymous } = await callers();
    expect(
      await drain(() => anonymous.diag.matrix({ selection: { kind: 'vlan', vlanId: 10 } })),
    ).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('bounds count to 1–3 and the per-ping timeout to 2 s, naming the field', async () => {
    const { admin } = await callers();
    expect(
      await drain(() => admin.diag.matrix({ selection: { kind: 'vlan', vlanId: 10 }, count: 4 })),
    ).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('count: 1 to 3') });
    expect(
      await drain(() =>
        admin.diag.matrix({ selection: { kind: 'vlan', vlanId: 10 }, timeoutMs: 2500 }),
      ),
    ).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('timeoutMs: 100 to 2000'),
    });
    expect(
      await drain(() => admin.diag.matrix({ selection: { kind: 'vlan', vlanId: 5000 } })),
    ).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('VLAN id is 1–4094') });
  });

  it('refuses more than 400 pairs, and a selection that matches fewer than two endpoints', async () => {
    const { admin } = await callers();
    expect(
      await drain(() =>
        admin.diag.matrix({ selection: { kind: 'endpoints', endpoints: refs(21) } }),
      ),
    ).toEqual({
      code: 'BAD_REQUEST',
      message:
        'selection: 21 endpoints make 420 ordered pairs, over the limit of 400; pick at most 20 endpoints.',
    });
    expect(
      await drain(() => admin.diag.matrix({ selection: { kind: 'vlan', vlanId: 10 } })),
    ).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('matches 0 endpoints'),
    });
  });

  it('runs a selection of unknown endpoints to the end, each pair an error cell', async () => {
    const { admin } = await callers();
    const events = await drain(() =>
      admin.diag.matrix({ selection: { kind: 'endpoints', endpoints: refs(2) } }),
    );
    expect(Array.isArray(events)).toBe(true);
    const list = events as { type: string }[];
    expect(list[0]).toEqual({ type: 'progress', done: 0, total: 2 });
    expect(list.filter((e) => e.type === 'cell')).toEqual([
      expect.objectContaining({
        observed: { reachable: false, error: 'endpoint ep0 is not on host-a' },
        predicted: expect.objectContaining({ rule: 'UNKNOWN' }),
        verdict: 'mismatch',
      }),
      expect.objectContaining({
        observed: { reachable: false, error: 'endpoint ep1 is not on host-a' },
        verdict: 'mismatch',
      }),
    ]);
    expect(list.at(-1)).toEqual({
      type: 'done',
      summary: { pairs: 2, matches: 0, mismatches: 2, errors: 2 },
    });
  });
});
