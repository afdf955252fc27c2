// Starts the hub when the server starts (not on the first request), so the
// fleet is connecting and a first-start admin password is printed right away.
// Next runs register() while it prepares, before it answers its first request;
// waiting here (bounded) for the hosts' first answers means the first page
// served shows them online and drawn, instead of "connecting" and a redraw.
// NEXT_RUNTIME/NEXT_PHASE are Next's own flags, not configuration.

/** How long the first answer may wait for the registered hosts (an unreachable one costs this once). */
const FIRST_ANSWER_WAIT_MS = 1000;

/** Next calls this once per server instance. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build')
    return;
  const { services } = await import('./server/services');
  const { hub } = await services();
  await hub.settled(FIRST_ANSWER_WAIT_MS);
}
