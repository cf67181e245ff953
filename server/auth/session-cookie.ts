import crypto from 'node:crypto';
import { cookies } from 'next/headers';
import type { Db } from '../db/client';
import { SESSION_MAX_AGE_S, sessionCookieName, secureCookies } from './options';

/** A new next-auth database session for `userId` (the row only; see setSessionCookie). */
export async function createSessionRow(db: Pick<Db, 'session'>, userId: string): Promise<{ sessionToken: string; expires: Date }> {
  const sessionToken = crypto.randomBytes(32).toString('hex');
  const expires = new Date(Date.now() + SESSION_MAX_AGE_S * 1000);
  await db.session.create({ data: { sessionToken, userId, expires } });
  return { sessionToken, expires };
}

/**
 * Sets the session cookie exactly as next-auth does (name, HttpOnly, SameSite=Lax, Secure on
 * https), so next-auth reads a session we created as its own. Server actions and route handlers only.
 */
export async function setSessionCookie(sessionToken: string, expires: Date): Promise<void> {
  (await cookies()).set(sessionCookieName(), sessionToken, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: secureCookies(),
    expires,
  });
}

/** Signs the current browser out: deletes its session row and its cookie. */
export async function endCurrentSession(db: Db): Promise<void> {
  const jar = await cookies();
  const name = sessionCookieName();
  const token = jar.get(name)?.value;
  if (token) await db.session.deleteMany({ where: { sessionToken: token } });
  jar.delete({ name, path: '/', secure: secureCookies(), httpOnly: true, sameSite: 'lax' });
}
