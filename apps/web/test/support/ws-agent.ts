import { createServer, type Server } from 'node:http';
import { initTRPC, TRPCError, tracked } from '@trpc/server';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { CloseCode } from '@underlay/agent/connection';
import { WebSocketServer } from 'ws';

// A tRPC WebSocket server on a unix socket that speaks the slice of the
// agent's protocol the hub uses (token in connectionParams, host.info,
// host.snapshot, events.stream), counting the queries it answers. It exercises the hub's real client, sockets and reconnects;
// the agent's own behaviour is tested against the agent in the lab.

export interface StandIn {
  emit(event: unknown): void;
  /** Queries answered so far, by path. */
  calls: Record<string, number>;
  /** While on, host.snapshot is counted and then refused (an agent failing its read). */
  failSnapshots(on: boolean): void;
  close(): Promise<void>;
}

export async function startStandIn({
  path,
  token,
  answerDelayMs = 0,
  fleetStoreConfigs,
}: {
  path: string;
  token: string;
  answerDelayMs?: number;
  /** When given, the stand-in has `fleetStore.configure` (recording each input here) and `fleetStore.status` (the last one's kind). */
  fleetStoreConfigs?: unknown[];
}): Promise<StandIn> {
  const calls: Record<string, number> = {};
  let snapshotsFail = false;
  const answer = async <T>(procedure: string, value: T): Promise<T> => {
    calls[procedure] = (calls[procedure] ?? 0) + 1;
    if (answerDelayMs) await new Promise((r) => setTimeout(r, answerDelayMs));
    return value;
  };
  const t = initTRPC.context<{ ok: boolean }>().create();
  const listeners = new Set<(e: unknown) => void>();
  let nextId = 1;
  const authed = t.procedure.use(({ ctx, next }) => {
    if (!ctx.ok) throw new TRPCError({ code: 'UNAUTHORIZED' });
    return next();
  });
  const router = t.router({
    host: t.router({
      info: authed.query(() =>
        answer('host.info', {
          hostname: 'stand-in',
          kernel: '6.1.0',
          version: '0.1.0',
          capabilities: { ipvlan: true },
          interfaces: [],
        }),
      ),
      snapshot: authed.query(async () => {
        const snapshot = await answer('host.snapshot', {
          hostname: 'stand-in',
          links: [{ name: 'eth0', kind: 'device' }],
        });
        if (snapshotsFail)
          throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'read failed' });
        return snapshot;
      }),
    }),
    ...(fleetStoreConfigs && {
      fleetStore: t.router({
        status: authed.query(() => ({
          kind: (fleetStoreConfigs.at(-1) as { kind?: string } | undefined)?.kind ?? 'none',
        })),
        configure: authed
          .input((raw: unknown) => raw)
          .mutation(({ input }) => {
            fleetStoreConfigs.push(input);
            return { kind: 'hub' };
          }),
      }),
    }),
    events: t.router({
      stream: authed.subscription(async function* ({ signal }) {
        const queue: unknown[] = [];
        let wake: () => void = () => {};
        const push = (e: unknown) => {
          queue.push(e);
          wake();
        };
        listeners.add(push);
        try {
          while (!signal?.aborted) {
            const e = queue.shift();
            if (e !== undefined) yield tracked(String(nextId++), e);
            else await new Promise<void>((r) => (wake = r));
          }
        } finally {
          listeners.delete(push);
        }
      }),
    }),
  });
  const server: Server = createServer();
  const wss = new WebSocketServer({ server });
  const handler = applyWSSHandler({
    wss,
    router,
    createContext: ({ info }) => ({ ok: info.connectionParams?.token === token }),
  });
  wss.on('connection', (socket) => {
    // As the agent does: a wrong token closes the socket with 1008 once params arrive.
    socket.once('message', (raw) => {
      const text = raw.toString();
      if (text.includes('connectionParams') && !text.includes(`"${token}"`))
        socket.close(CloseCode.unauthorized, 'a valid token is required');
    });
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return {
    emit: (e) => listeners.forEach((l) => l(e)),
    calls,
    failSnapshots: (on) => {
      snapshotsFail = on;
    },
    async close() {
      handler.broadcastReconnectNotification();
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
