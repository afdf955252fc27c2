import type { TRPCClientError } from '@trpc/client';
import { type WireError, formatIssue, formatPath } from '@underlay/core';
import type { AppRouter } from '../router/root';
import { CliError } from './cli-error';

// Every failure ends here and becomes stderr lines plus an exit code: one
// line per problem, naming the field and how to fix it, never a stack trace.

/** Lines to print on stderr and the exit code for anything a command threw. */
export function renderError(error: unknown): { lines: string[]; exitCode: number } {
  if (error instanceof CliError) return { lines: error.lines, exitCode: error.exitCode };
  if (isAgentError(error))
    return { lines: agentErrorLines(error.message, error.data?.domain ?? undefined), exitCode: 1 };
  const message = error instanceof Error ? error.message : String(error);
  return { lines: [`Error: ${message}`], exitCode: 1 };
}

/** Lines for an error the agent answered with: each refusing issue, or the message with its field. */
export function agentErrorLines(message: string, domain: WireError | undefined): string[] {
  const prefix = 'Error response from agent: ';
  const errors = (domain?.issues ?? []).filter((problem) => problem.severity !== 'warning');
  if (errors.length) return errors.map((problem) => prefix + formatIssue(problem));
  const where = domain?.path?.length ? formatPath(domain.path) : '';
  const located = where && !message.startsWith(`${where}:`) ? `${where}: ${message}` : message;
  const hinted =
    domain?.hint && !located.includes(domain.hint) ? `${located} ${domain.hint}` : located;
  return [prefix + hinted];
}

// tRPC's own isTRPCClientError, without loading @trpc/client for every error
// the CLI prints (the client is loaded only when a command reaches an agent).
// Its `data` is what the agent's errorFormatter declares: `domain` is core's WireError.
const isAgentError = (error: unknown): error is TRPCClientError<AppRouter> =>
  error instanceof Error && error.name === 'TRPCClientError';
