'use client';

import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { LoginSchema } from '~/lib/login-schema';
import { errorText } from '~/lib/client-errors';
import { useTRPC } from '~/trpc/react';

/** The password, its problem if any, and the login mutation. */
function useLogin() {
  const trpc = useTRPC();
  const [password, setPassword] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const login = useMutation(
    trpc.auth.login.mutationOptions({ onSuccess: () => window.location.assign('/fleet') }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = LoginSchema.safeParse({ password });
    setFieldError(parsed.success ? null : (parsed.error.issues[0]?.message ?? 'Invalid'));
    if (parsed.success) login.mutate(parsed.data);
  };
  const error = fieldError ?? (login.error ? errorText(login.error) : null);
  return { password, setPassword, submit, error, pending: login.isPending };
}

/** Password form; a full page load after success so the new cookie is used everywhere. */
export function LoginForm() {
  const { password, setPassword, submit, error, pending } = useLogin();
  return (
    <form onSubmit={submit} className="space-y-3" data-testid="login-form">
      <label className="block text-sm font-medium" htmlFor="password">
        Password
      </label>
      <input
        id="password"
        type="password"
        autoComplete="current-password"
        autoFocus
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        className="w-full rounded border border-slate-300 px-3 py-2"
        data-testid="login-password"
      />
      {error && (
        <p className="text-sm text-red-700" role="alert" data-testid="login-error">
          {error}
        </p>
      )}
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded bg-slate-900 px-3 py-2 text-white disabled:opacity-50"
        data-testid="login-submit"
      >
        {pending ? 'Logging in…' : 'Log in'}
      </button>
    </form>
  );
}
