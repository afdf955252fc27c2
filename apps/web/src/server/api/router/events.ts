import { tracked } from '@trpc/server';
import { z } from 'zod';
import type { HubEvent } from '../../fleet/hub';
import type { Logged } from '../../fleet/event-log';
import { EVENT_HISTORY_LIMIT } from '../../fleet/event-store';
import { createTRPCRouter, protectedProcedure } from '../trpc';

/** The Events page's filters, as its URL carries them (`?host=host-a&kind=link&network=vlan30`). */
export const EventHistoryInputSchema = z
  .object({
    host: z.string().max(200).optional(),
    kind: z.string().max(50).optional(),
    network: z.string().max(200).optional(),
    limit: z.number().int().min(1).max(EVENT_HISTORY_LIMIT).optional(),
  })
  .strict();

/** `events`: every agent's events and host state changes, over SSE; resumes from `lastEventId`. */
export const eventsRouter = createTRPCRouter({
  /** The stored history (newest first) with the filters' choices. */
  history: protectedProcedure.input(EventHistoryInputSchema).query(({ ctx, input }) => {
    const { feed } = ctx.services.hub;
    return { ...feed.history(input), facets: feed.facets() };
  }),
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
