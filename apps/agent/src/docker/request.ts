import { DomainError, issue, type Issue } from '@underlay/core';
import type { z } from 'zod';

// Turns a plugin request body into its schema's type, or a DomainError whose
// issues name each bad field (Docker's own field names) and what to send.

/** Parses `body` with `schema`; every problem becomes an INVALID_INPUT issue at its field. */
export function parseRequest<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  throw new DomainError(parsed.error.issues.map(toIssue));
}

function toIssue(problem: z.core.$ZodIssue): Issue {
  const path = problem.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  if (problem.code === 'unrecognized_keys')
    return issue(
      'INVALID_INPUT',
      [...path, ...problem.keys.slice(0, 1)],
      `unknown field${problem.keys.length > 1 ? 's' : ''} ${problem.keys.map((k) => `"${k}"`).join(', ')}.`,
      'Send only the fields of Docker plugin API 1.2 (moby libnetwork remote/api); check the spelling.',
    );
  if (problem.code === 'invalid_type' && problem.input === undefined)
    return issue(
      'INVALID_INPUT',
      path,
      `is missing.`,
      `dockerd always sends it: give ${String(path.at(-1))} as a ${problem.expected}.`,
    );
  return issue('INVALID_INPUT', path, problem.message, 'Send the value in the shape dockerd does.');
}
