import { AgentInfoSchema, type AgentInfo } from './agent-info';
import { openAgentLink, type AgentLink, type AgentLinkOptions, type LinkState } from './agent-link';

// The "Test connection" button: one attempt, no retries, an answer within a
// few seconds that says what is wrong (no socket, refused token, timeout).

export type ConnectionTest =
  { ok: true; info: AgentInfo; latencyMs: number } | { ok: false; error: string };

/** Connects once to the address with the token and asks for `host.info`. */
export async function testConnection(
  target: Pick<AgentLinkOptions, 'address' | 'token' | 'tlsCa'>,
  {
    timeoutMs = 5000,
    openLink = openAgentLink,
  }: { timeoutMs?: number; openLink?: (o: AgentLinkOptions) => AgentLink } = {},
): Promise<ConnectionTest> {
  const started = Date.now();
  let settle: (state: LinkState) => void = () => {};
  const firstOutcome = new Promise<LinkState>((resolve) => (settle = resolve));
  const link = openLink({
    ...target,
    onState: (state) => (state.status === 'online' || state.lastError ? settle(state) : undefined),
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>(
    (resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)),
  );
  try {
    return await askInfo(link, await Promise.race([firstOutcome, timeout]), timeoutMs, started);
  } catch (error) {
    // A refused token closes the socket after it opened: the call fails first,
    // the close (with its reason) is reported right after.
    await new Promise((resolve) => setTimeout(resolve, 50));
    return {
      ok: false,
      error: link.state().lastError ?? (error instanceof Error ? error.message : String(error)),
    };
  } finally {
    clearTimeout(timer);
    await link.close();
  }
}

// The link's first outcome decides: no answer, a failure, or host.info asked of the open link.
async function askInfo(
  link: AgentLink,
  outcome: LinkState | 'timeout',
  timeoutMs: number,
  started: number,
): Promise<ConnectionTest> {
  if (outcome === 'timeout') return { ok: false, error: `no answer within ${timeoutMs / 1000} s` };
  if (outcome.status !== 'online')
    return { ok: false, error: outcome.lastError ?? 'connection failed' };
  const info = AgentInfoSchema.safeParse(await link.query('host.info', undefined, timeoutMs));
  if (!info.success)
    return {
      ok: false,
      error: 'the agent answered host.info with an unexpected shape (version mismatch?)',
    };
  return { ok: true, info: info.data, latencyMs: Date.now() - started };
}
