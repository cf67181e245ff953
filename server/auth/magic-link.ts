import crypto from 'node:crypto';
import type { Db } from '../db/client';
import { appOrigin, env } from '../env';
import { log } from '../log';
import { hasSmtp, sendEmail } from './mailer';
import { SendThrottle } from './sign-in-throttle';

let signInEmails: SendThrottle | undefined;

/** How long an emailed sign-in link works, in seconds (next-auth's default, stated once here). */
export const SIGN_IN_LINK_MAX_AGE_S = 24 * 60 * 60;

/** Lower-cases and trims an email address, as next-auth does before it stores a link. */
export function normalizeEmail(value: string): string {
  return value.normalize('NFKC').trim().toLowerCase();
}

/**
 * A same-site path to return to after signing in, or `/`. Anything that could leave the site
 * (`https://…`, `//host`, `/\host`) becomes `/`, so a crafted link cannot send people elsewhere.
 */
export function safeCallbackPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/')) return '/';
  if (value.startsWith('//') || value.startsWith('/\\')) return '/';
  return value;
}

/** The hash next-auth stores for an email token: sha256(token + secret), hex. */
export function hashVerificationToken(token: string, secret = env().NEXTAUTH_SECRET): string {
  return crypto.createHash('sha256').update(`${token}${secret}`).digest('hex');
}

/**
 * Creates a one-time sign-in link for `email` the same way next-auth's email provider does, so
 * next-auth's own callback (`/api/auth/callback/email`) signs the person in. Used by the sign-in
 * form, the start-up help and `npm run create-facilitator`.
 */
export async function createSignInLink(db: Db, email: string, callbackPath = '/', origin = appOrigin()): Promise<string> {
  const identifier = normalizeEmail(email);
  const token = crypto.randomBytes(32).toString('hex');
  await db.verificationToken.create({
    data: {
      identifier,
      token: hashVerificationToken(token),
      expires: new Date(Date.now() + SIGN_IN_LINK_MAX_AGE_S * 1000),
    },
  });
  const params = new URLSearchParams({ callbackUrl: `${origin}${safeCallbackPath(callbackPath)}`, token, email: identifier });
  return `${origin}/api/auth/callback/email?${params}`;
}

/** The sign-in email, in plain UK English. */
export function signInEmailText(url: string): { subject: string; text: string } {
  return {
    subject: 'Your link to sign in to Together Board',
    text: [
      'Hello,',
      '',
      'Here is your link to sign in to Together Board:',
      '',
      url,
      '',
      'The link works once, for the next 24 hours.',
      '',
      'If you did not ask to sign in, you can ignore this email. Nobody can sign in without the link.',
      '',
      'Together Board',
    ].join('\n'),
  };
}

/**
 * Sends a sign-in link by email. Without SMTP the email goes to the outbox and the link is
 * printed in the server log, because the person running the laptop is the only one who can
 * pass it on. With SMTP the link is never logged. One address gets at most a few emails in
 * 15 minutes (sign-in-throttle.ts).
 */
export async function sendSignInEmail(to: string, url: string): Promise<void> {
  signInEmails ??= new SendThrottle(env().SIGN_IN_EMAILS_PER_15_MIN);
  if (!(await signInEmails.allowSend(normalizeEmail(to)))) {
    // The page says "check your email" as always; the earlier links in the inbox still work.
    log.warn({ to }, 'Sign-in email not sent: too many asked for this address in the last 15 minutes');
    return;
  }
  const { outboxFile } = await sendEmail({ to, ...signInEmailText(url) });
  if (!hasSmtp()) log.info({ to, outboxFile, signInLink: url }, `Sign-in link for ${to}: ${url}`);
}

/**
 * Emails a sign-in link to `email` if someone with that address has an account; otherwise
 * does nothing. The caller shows the same "check your email" page either way, so the form
 * cannot be used to find out who has an account.
 */
export async function requestSignInLink(db: Db, email: string, callbackPath = '/'): Promise<void> {
  const identifier = normalizeEmail(email);
  const user = await db.user.findUnique({ where: { email: identifier }, select: { id: true } });
  if (!user) {
    log.info('Sign-in requested for an address with no account; no email sent');
    return;
  }
  await sendSignInEmail(identifier, await createSignInLink(db, identifier, callbackPath));
}
