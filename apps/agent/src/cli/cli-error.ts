// Errors the CLI itself raises (bad flags, an unreachable agent) are data: the
// lines to print and the exit code, so one place renders every failure.

/** A failure the CLI reports as-is: each line goes to stderr, then the process exits with `exitCode`. */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly lines: string[];
  readonly exitCode: number;

  constructor(lines: string | string[], exitCode = 1) {
    const list = Array.isArray(lines) ? lines : [lines];
    super(list.join('\n'));
    this.lines = list;
    this.exitCode = exitCode;
  }
}

/** A bad flag or argument: Docker and commander exit 2 for these. */
export const usageError = (flag: string, message: string, hint?: string): CliError =>
  new CliError(`Error: ${flag}: ${message}${hint ? ` ${hint}` : ''}`, 2);
