import { getServerSession } from 'next-auth/next';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { cache } from 'react';
import { AppError } from '../errors';
import { safeCallbackPath } from './magic-link';
import { authOptions } from './options';

/** The signed-in person, as pages and actions see them. */
export type CurrentUser = { id: string; name: string | null; email: string | null; isFacilitator: boolean };

/**
 * The signed-in person for this request, or null. Cached per request so a page and its
 * layout share one database read.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  // A session belongs to a request: never let a page that asks be prerendered at build time
  // (where there is no request, and no secret either).
  await connection();
  const session = await getServerSession(authOptions());
  const user = session?.user;
  if (!user?.id) return null;
  return { id: user.id, name: user.name ?? null, email: user.email ?? null, isFacilitator: user.isFacilitator === true };
});

/** For pages: the signed-in person, or a redirect to sign in and come back to `callbackPath`. */
export async function requireUser(callbackPath = '/'): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (user) return user;
  redirect(`/sign-in?${new URLSearchParams({ callbackUrl: safeCallbackPath(callbackPath) })}`);
}

/** For route handlers and server actions: the signed-in person, or AppError('unauthenticated'). */
export async function requireApiUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (user) return user;
  throw new AppError('unauthenticated', 'Please sign in first.');
}
