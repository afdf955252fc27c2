import { NetworkForm } from './network-form';

export default function NewNetworkPage() {
  return <NetworkForm />;
}
