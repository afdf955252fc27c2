import { authRouter } from './router/auth';
import { containersRouter } from './router/containers';
import { diagRouter } from './router/diag';
import { eventsRouter } from './router/events';
import { fleetRouter } from './router/fleet';
import { importRouter } from './router/import';
import { networksRouter } from './router/networks';
import { topologyRouter } from './router/topology';
import { createCallerFactory, createTRPCRouter } from './trpc';

/** The browser's API, one sub-router per noun. */
export const appRouter = createTRPCRouter({
  auth: authRouter,
  fleet: fleetRouter,
  networks: networksRouter,
  containers: containersRouter,
  topology: topologyRouter,
  diag: diagRouter,
  events: eventsRouter,
  import: importRouter,
});

export type AppRouter = typeof appRouter;

/** In-process caller (tests, server components). */
export const createCaller = createCallerFactory(appRouter);
