import type {
  ProcedureInput,
  ProcedureOutput,
  ProcedurePath,
  SubscriptionData,
} from '../router/types';

// The CLI's view of an agent, whatever carries the calls (client.ts: HTTP for
// one-shot calls, WebSocket for streams). Types only.

/** What the commands call: procedures by path, with the input and answer types the router declares. */
export interface AgentApi {
  query<P extends ProcedurePath>(path: P, input?: ProcedureInput<P>): Promise<ProcedureOutput<P>>;
  mutate<P extends ProcedurePath>(path: P, input?: ProcedureInput<P>): Promise<ProcedureOutput<P>>;
  /** Streams a subscription into `onData` until `signal` aborts (resolves) or the stream fails (rejects). */
  subscribe<P extends ProcedurePath>(
    path: P,
    input: ProcedureInput<P>,
    onData: (value: SubscriptionData<P>) => void,
    signal: AbortSignal,
  ): Promise<void>;
  close(): Promise<void>;
}
