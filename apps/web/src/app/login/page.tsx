import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { pageSession } from '~/server/auth/page-session';
import { LoginForm } from './login-form';

/** The tab's title: `Log in · underlay`. */
export const metadata: Metadata = { title: 'Log in' };

/** The only page shown before login. */
export default async function LoginPage() {
  if (await pageSession()) redirect('/fleet');
  return (
    <main className="flex min-h-full items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="mb-1 text-xl font-semibold">underlay</h1>
        <p className="mb-4 text-sm text-slate-500">
          Log in with the admin password (set by UNDERLAY_ADMIN_PASSWORD, or printed at first
          start).
        </p>
        <LoginForm />
      </div>
    </main>
  );
}
