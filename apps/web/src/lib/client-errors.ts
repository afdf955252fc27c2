import { formatPath } from '@underlay/core';

// What the UI needs from a failed tRPC call: a message for the person, and
// when an agent (or the server) named a field, that field's path as the form
// keys it (`ipam[0].gateway`).

export interface DomainInfo {
  code: string;
  path: (string | number)[];
  message: string;
  hint?: string;
  host?: string;
  /** core's issues, unprefixed (agent refusals carry them; the hub's own refusals may not). */
  issues?: {
    code: string;
    path: (string | number)[];
    message: string;
    hint?: string;
    severity?: string;
  }[];
}

interface ErrorLike {
  message?: string;
  data?: {
    domain?: DomainInfo | null;
    zodError?: { fieldErrors?: Record<string, string[] | undefined> } | null;
  } | null;
}

/** The text to show for an error. */
export const errorText = (error: unknown): string =>
  (error as ErrorLike | null)?.message ?? String(error);

/** The domain data an error carries, if any. */
export const domainOf = (error: unknown): DomainInfo | null =>
  (error as ErrorLike | null)?.data?.domain ?? null;

/** The form key of the field an error is about, or null. */
export function fieldOf(domain: DomainInfo | null): string | null {
  return domain && domain.path.length ? formatPath(domain.path) : null;
}
