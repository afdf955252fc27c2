import { MatrixView } from './matrix-view';

export default function MatrixPage() {
  return <MatrixView />;
}
