'use client';

import { useEffect, useState } from 'react';

/**
 * Signs out with a POST to next-auth, which needs its CSRF token. The token is fetched when
 * the page loads; without JavaScript (or before it arrives) next-auth shows its own
 * "Are you sure?" sign-out page instead, so the button always works.
 */
export function SignOutButton() {
  const [csrfToken, setCsrfToken] = useState('');
  useEffect(() => {
    let cancelled = false;
    fetch('/api/auth/csrf', { credentials: 'same-origin' })
      .then((response) => (response.ok ? (response.json() as Promise<{ csrfToken?: string }>) : null))
      .then((body) => {
        if (!cancelled && body?.csrfToken) setCsrfToken(body.csrfToken);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, []);
  return (
    <form method="post" action="/api/auth/signout">
      <input type="hidden" name="csrfToken" value={csrfToken} />
      <input type="hidden" name="callbackUrl" value="/sign-in" />
      <button type="submit" className="secondary">
        Sign out
      </button>
    </form>
  );
}
