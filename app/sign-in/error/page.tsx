import Link from 'next/link';
import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'Could not sign in' };

type Props = { searchParams: Promise<{ error?: string | string[] }> };

/** next-auth's error codes, in plain words. Anything unexpected gets the general message. */
const MESSAGES: Record<string, string> = {
  Verification: 'This sign-in link has already been used, or it is more than 24 hours old. Each link works once. Ask for a new one below.',
  AccessDenied: 'We could not sign you in with that email address. If you were invited, open your invitation link instead, or ask your facilitator.',
  EmailSignin: 'We could not send the sign-in email. Please check the address and try again.',
};
const GENERAL = 'Something went wrong while signing you in. Please try again.';

/** Shown when a sign-in link does not work. */
export default async function SignInErrorPage({ searchParams }: Props) {
  const { error } = await searchParams;
  const code = Array.isArray(error) ? error[0] : error;
  return (
    <main className="page" style={{ maxWidth: '40rem' }}>
      <h1>We could not sign you in</h1>
      <div className="card">
        <p>{(code && MESSAGES[code]) || GENERAL}</p>
        <p>
          <Link className="button" href="/sign-in">
            Get a new sign-in link
          </Link>
        </p>
      </div>
    </main>
  );
}
