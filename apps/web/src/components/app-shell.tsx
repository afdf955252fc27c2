'use client';

import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import type { ReactNode } from 'react';
import { useTRPC } from '~/trpc/react';
import { useLiveEvents } from './live-events';
import { ToastProvider } from './toasts';

const NAV = [
  { href: '/fleet', label: 'Fleet' },
  { href: '/topology', label: 'Topology' },
  { href: '/networks', label: 'Networks' },
  { href: '/containers', label: 'Containers' },
  { href: '/matrix', label: 'Matrix' },
  { href: '/import', label: 'Import' },
  { href: '/events', label: 'Events' },
] as const;

/** Top bar with navigation, the live-feed indicator and logout (on a phone the nav wraps onto its own rows); toasts that survive navigation. */
export function AppShell({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const live = useLiveEvents();
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({ onSettled: () => window.location.assign('/login') }),
  );
  return (
    <div className="flex min-h-full flex-col">
      <header className="flex flex-wrap items-center gap-x-6 gap-y-2 border-b border-slate-200 bg-white px-4 py-2">
        <span className="font-semibold">underlay</span>
        <NavLinks />
        <span className="ml-auto text-xs text-slate-500" data-testid="live-status">
          {live.connected ? '● live' : '○ connecting to live feed…'}
        </span>
        <button
          type="button"
          onClick={() => logout.mutate()}
          className="rounded border border-slate-300 px-3 py-1 text-sm"
          data-testid="logout"
        >
          Log out
        </button>
      </header>
      <main className="min-w-0 flex-1 overflow-x-auto p-4">
        <ToastProvider>{children}</ToastProvider>
      </main>
    </div>
  );
}

/**
 * One link per page, the current one marked (aria-current) and dark. Each
 * page is prefetched when its link is pointed at or focused, not when the
 * bar is drawn: drawn, the bar asked the server to render all six other
 * pages (their fleet-wide reads included) while this one was starting.
 */
function NavLinks() {
  const pathname = usePathname();
  const router = useRouter();
  return (
    <nav
      className="order-last flex w-full flex-wrap gap-1 md:order-none md:w-auto"
      data-testid="nav"
    >
      {NAV.map((item) => {
        const current = pathname.startsWith(item.href);
        return (
          <Link
            key={item.href}
            href={item.href}
            prefetch={false}
            onMouseEnter={() => router.prefetch(item.href)}
            onFocus={() => router.prefetch(item.href)}
            aria-current={current ? 'page' : undefined}
            data-testid={`nav-${item.label.toLowerCase()}`}
            className={`rounded px-3 py-1 text-sm ${current ? 'bg-slate-900 text-white' : 'text-slate-700 hover:bg-slate-100'}`}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
