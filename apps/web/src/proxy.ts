import { NextResponse, type NextRequest } from 'next/server';
import { SESSION_COOKIE } from './server/auth/cookie';

// The optimistic check: no session cookie, no page. The real check (signature,
// expiry, server-side lookup) runs in the dashboard layout and in every tRPC
// procedure; this only saves rendering for visitors who never logged in.

/** Sends cookie-less visitors to /login. */
export function proxy(request: NextRequest) {
  if (request.cookies.has(SESSION_COOKIE)) return NextResponse.next();
  const login = new URL('/login', request.url);
  return NextResponse.redirect(login);
}

export const config = {
  matcher: ['/((?!login|api/|bench|_next/static|_next/image|favicon.ico).*)'],
};
