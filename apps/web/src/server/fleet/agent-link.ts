import { createTRPCUntypedClient, wsLink } from '@trpc/client';
import type {
  ProcedureInput,
  ProcedureOutput,
  ProcedurePath,
  SubscriptionData,
} from '@underlay/agent';
import {
  CloseCode,
  closeCodeOf,
  createAgentWsClient,
  socketErrno,
  socketErrorMessage,
} from '@underlay/agent/connection';
import { backoffDelay } from './backoff';

// The hub's client for one agent: tRPC over WebSocket with the token in
// connectionParams (the agent's connection module). Calls go by path, typed by
// the agent's router: inputs and answers are RouterInputs/RouterOutputs, and
// the agent validates every answer with its .output() schema before sending.
// tRPC's ws client queues calls while disconnected; a dashboard must answer at
// once instead, so `call` refuses when the link is not open and bounds the wait.

export type LinkStatus = 'connecting' | 'online' | 'reconnecting';

export interface LinkState {
  status: LinkStatus;
  /** When the next connection attempt happens (reconnecting only). */
  nextRetryAt: number | null;
  /** Why the last attempt failed or the connection closed. */
  lastError: string | null;
}

export interface AgentLink {
  state(): LinkState;
  query<P extends ProcedurePath>(
    path: P,
    input?: ProcedureInput<P>,
    timeoutMs?: number,
  ): Promise<ProcedureOutput<P>>;
  mutate<P extends ProcedurePath>(
    path: P,
    input?: ProcedureInput<P>,
    timeoutMs?: number,
  ): Promise<ProcedureOutput<P>>;
  subscribe<P extends ProcedurePath>(
    path: P,
    input: ProcedureInput<P>,
    handlers: {
      onData: (data: SubscriptionData<P>) => void;
      onError: (error: unknown) => void;
      /** The agent has set the subscription up (again, after a reconnect): what happens from now on is sent. */
      onStarted?: () => void;
    },
  ): () => void;
  close(): Promise<void>;
}

export interface AgentLinkOptions {
  address: string;
  token: string;
  tlsCa?: string | null;
  onState?: (state: LinkState) => void;
  now?: () => number;
}

const CALL_TIMEOUT_MS = 15_000;

/** Opens a link that reconnects by itself (see backoff.ts) until closed. */
export function openAgentLink({
  address,
  token,
  tlsCa,
  onState = () => {},
  now = Date.now,
}: AgentLinkOptions): AgentLink {
  let state: LinkState = { status: 'connecting', nextRetryAt: null, lastError: null };
  const set = (patch: Partial<LinkState>) => {
    state = { ...state, ...patch };
    onState(state);
  };
  const client = createAgentWsClient(
    { address, token, tlsCa },
    {
      retryDelayMs: (attempt) => {
        const delay = backoffDelay(attempt);
        set({ status: 'reconnecting', nextRetryAt: now() + delay });
        return delay;
      },
      onOpen: () => set({ status: 'online', nextRetryAt: null, lastError: null }),
      onError: (event) => set({ lastError: describeSocketError(event) }),
      onClose: (event) =>
        set({ status: 'reconnecting', lastError: state.lastError ?? describeClose(event) }),
    },
  );
  return linkCalls(client, () => state);
}

type WsClient = ReturnType<typeof createAgentWsClient>;

// The calls over an open client; `state` says whether it is open right now.
function linkCalls(client: WsClient, state: () => LinkState): AgentLink {
  const trpc = createTRPCUntypedClient({ links: [wsLink({ client })] });
  // The one place the answers' types are asserted: where the agent's
  // validated answer leaves the transport, typed by the path that asked.
  const typed = <P extends ProcedurePath>(_path: P, answer: Promise<unknown>) =>
    answer as Promise<ProcedureOutput<P>>;
  return {
    state,
    query: (path, input, timeoutMs = CALL_TIMEOUT_MS) =>
      typed(
        path,
        boundedCall(state, () => trpc.query(path, input), timeoutMs),
      ),
    mutate: (path, input, timeoutMs = CALL_TIMEOUT_MS) =>
      typed(
        path,
        boundedCall(state, () => trpc.mutation(path, input), timeoutMs),
      ),
    subscribe(path, input, { onData, onError, onStarted }) {
      const sub = trpc.subscription(path, input, {
        onData: (data) => onData(data as SubscriptionData<typeof path>),
        onError,
        ...(onStarted && { onStarted }),
      });
      return () => sub.unsubscribe();
    },
    close: () => client.close(),
  };
}

// Refused at once when the link is not open (tRPC would queue it); bounded otherwise.
async function boundedCall(
  state: () => LinkState,
  run: () => Promise<unknown>,
  timeoutMs: number,
): Promise<unknown> {
  if (state().status !== 'online') throw new AgentUnavailableError(state());
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new AgentUnavailableError({
            ...state(),
            lastError: `no answer within ${timeoutMs / 1000} s`,
          }),
        ),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([run(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function describeSocketError(event: unknown): string {
  switch (socketErrno(event)) {
    case 'ENOENT':
      return 'the socket does not exist (is the agent running?)';
    case 'ECONNREFUSED':
      return 'connection refused (is the agent running and listening there?)';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied on the socket';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name does not resolve';
    case 'ECONNRESET':
    case 'EPIPE':
      // Typical of a relay (the lab's) whose agent behind it is down.
      return 'the connection was cut (is the agent behind this address running?)';
    default:
      return socketErrorMessage(event) ?? 'connection failed';
  }
}

// The agent closes the socket with a code saying why (connection/close-codes.ts).
const describeClose = (event: unknown): string => {
  const code = closeCodeOf(event);
  if (code === CloseCode.unauthorized) return 'the agent refused the token';
  if (code === CloseCode.restarting) return 'the agent is restarting';
  return 'the connection closed';
};

/** A call to a host that is not connected right now; says when the next try is. */
export class AgentUnavailableError extends Error {
  override readonly name = 'AgentUnavailableError';
  constructor(readonly linkState: LinkState) {
    super(describeUnavailable(linkState));
  }
}

/** "reconnecting, next try in 4 s (connection refused)". */
export function describeUnavailable(s: LinkState, now = Date.now()): string {
  const why = s.lastError ? ` (${s.lastError})` : '';
  if (s.status === 'reconnecting' && s.nextRetryAt !== null) {
    return `reconnecting, next try in ${Math.max(0, Math.ceil((s.nextRetryAt - now) / 1000))} s${why}`;
  }
  if (s.status === 'connecting') return `connecting${why}`;
  return `${s.status}${why}`;
}
