// Reading a failed connection's errno and message, whether the failure came
// from ws (an error event carrying `error`) or from node:http (the error
// itself, passed as `{ error }`). No ws import: the CLI's HTTP path uses it.

/** The errno code (`ENOENT`, `ECONNREFUSED`…) behind a ws error event, if any. */
export const socketErrno = (event: unknown): string | undefined =>
  (event as { error?: NodeJS.ErrnoException } | undefined)?.error?.code;

/** The message of a ws error event. */
export const socketErrorMessage = (event: unknown): string | undefined =>
  (event as { error?: Error } | undefined)?.error?.message ??
  (event as { message?: string } | undefined)?.message;
