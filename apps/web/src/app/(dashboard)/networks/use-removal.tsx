'use client';

import { useState } from 'react';
import { RemoveFlow, type RemoveOutcome, type RemoveTarget } from './remove-flow';

// The state of a removal, shared by the networks table and a network's page:
// which networks are being removed (the dialog is open) and the last report.

/** The removal under way (its dialog, to render) and the report of the last one; `onDone` runs when one finishes. */
export function useRemoval(onDone: () => void) {
  const [removing, setRemoving] = useState<RemoveTarget[] | null>(null);
  const [report, setReport] = useState<RemoveOutcome[]>([]);
  const flow = removing && (
    <RemoveFlow
      targets={removing}
      onCancel={() => setRemoving(null)}
      onDone={(done) => {
        setRemoving(null);
        setReport(done);
        onDone();
      }}
    />
  );
  return { flow, report, start: setRemoving };
}
