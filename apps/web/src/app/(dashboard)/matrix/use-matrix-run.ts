'use client';

import { skipToken } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import type { EndpointRef } from '@underlay/core';
import { useState } from 'react';
import { pairKey } from '~/lib/matrix-endpoints';
import { useTRPC } from '~/trpc/react';
import type { GridCell } from './matrix-grid';

interface RunInput {
  selection: { kind: 'endpoints'; endpoints: EndpointRef[] };
  family: 4 | 6;
  count: number;
  timeoutMs: number;
}

/** A finished run's counts. */
export interface Summary {
  pairs: number;
  matches: number;
  mismatches: number;
  errors: number;
}

/** The run's settings a user picks. */
export interface RunSettings {
  selected: EndpointRef[];
  family: 4 | 6;
  count: number;
}

/** One matrix run through the diag subscription: its cells as they stream, its progress and summary. */
export function useMatrixRun() {
  const trpc = useTRPC();
  const [run, setRun] = useState<RunInput | null>(null);
  const [cells, setCells] = useState<Map<string, GridCell>>(new Map());
  const [progress, setProgress] = useState({ done: 0, total: 0 });
  const [summary, setSummary] = useState<Summary | null>(null);
  const sub = useSubscription(
    trpc.diag.matrix.subscriptionOptions(run ?? skipToken, {
      onData: (event) => {
        if (event.type === 'progress') setProgress({ done: event.done, total: event.total });
        else if (event.type === 'cell')
          setCells((prev) => new Map(prev).set(pairKey(event.from, event.to), event));
        else if (event.type === 'done') {
          setSummary(event.summary);
          setRun(null);
        }
      },
    }),
  );
  const start = ({ selected, family, count }: RunSettings) => {
    setCells(new Map());
    setSummary(null);
    setProgress({ done: 0, total: selected.length * (selected.length - 1) });
    setRun({
      selection: { kind: 'endpoints', endpoints: selected },
      family,
      count,
      timeoutMs: 1000,
    });
    // A failed run keeps its input; the same input again needs a restart, not a new key.
    if (sub.status === 'error') sub.reset();
  };
  const running = run !== null && sub.status !== 'error';
  return { start, running, cells, progress, summary, error: sub.error };
}
