import type { ServiceDeps } from '../service/deps';
import { watchLinks } from './link-watch';

// Start-up reconcile: the seed's "configuration is applied every time the
// engine starts", plus a link watch that restores degraded networks.

/** Reconcile operations. */
export function reconcileService(deps: ServiceDeps) {
  return {
    /** Runs the start-up pass, then follows link events in the background until `signal` aborts. */
    async start(signal: AbortSignal): Promise<void> {
      void watchLinks(deps, { signal, onAppear: async () => undefined });
    },
  };
}
