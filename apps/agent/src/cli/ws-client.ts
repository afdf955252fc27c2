import { createTRPCUntypedClient, isTRPCClientError, wsLink } from '@trpc/client';
import { setTimeout as delay } from 'node:timers/promises';
import { closeCodeOf } from '../connection/close-codes';
import { createAgentWsClient } from '../connection/ws-client';
import type { AgentApi } from './agent-api';
import type { CliError } from './cli-error';
import { closed, reason, unreachable } from './connect-errors';
import type { ProcedureOutput, ProcedurePath, SubscriptionData } from '../router/types';
import type { AgentTarget } from './target';

// The CLI's WebSocket client, for streams (`events`): one-shot calls go over
// HTTP (client.ts). tRPC's ws client queues calls and reconnects forever while the agent is
// unreachable, which suits the dashboard; a CLI must fail at once and say why,
// so every call races the connection's first error or close.

const OPEN_TIMEOUT_MS = 10_000;
const CLOSE_WAIT_MS = 1_000;

/** How the connection is doing: its first failure, and a promise every call races against. */
interface ConnectionState {
  opened: boolean;
  failure: CliError | undefined;
  /** Rejects with the first failure. */
  broken: Promise<never>;
  /** Records a failure (the first one wins); a no-op once the client is closed. */
  fail: (error: CliError) => void;
  /** Fails the connection when it does not open in time. */
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** A fresh ConnectionState whose open timeout is running. */
function watchConnection(target: AgentTarget): ConnectionState {
  let reject: (error: CliError) => void = () => {};
  const broken = new Promise<never>((_, rejectBroken) => (reject = rejectBroken));
  broken.catch(() => {}); // observed only by racing calls
  const state: ConnectionState = {
    opened: false,
    failure: undefined,
    broken,
    fail: (error) => {
      state.failure ??= error;
      reject(state.failure);
    },
    timer: undefined,
  };
  state.timer = setTimeout(
    () => state.fail(unreachable(target, `no answer within ${OPEN_TIMEOUT_MS / 1000} s.`)),
    OPEN_TIMEOUT_MS,
  );
  return state;
}

type Call = (run: () => Promise<unknown>) => Promise<unknown>;

/**
 * Runs calls racing the connection's failure. A call cut off by the close gets tRPC's bare "WebSocket closed" or
 * "Active connection is not open", sometimes before the close event that carries the reason (the token refused): wait
 * a moment for it.
 */
function callRacing(state: ConnectionState, target: AgentTarget): Call {
  return async (run) => {
    try {
      return await Promise.race([run(), state.broken]);
    } catch (error) {
      if (!isTRPCClientError(error) || error.shape !== undefined) throw error;
      await Promise.race([
        state.broken.catch(() => undefined),
        delay(CLOSE_WAIT_MS, undefined, { ref: false }),
      ]);
      throw state.failure ?? unreachable(target, `${error.message}.`);
    }
  };
}

type UntypedClient = ReturnType<typeof createTRPCUntypedClient>;

/** AgentApi.subscribe over `client`, each stream racing the connection's failure through `call`. */
function subscribeVia(client: UntypedClient, call: Call): AgentApi['subscribe'] {
  return (path, input, onData, signal) =>
    call(
      () =>
        new Promise<void>((resolve, reject) => {
          const subscription = client.subscription(path, input, {
            onData: (value) => onData(value as SubscriptionData<typeof path>),
            onError: reject,
            onComplete: resolve,
            onStopped: resolve,
          });
          const stop = (): void => {
            subscription.unsubscribe();
            resolve();
          };
          if (signal.aborted) stop();
          else signal.addEventListener('abort', stop, { once: true });
        }),
    ).then(() => undefined);
}

/** Opens a WebSocket to the agent with the token in connectionParams (and `tlsCa`, PEM, for wss://). */
export function connectAgentWs(target: AgentTarget, token: string, tlsCa?: string): AgentApi {
  const state = watchConnection(target);
  const ws = createAgentWsClient(
    { address: target.url, token, tlsCa },
    {
      // Lazy: no reconnect when the connection closes after close(); tRPC's
      // reconnect sleep would otherwise keep the process alive for its delay.
      lazy: { enabled: true, closeMs: 60_000 },
      retryDelayMs: () => 250,
      onOpen: () => {
        state.opened = true;
        clearTimeout(state.timer);
      },
      onError: (event) => state.fail(unreachable(target, reason(target, event))),
      onClose: (cause) => state.fail(closed(target, state.opened, closeCodeOf(cause))),
    },
  );
  const client = createTRPCUntypedClient({ links: [wsLink({ client: ws })] });
  const call = callRacing(state, target);
  // The one place the answers' types are asserted: the agent validates each
  // with its .output() schema before sending, and the path picks the type.
  const typed = <P extends ProcedurePath>(_path: P, answer: Promise<unknown>) =>
    answer as Promise<ProcedureOutput<P>>;
  return {
    query: (path, input) =>
      typed(
        path,
        call(() => client.query(path, input)),
      ),
    mutate: (path, input) =>
      typed(
        path,
        call(() => client.mutation(path, input)),
      ),
    subscribe: subscribeVia(client, call),
    close: async () => {
      clearTimeout(state.timer);
      state.fail = () => {};
      await ws.close();
    },
  };
}
