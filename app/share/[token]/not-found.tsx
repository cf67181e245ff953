import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'This link no longer works', robots: { index: false, follow: false } };

/**
 * A share link that was switched off (or never worked). Its visitor is signed out and was given
 * the link by someone: they are told what happened, not that it "may be for a cohort".
 */
export default function ShareLinkNotFound() {
  return (
    <main id="main" className="page">
      <h1>This link no longer works</h1>
      <p>The person who shared this mural has switched the link off, or the link is not complete. Ask them for a new link.</p>
    </main>
  );
}
