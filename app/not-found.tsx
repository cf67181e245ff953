import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Page not found' };

/** 404: the same page whether something does not exist or the person may not see it. */
export default function NotFound() {
  return (
    <main id="main" className="page">
      <h1>Page not found</h1>
      <p>We could not find that page. The link may be wrong, or it may be for a cohort you are not part of.</p>
      <p>
        <Link href="/">Go to your home page</Link>
      </p>
    </main>
  );
}
