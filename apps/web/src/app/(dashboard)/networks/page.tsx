import { NetworksView } from './networks-view';

export default function NetworksPage() {
  return <NetworksView />;
}
