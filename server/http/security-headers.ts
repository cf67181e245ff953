import crypto from 'node:crypto';

/** What the policy depends on: the app's public origins, whether it is served over https, dev mode. */
export interface PolicyContext {
  /** The app's own origin and any ALLOWED_ORIGINS (server/env.ts). */
  origins: string[];
  https: boolean;
  dev: boolean;
}

/** HSTS lifetime once a browser has seen the app over https, in seconds (one year). */
const HSTS_MAX_AGE_S = 365 * 24 * 60 * 60;

/** A fresh script nonce for one page answer (128 random bits). */
export function newNonce(): string {
  return crypto.randomBytes(16).toString('base64');
}

/** Each origin's WebSocket form (`http://a` → `ws://a`), for the board connection. */
function socketOrigins(origins: string[]): string[] {
  return origins.map((origin) => origin.replace(/^http/, 'ws'));
}

/**
 * The Content-Security-Policy of a page. Scripts run only with this answer's nonce (Next reads it
 * from the request's own CSP header and puts it on every script it writes); scripts those load
 * are trusted through 'strict-dynamic'. tldraw writes inline styles (a nonce would switch
 * 'unsafe-inline' off), draws pictures from data: and blob: URLs, embeds some fonts as data: URLs, and we serve its fonts and
 * icons ourselves under /tldraw/, so nothing is fetched from another host. The page talks only to
 * its own origin and the board's WebSocket. Next's development mode needs eval.
 */
export function pagePolicy(nonce: string, context: PolicyContext): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${context.dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${socketOrigins(context.origins).join(' ')}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (context.https) directives.push('upgrade-insecure-requests');
  return directives.join('; ');
}

/**
 * The policy of everything that is not a page (JSON, pictures, exports, posters): nothing in it
 * may run or load anything, even if a browser is tricked into showing it as a document.
 */
export const NON_PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Powerful browser features no page of ours uses; denied so an injected frame or script cannot ask for them. */
const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=()';

/** Headers every answer carries, whatever produced it. */
export function commonSecurityHeaders(context: PolicyContext): Record<string, string> {
  const headers: Record<string, string> = {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    'x-frame-options': 'DENY',
    'permissions-policy': PERMISSIONS_POLICY,
    'cross-origin-opener-policy': 'same-origin',
  };
  if (context.https) headers['strict-transport-security'] = `max-age=${HSTS_MAX_AGE_S}`;
  return headers;
}
