'use client';

import { useLiveEvents } from '~/components/live-events';

/** The live feed: every agent's events and host state changes, newest first. */
export function EventsView() {
  const { items, connected } = useLiveEvents();
  return (
    <section className="space-y-3">
      <h1 className="text-lg font-semibold">
        Events {connected ? '' : <span className="text-sm text-amber-700">(connecting…)</span>}
      </h1>
      {items.length === 0 && (
        <p className="text-sm text-slate-500">Nothing yet since this page opened.</p>
      )}
      <ol className="space-y-1 font-mono text-xs" data-testid="event-list">
        {items.map((item) => (
          <li key={item.id} data-testid="event-item" data-type={item.type} data-host={item.host}>
            <span className="text-slate-500">{new Date(item.at).toLocaleTimeString()}</span>{' '}
            <span className="font-semibold">{item.host}</span> {item.text}
          </li>
        ))}
      </ol>
    </section>
  );
}
