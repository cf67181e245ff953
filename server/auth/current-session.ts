import { cookies } from 'next/headers';
import { db as defaultDb, type Db } from '../db/client';
import { sessionCookieName } from './options';

/** The signed-in person together with the next-auth session row they are signed in with. */
export interface CurrentSession {
  sessionId: string;
  user: { id: string; name: string | null; email: string | null };
}

/**
 * The live session behind a next-auth session token, or null when it is unknown or expired.
 * Board tokens carry its id so the realtime server can close sockets when it ends.
 */
export async function findLiveSession(db: Db, sessionToken: string): Promise<CurrentSession | null> {
  const session = await db.session.findUnique({
    where: { sessionToken },
    select: { id: true, expires: true, user: { select: { id: true, name: true, email: true } } },
  });
  if (!session || session.expires.getTime() <= Date.now()) return null;
  return { sessionId: session.id, user: session.user };
}

/** The current request's session (from next-auth's session cookie), or null. Route handlers and server components only. */
export async function getCurrentSession(db: Db = defaultDb()): Promise<CurrentSession | null> {
  const token = (await cookies()).get(sessionCookieName())?.value;
  if (!token) return null;
  return findLiveSession(db, token);
}
