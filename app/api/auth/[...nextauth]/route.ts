import NextAuth from 'next-auth';
import { authOptions } from '@/server/auth/options';
import { jsonResponse } from '@/server/http/responses';

export const dynamic = 'force-dynamic';

type RouteContext = { params: Promise<{ nextauth: string[] }> };

/** next-auth's endpoints (email callback, session, CSRF, sign-out), built on first request. */
async function handler(request: Request, context: RouteContext): Promise<Response> {
  return NextAuth(authOptions())(request, context);
}

/**
 * next-auth's own "email me a link" endpoint is closed: it answered an enrolled address
 * differently from an unknown one. People ask for links on /sign-in, whose answer is the same
 * for every address; the emailed links still land on next-auth's callback.
 */
async function post(request: Request, context: RouteContext): Promise<Response> {
  const [action] = (await context.params).nextauth;
  if (action === 'signin') return jsonResponse({ error: 'Ask for a sign-in link on the sign-in page: /sign-in.' }, 404);
  return handler(request, context);
}

export { handler as GET, post as POST };
