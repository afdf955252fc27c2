// Starts the hub when the server starts (not on the first request), so the
// fleet is connecting and a first-start admin password is printed right away.
// Next runs register() while it prepares, before it loads the routes' modules
// and answers its first request; the hosts' first answers are not awaited
// here, so the modules load while the agents answer. The pages' first data
// waits for them instead (bounded, trpc/server.tsx), so the first page
// served shows them online and drawn, not "connecting" and a redraw.
// NEXT_RUNTIME/NEXT_PHASE are Next's own flags, not configuration.

/** Next calls this once per server instance. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build')
    return;
  const { services } = await import('./server/services');
  await services();
}
