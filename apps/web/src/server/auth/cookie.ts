// The session cookie: httpOnly (no script reads it), SameSite=Strict (no
// cross-site request carries it, which also covers CSRF on mutations), Secure
// when the dashboard is reached over https.

export const SESSION_COOKIE = 'underlay_session';

/** Whether a request came over https (directly or behind a proxy that says so). */
export function isHttps(url: string, headers: Headers): boolean {
  const forwarded = headers.get('x-forwarded-proto')?.split(',')[0]?.trim();
  return (forwarded ?? new URL(url).protocol.replace(':', '')) === 'https';
}

/** `Set-Cookie` value that stores the session. */
export function sessionCookie({
  value,
  expiresAt,
  secure,
}: {
  value: string;
  expiresAt: number;
  secure: boolean;
}): string {
  const parts = [
    `${SESSION_COOKIE}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Expires=${new Date(expiresAt).toUTCString()}`,
  ];
  if (secure) parts.push('Secure');
  return parts.join('; ');
}

/** `Set-Cookie` value that removes it. */
export const clearedSessionCookie = (secure: boolean): string =>
  sessionCookie({ value: '', expiresAt: 0, secure });

/** Reads one cookie from a `Cookie` header. */
export function readCookie(header: string | null, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name)
      return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}
