'use client';

import dynamic from 'next/dynamic';

// The add/edit form (and zod's schemas it checks with, ~110 KB) loads when a
// form first opens, not with the Fleet page: the page draws the hosts sooner.
/** host-form.tsx's HostForm, loaded on first use. */
export const HostForm = dynamic(() => import('./host-form').then((m) => m.HostForm), {
  ssr: false,
  loading: () => <p className="text-sm text-slate-500">Loading the form…</p>,
});
