import { tracked } from '@trpc/server';
import { EventsStreamInputSchema } from '@underlay/core';
import { createTRPCRouter, publicProcedure } from './trpc';

/** `events`: a live stream of changes; a client that reconnects with its last id gets what it missed. */
export const eventsRouter = createTRPCRouter({
  stream: publicProcedure.input(EventsStreamInputSchema).subscription(async function* ({
    ctx,
    input,
    signal,
  }) {
    for await (const { id, event } of ctx.services.events.stream({
      lastEventId: input?.lastEventId ?? null,
      signal,
    })) {
      yield tracked(id, event);
    }
  }),
});
