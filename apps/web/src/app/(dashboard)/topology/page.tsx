import { TopologyView } from './topology-view';

export default function TopologyPage() {
  return <TopologyView />;
}
