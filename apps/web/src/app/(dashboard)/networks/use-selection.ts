'use client';

import { useState } from 'react';

/** A set of chosen keys (rows, hosts) with toggle, replace and clear. */
export function useSelection() {
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const toggle = (key: string) => {
    const next = new Set(chosen);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    setChosen(next);
  };
  return { chosen, toggle, set: (keys: string[]) => setChosen(new Set(keys)) };
}
