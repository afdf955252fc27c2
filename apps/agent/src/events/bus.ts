import { EventEmitter, on } from 'node:events';
import { appendEvent, eventsAfter, type Db } from '../store';
import type { AgentEvent, AgentEventInput } from './types';

// Events are written to the store before they are announced, so a client that
// reconnects with its last id misses nothing that happened in between.

/** A published event with its store id. */
export interface StoredEvent {
  id: string;
  event: AgentEvent;
}

/** Publishes events to the log and to live subscribers. */
export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor(
    private readonly db: Db,
    private readonly keep: number,
  ) {
    this.emitter.setMaxListeners(0);
  }

  /** Stamps, stores and announces an event. */
  publish(input: AgentEventInput): StoredEvent {
    const event: AgentEvent = { ...input, at: new Date().toISOString() };
    const id = appendEvent(this.db, event, this.keep);
    this.emitter.emit('event', { id, event });
    return { id, event };
  }

  /** Calls `listener` with every event published from now on (in-process followers: BGP announcements); returns the unsubscribe. */
  onEvent(listener: (event: AgentEvent) => void): () => void {
    const handler = ({ event }: { event: AgentEvent }) => listener(event);
    this.emitter.on('event', handler);
    return () => this.emitter.off('event', handler);
  }

  /**
   * Yields the stored events after `lastEventId` (none when it is absent), then
   * live ones until `signal` aborts. Listens before reading the log so nothing
   * published in between is lost, and skips what the replay already gave.
   */
  async *stream(opts: {
    lastEventId?: string | null;
    signal?: AbortSignal;
  }): AsyncGenerator<StoredEvent> {
    const live = on(this.emitter, 'event', opts.signal ? { signal: opts.signal } : {});
    let seen = 0;
    try {
      if (opts.lastEventId != null) {
        for (const stored of eventsAfter(this.db, opts.lastEventId)) {
          seen = Number(stored.id);
          yield { id: stored.id, event: stored.event as AgentEvent };
        }
      }
      for await (const [stored] of live) {
        const next = stored as StoredEvent;
        if (Number(next.id) <= seen) continue;
        yield next;
      }
    } catch (err) {
      if ((err as { name?: string }).name !== 'AbortError') throw err;
    } finally {
      await live.return?.();
    }
  }
}
