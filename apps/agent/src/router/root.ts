import { eventsRouter } from './events';
import { hostRouter } from './host';
import { createTRPCRouter } from './trpc';

/** The agent's API, one sub-router per noun. */
export const appRouter = createTRPCRouter({
  host: hostRouter,
  events: eventsRouter,
});

export type AppRouter = typeof appRouter;
