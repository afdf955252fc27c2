'use client';

import type { Core } from 'cytoscape';
import { useState, type KeyboardEvent, type RefObject } from 'react';
import { directionOf, nextNode, selectByKey } from './keyboard';

/** Key handling for the focused canvas, and the sentence a screen reader announces for the selection. */
export function useGraphKeys(
  cyRef: RefObject<Core | null>,
  open: (id: string | null) => void,
): { onKeyDown: (event: KeyboardEvent<HTMLElement>) => void; announcement: string } {
  const [announcement, setAnnouncement] = useState('');
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    const cy = cyRef.current;
    if (!cy) return;
    const current = cy.nodes(':selected').first();
    const direction = directionOf(event.key);
    if (direction) {
      event.preventDefault();
      const next = nextNode(cy, current.nonempty() ? current : undefined, direction);
      if (!next) return;
      selectByKey(cy, next);
      const kind = String(next.classes()[0] ?? 'node');
      setAnnouncement(`${String(next.data('label'))}, ${kind}. Enter opens its details.`);
    } else if (event.key === 'Enter' && current.nonempty()) {
      event.preventDefault();
      open(current.id());
    } else if (event.key === 'Escape') {
      cy.$(':selected').unselect();
      open(null);
      setAnnouncement('No node selected.');
    }
  };
  return { onKeyDown, announcement };
}
