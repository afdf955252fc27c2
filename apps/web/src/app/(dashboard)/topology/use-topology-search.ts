'use client';

import type { Core } from 'cytoscape';
import { useRef, useState, type RefObject } from 'react';
import { applySearch } from '~/components/topology/search';
import { fitCapped } from '~/components/topology/viewport';

/** The search box's text, its match count, and what re-applies it when the graph changes under it. */
export function useTopologySearch(cy: RefObject<Core | null>) {
  const [search, setSearch] = useState('');
  const [matches, setMatches] = useState<number | null>(null);
  // The search typed so far, for re-applying it when the graph changes under it.
  const searchText = useRef('');
  const runSearch = (text: string) => {
    setSearch(text);
    searchText.current = text;
    if (cy.current)
      setMatches(text.trim() ? applySearch(cy.current, text) : (applySearch(cy.current, ''), null));
  };
  // A search typed before the data arrived, or standing while containers come
  // and go (live events), or across a view switch (a new instance): the
  // highlights and the count follow the graph instead of keeping the old one.
  const searchAgain = (instance: Core) => {
    if (searchText.current.trim()) setMatches(applySearch(instance, searchText.current));
  };
  const focusMatches = () => {
    const matched = cy.current?.nodes('.match');
    if (matched?.length && cy.current) fitCapped(cy.current, matched, 60);
  };
  return { search, matches, runSearch, searchAgain, focusMatches };
}
