import { PrismaAdapter } from '@next-auth/prisma-adapter';
import type { AuthOptions } from 'next-auth';
import EmailProvider from 'next-auth/providers/email';
import { db } from '../db/client';
import { appOrigin, env } from '../env';
import { log } from '../log';
import { normalizeEmail, sendSignInEmail, SIGN_IN_LINK_MAX_AGE_S } from './magic-link';

declare module 'next-auth' {
  interface Session {
    user: { id: string; name: string | null; email: string | null; isFacilitator: boolean };
  }
  interface User {
    isFacilitator?: boolean;
  }
}

/** How long a session lasts without use, in seconds; a programme runs for about three months. */
export const SESSION_MAX_AGE_S = 30 * 24 * 60 * 60;
/** How often an active session's expiry is pushed forward, in seconds. */
export const SESSION_UPDATE_AGE_S = 24 * 60 * 60;

/** Whether cookies get the `Secure` flag and `__Secure-` prefix (next-auth's rule: an https origin). */
export function secureCookies(): boolean {
  return appOrigin().startsWith('https://');
}

/** The session cookie's name, exactly as next-auth names it, so our invitation sign-in is a next-auth session. */
export function sessionCookieName(): string {
  return `${secureCookies() ? '__Secure-' : ''}next-auth.session-token`;
}

let cached: AuthOptions | undefined;

/**
 * The next-auth options: database sessions through the Prisma adapter, email sign-in links and
 * our own pages. Built on first use because the secret is generated at start-up (server/secrets.ts).
 */
export function authOptions(): AuthOptions {
  if (cached) return cached;
  const config = env();
  // next-auth builds its links from NEXTAUTH_URL; without it, it assumes port 3000. Fall back to
  // the app's own origin so links work on any port.
  process.env.NEXTAUTH_URL ??= appOrigin();
  cached = {
    secret: config.NEXTAUTH_SECRET,
    // Our generated client (server/db/generated/sqlite) has the same models as the adapter's
    // expected @prisma/client and the adapter only calls model methods, so the cast is safe.
    adapter: PrismaAdapter(db() as unknown as Parameters<typeof PrismaAdapter>[0]),
    session: { strategy: 'database', maxAge: SESSION_MAX_AGE_S, updateAge: SESSION_UPDATE_AGE_S },
    useSecureCookies: secureCookies(),
    providers: [
      EmailProvider({
        from: config.EMAIL_FROM,
        maxAge: SIGN_IN_LINK_MAX_AGE_S,
        normalizeIdentifier: normalizeEmail,
        async sendVerificationRequest({ identifier, url }) {
          await sendSignInEmail(identifier, url);
        },
      }),
    ],
    pages: {
      signIn: '/sign-in',
      verifyRequest: '/sign-in/check-email',
      error: '/sign-in/error',
      signOut: '/sign-out',
    },
    callbacks: {
      /**
       * Only people who already have an account (made by an invitation or create-facilitator)
       * may sign in by email. For anyone else we show the same "check your email" page and send
       * nothing, so the form does not reveal who has an account.
       */
      async signIn({ user, email }) {
        const address = user.email ? normalizeEmail(user.email) : null;
        const known = address ? await db().user.findUnique({ where: { email: address }, select: { id: true } }) : null;
        if (known) return true;
        return email?.verificationRequest ? `${appOrigin()}/sign-in/check-email` : false;
      },
      session({ session, user }) {
        session.user = {
          id: user.id,
          name: user.name ?? null,
          email: user.email ?? null,
          isFacilitator: user.isFacilitator === true,
        };
        return session;
      },
    },
    logger: {
      error(code, metadata) {
        log.error({ code, metadata }, 'next-auth error');
      },
      warn(code) {
        log.warn({ code }, 'next-auth warning');
      },
      debug() {},
    },
  };
  return cached;
}
