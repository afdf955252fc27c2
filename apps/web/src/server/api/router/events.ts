import { tracked } from '@trpc/server';
import { z } from 'zod';
import type { HubEvent } from '../../fleet/hub';
import type { Logged } from '../../fleet/event-log';
import { createTRPCRouter, protectedProcedure } from '../trpc';

/** `events`: every agent's events and host state changes, over SSE; resumes from `lastEventId`. */
export const eventsRouter = createTRPCRouter({
  stream: protectedProcedure
    .input(z.object({ lastEventId: z.string().nullish() }).strict().optional())
    .subscription(async function* ({ ctx, input, signal }) {
      const { feed } = ctx.services.hub;
      const queue: Logged<HubEvent>[] = [];
      let wake: (() => void) | null = null;
      const stop = feed.listen((entry) => {
        queue.push(entry);
        wake?.();
      });
      signal?.addEventListener('abort', () => wake?.(), { once: true });
      try {
        const last = input?.lastEventId ? Number(input.lastEventId) : null;
        queue.unshift(...feed.since(Number.isFinite(last) ? last : null));
        while (!signal?.aborted) {
          const entry = queue.shift();
          if (entry) {
            yield tracked(String(entry.id), entry.event);
            continue;
          }
          await new Promise<void>((resolve) => (wake = resolve));
          wake = null;
        }
      } finally {
        stop();
      }
    }),
});
