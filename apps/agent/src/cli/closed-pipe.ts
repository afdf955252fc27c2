// `underlay --help | head -2`: once the reader has gone, the next write fails
// with EPIPE, emitted as an 'error' event that nobody handled (a stack trace).
// Unix tools end quietly there; so does the CLI, with status 0, so that a
// pipeline under `set -o pipefail` does not fail because its reader had enough.
/** Ends the process quietly when a stream's reader has gone; other write errors still throw. */
export function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
}
