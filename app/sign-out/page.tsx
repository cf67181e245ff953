import Link from 'next/link';
import type { Metadata } from 'next';
import { SignOutButton } from '@/components/auth/SignOutButton';
import { getCurrentUser } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Sign out' };

/** Sign out (next-auth's own sign-out page sends people here too). */
export default async function SignOutPage() {
  const user = await getCurrentUser();
  return (
    <main className="page" style={{ maxWidth: '40rem' }}>
      <h1>Sign out</h1>
      <div className="card">
        {user ? (
          <>
            <p>You are signed in as {user.name ?? user.email}. Signing out on a shared computer keeps your boards private.</p>
            <SignOutButton />
          </>
        ) : (
          <p>
            You are signed out. <Link href="/sign-in">Sign in</Link>
          </p>
        )}
      </div>
    </main>
  );
}
