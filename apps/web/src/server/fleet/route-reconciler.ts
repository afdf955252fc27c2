import type { Logged } from './event-log';
import type { HubEvent } from './hub';

// When the hub redistributes routes: not on every read of the fleet (a
// topology refresh must not send mutations), but when something that changes
// the desired routes happens — an agent reports a network created, removed or
// restored, or a host's link changes state (back online: it gets its set again;
// away: it is forgotten so it does) — and when the registry changes (the API
// calls schedule()). Bursts (a network create is several events, a hub start
// brings every host online) are folded into one run after `debounceMs` of
// quiet; a trigger during a run queues exactly one more run after it.

/** The agent events that change which routes the fleet wants. */
const ROUTE_EVENTS = new Set(['network.created', 'network.removed', 'network.restored']);

/** Whether a hub event should lead to a redistribution. */
export function triggersRoutes(event: HubEvent): boolean {
  if (event.kind === 'state') return true;
  return ROUTE_EVENTS.has(event.event.type);
}

export interface RouteReconcilerOptions {
  /** The hub's feed. */
  feed: { listen(listener: (entry: Logged<HubEvent>) => void): () => void };
  /** One redistribution: read the fleet, push what changed. */
  reconcile: () => Promise<void>;
  /** A host went away: forget what it was sent, so it gets its set again when it is back. */
  forget: (hostId: string) => void;
  debounceMs?: number;
  onError?: (err: unknown) => void;
}

/** Runs `reconcile` after route-relevant hub events and registry changes, debounced, one run at a time. */
export function createRouteReconciler(opts: RouteReconcilerOptions) {
  const debounceMs = opts.debounceMs ?? 500;
  const runner = createRunner(opts);
  let timer: ReturnType<typeof setTimeout> | null = null;

  const schedule = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void runner.run();
    }, debounceMs);
  };

  const stopListening = opts.feed.listen(({ event }) => {
    if (!triggersRoutes(event)) return;
    if (event.kind === 'state' && event.status !== 'online') opts.forget(event.hostId);
    schedule();
  });

  return {
    schedule,
    /** How many redistributions ran (for tests and the status line). */
    runs: runner.runs,
    /** Resolves when no run is pending or under way. */
    async idle(): Promise<void> {
      while (timer || runner.running())
        await (runner.running() ?? new Promise((r) => setTimeout(r, debounceMs)));
    },
    stop(): void {
      stopListening();
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

// One run at a time; a trigger during a run queues exactly one more after it.
function createRunner(opts: Pick<RouteReconcilerOptions, 'reconcile' | 'onError'>) {
  let running: Promise<void> | null = null;
  let again = false;
  let runs = 0;
  const run = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        runs += 1;
        await opts.reconcile().catch((err: unknown) => opts.onError?.(err));
      } while (again);
    })();
    await running;
    running = null;
  };
  return { run, runs: () => runs, running: () => running };
}
