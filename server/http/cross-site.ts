import type { IncomingMessage } from 'node:http';

/** Methods that never change anything (RFC 9110 safe methods): open to links from anywhere. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a request that could change something came from a page on another origin. A browser
 * names the page's origin in `Origin` on every such request (`null` when it hides it, which we
 * refuse); `Sec-Fetch-Site` is the fallback for one that does not. SameSite=Lax cookies do not
 * stop another port or a sibling subdomain, which count as the same site. A request with
 * neither header does not come from a browser page, so it carries no one else's cookie.
 */
export function isCrossSiteWrite(req: IncomingMessage, allowedOrigins: ReadonlySet<string>): boolean {
  if (SAFE_METHODS.has(req.method ?? 'GET')) return false;
  const origin = req.headers.origin;
  if (origin !== undefined) return !allowedOrigins.has(origin);
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined) return site !== 'same-origin' && site !== 'none';
  return false;
}
