import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { ForgetBoardCopies } from '@/components/auth/ForgetBoardCopies';
import { SignInForm } from '@/components/auth/SignInForm';
import { safeCallbackPath } from '@/server/auth/magic-link';
import { getCurrentUser } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Sign in' };

type Props = { searchParams: Promise<{ callbackUrl?: string | string[]; signedOut?: string }> };

/** Sign in with an emailed link. Someone already signed in goes straight on. */
export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(Array.isArray(params.callbackUrl) ? params.callbackUrl[0] : params.callbackUrl);
  if (await getCurrentUser()) redirect(callbackUrl);
  return (
    <main className="page" style={{ maxWidth: '40rem' }}>
      <h1>Sign in to Together Board</h1>
      {params.signedOut && (
        <>
          <p className="notice ok" role="status">
            You have signed out.
          </p>
          <ForgetBoardCopies />
        </>
      )}
      <div className="card">
        <p>Enter your email address and we will email you a link to sign in. There is no password to remember.</p>
        <SignInForm callbackUrl={callbackUrl} />
      </div>
      <h2>Joining for the first time?</h2>
      <p>Open the invitation link, or scan the QR code, that your facilitator gave you. You do not need to sign in first.</p>
    </main>
  );
}
