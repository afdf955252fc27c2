import { cookies } from 'next/headers';
import { services } from '../services';
import { SESSION_COOKIE } from './cookie';
import { findSession, unsealSessionId, type Session } from './sessions';

/** The session of the request being rendered (server components), or null. */
export async function pageSession(): Promise<Session | null> {
  // cookies() first: it marks the page dynamic, so `next build` never opens
  // the database (or generates the admin password) while prerendering.
  const jar = await cookies();
  const s = await services();
  const id = unsealSessionId(s.secret, jar.get(SESSION_COOKIE)?.value);
  return id ? findSession(s.db, id) : null;
}
