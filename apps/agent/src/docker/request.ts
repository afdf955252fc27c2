import { DomainError, issue, type Issue } from '@underlay/core';
import type { z } from 'zod';

// Turns a plugin request body into its schema's type, or a DomainError whose
// issues name each bad field (Docker's own field names) and what to send.

/** Parses `body` with `schema`; every problem becomes an INVALID_INPUT issue at its field. */
export function parseRequest<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  throw new DomainError(withRenamesMerged(parsed.error.issues));
}

const isMissing = (p: z.core.$ZodIssue) => p.code === 'invalid_type' && p.input === undefined;
const parentOf = (path: PropertyKey[]) => path.map(String).join('.');

// One unknown key beside one missing field of the same object is one mistake
// (`NetworkId` for `NetworkID`): one issue at the field dockerd must send,
// naming the key that was sent instead, as the agent's tRPC path says it.
/** The issues of a failed parse, a misspelt field said once. */
function withRenamesMerged(problems: z.core.$ZodIssue[]): Issue[] {
  const merged = new Map<z.core.$ZodIssue, Issue>();
  const dropped = new Set<z.core.$ZodIssue>();
  for (const unknown of problems) {
    if (unknown.code !== 'unrecognized_keys' || unknown.keys.length !== 1) continue;
    const missing = problems.filter(
      (p) => isMissing(p) && parentOf(p.path.slice(0, -1)) === parentOf(unknown.path),
    );
    const [field] = missing;
    if (missing.length !== 1 || !field || merged.has(field)) continue;
    const path = field.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    const name = String(path.at(-1));
    merged.set(
      field,
      issue(
        'INVALID_INPUT',
        path,
        `is missing, and "${unknown.keys[0]}" is not a field of Docker plugin API 1.2.`,
        `Rename "${unknown.keys[0]}" to "${name}" (the spelling dockerd sends).`,
      ),
    );
    dropped.add(unknown);
  }
  return problems.flatMap((p) => (dropped.has(p) ? [] : [merged.get(p) ?? toIssue(p)]));
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
