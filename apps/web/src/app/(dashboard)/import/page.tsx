import { ImportView } from './import-view';

export default function ImportPage() {
  return <ImportView />;
}
