'use client';

import Link from 'next/link';

/**
 * Shown when a page fails unexpectedly. Kind and plain: no error details, which are in the
 * server log (the digest lets a facilitator quote the failure to whoever runs the server).
 */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main id="main" className="page">
      <h1>Sorry, something went wrong</h1>
      <p>This is a problem on our side, not something you did. Please try again in a moment.</p>
      <p>
        <button type="button" onClick={reset}>
          Try again
        </button>
      </p>
      <p>
        <Link href="/">Go to your home page</Link>
      </p>
      {error.digest ? <p className="field-hint">If you tell someone about this, quote this reference: {error.digest}</p> : null}
    </main>
  );
}
