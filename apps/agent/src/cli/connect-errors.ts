import { type Stats, statSync } from 'node:fs';
import { CloseCode } from '../connection/close-codes';
import { socketErrno, socketErrorMessage } from '../connection/socket-errors';
import { CliError } from './cli-error';
import { type AgentTarget, describeToken } from './target';

// What the CLI says when it cannot reach an agent or the agent refuses it,
// the same over HTTP (one-shot calls) and WebSocket (streams).

/** Why a connection to `target` failed, from the errno behind `event` (`{ error }`, as ws reports it). */
export function reason(target: AgentTarget, event: unknown): string {
  switch (socketErrno(event)) {
    case 'ENOENT':
      return `the socket ${target.address} does not exist. Is the agent running? Start it with "underlay agent", or point -H/UNDERLAY_HOST at its socket.`;
    case 'ECONNREFUSED':
      return 'connection refused. Is the agent running and listening there?';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied on the socket (it is mode 0600, for root): run as root (sudo).';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name does not resolve. Check -H/UNDERLAY_HOST.';
    default:
      return `${socketErrorMessage(event) ?? 'connection failed'}. Is the agent running?`;
  }
}

function statOrError(path: string): Stats | NodeJS.ErrnoException {
  try {
    return statSync(path);
  } catch (error) {
    return error as NodeJS.ErrnoException;
  }
}

/** Fails early, before the token is read, when a socket target does not exist or is not a socket. */
export async function checkSocket(target: AgentTarget): Promise<void> {
  if (target.kind !== 'socket') return;
  // Sync, as token.ts reads: node:fs is loaded with node itself, node:fs/promises would be one more load per call.
  const found = statOrError(target.address);
  if (found instanceof Error) {
    if (found.code === 'ENOENT') throw unreachable(target, reason(target, { error: found }));
    return; // EACCES on a parent directory and the like: the connect names it
  }
  if (!found.isSocket())
    throw unreachable(
      target,
      `${target.address} is not a socket. Point -H/UNDERLAY_HOST at the agent's socket.`,
    );
}

/** "Cannot connect to the underlay agent at …: why". */
export const unreachable = (target: AgentTarget, why: string): CliError =>
  new CliError(`Cannot connect to the underlay agent at ${target.display}: ${why}`);

// The agent checks the token after the WebSocket opens and closes with
// CloseCode.unauthorized when it is wrong, CloseCode.restarting when it stops.
/** The error for a connection closed by the agent, from its close code. */
export function closed(target: AgentTarget, opened: boolean, code: number | undefined): CliError {
  if (!opened) return unreachable(target, 'the connection was closed.');
  if (code === CloseCode.unauthorized) return refusedToken(target);
  if (code === CloseCode.restarting)
    return new CliError(
      `The underlay agent at ${target.display} is restarting: try again in a moment.`,
    );
  return new CliError(
    `The underlay agent at ${target.display} closed the connection${code ? ` (code ${code})` : ''}. Is it still running?`,
  );
}

/** The agent refused the token (a WebSocket closed with CloseCode.unauthorized, or HTTP 401). */
export const refusedToken = (target: AgentTarget): CliError =>
  new CliError(
    `The underlay agent at ${target.display} refused the token: check ${describeToken(target.token)} (set UNDERLAY_TOKEN_FILE or UNDERLAY_TOKEN to this agent's token).`,
  );
