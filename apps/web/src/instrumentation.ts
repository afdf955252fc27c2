// Starts the hub when the server starts (not on the first request), so the
// fleet is connecting and a first-start admin password is printed right away.
// NEXT_RUNTIME/NEXT_PHASE are Next's own flags, not configuration.

/** Next calls this once per server instance. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build')
    return;
  const { services } = await import('./server/services');
  await services();
}
