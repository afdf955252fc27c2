import type { Metadata } from 'next';
import { Suspense } from 'react';
import { EventsView } from './events-view';

/** The tab's title: `Events · underlay`. */
export const metadata: Metadata = { title: 'Events' };

export default function EventsPage() {
  return (
    <Suspense>
      <EventsView />
    </Suspense>
  );
}
