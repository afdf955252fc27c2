import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { AppShell } from '~/components/app-shell';
import { LiveEvents } from '~/components/live-events';
import { pageSession } from '~/server/auth/page-session';

/** Every dashboard page: the session is checked on the server before anything renders. */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  if (!(await pageSession())) redirect('/login');
  return (
    <LiveEvents>
      <AppShell>{children}</AppShell>
    </LiveEvents>
  );
}
