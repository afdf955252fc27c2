import { EventsView } from './events-view';

export default function EventsPage() {
  return <EventsView />;
}
