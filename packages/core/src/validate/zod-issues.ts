import type { z } from 'zod';
import { type Issue, issue } from '../errors';

/** Turns zod's complaints about the request's shape into INVALID_INPUT issues with the same field paths. */
export function zodIssues(error: z.ZodError): Issue[] {
  return error.issues.map((problem) => {
    const path = problem.path.map((part) => (typeof part === 'number' ? part : String(part)));
    return issue(
      'INVALID_INPUT',
      path,
      problem.message,
      'Fix the request shape (see the schema of this call).',
    );
  });
}

/** Parses with a zod schema; either the data or INVALID_INPUT issues. */
export function parseWith<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { data: z.output<S>; issues: [] } | { data: null; issues: Issue[] } {
  const result = schema.safeParse(input);
  return result.success
    ? { data: result.data, issues: [] }
    : { data: null, issues: zodIssues(result.error) };
}
