import { FleetView } from './fleet-view';

export default function FleetPage() {
  return <FleetView />;
}
