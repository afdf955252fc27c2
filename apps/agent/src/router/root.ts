import { bgpRouter } from './bgp';
import { containersRouter } from './containers';
import { diagRouter } from './diag';
import { eventsRouter } from './events';
import { fleetStoreRouter } from './fleet-store';
import { hostRouter } from './host';
import { networksRouter } from './networks';
import { routesRouter } from './routes';
import { createTRPCRouter } from './trpc';

/** The agent's API, one sub-router per noun. */
export const appRouter = createTRPCRouter({
  host: hostRouter,
  networks: networksRouter,
  containers: containersRouter,
  diag: diagRouter,
  events: eventsRouter,
  routes: routesRouter,
  bgp: bgpRouter,
  fleetStore: fleetStoreRouter,
});

export type AppRouter = typeof appRouter;
