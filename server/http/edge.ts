import type { IncomingMessage, ServerResponse } from 'node:http';
import { allowedOrigins, appOrigin } from '../env';
import { log } from '../log';
import { bodyLimitFor, countBodyBytes, declaredBodyBytes } from './body-limit';
import { isCrossSiteWrite } from './cross-site';
import { commonSecurityHeaders, newNonce, NON_PAGE_POLICY, pagePolicy, type PolicyContext } from './security-headers';

/** How long a refused connection stays open after its answer, in milliseconds (see `refuse`). */
const LINGER_MS = 2_000;

/** Answers that are not pages: JSON routes, pictures, exports, next-auth. */
function isPagePath(pathname: string): boolean {
  return !pathname.startsWith('/api/') && !/^\/share\/[^/]+\/image$/.test(pathname);
}

/**
 * Answers a request here, as JSON, without reading the rest of its body. The connection is not
 * closed at once: closing with the client's bytes unread resets it, and a client still sending
 * would lose the answer. It stays open for LINGER_MS while what still arrives is discarded.
 */
function refuse(req: IncomingMessage, res: ServerResponse, status: 403 | 413, message: string): void {
  if (res.headersSent) {
    req.socket.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ error: message }), () => {
    req.resume();
    setTimeout(() => req.socket.destroy(), LINGER_MS).unref();
  });
}

const CROSS_SITE_MESSAGE =
  'This request came from another website, so it was refused. Open Together Board at its own address and try again.';

/** The HTTP edge, created once per server: every request passes through it before Next sees it. */
export function createHttpEdge(options: { dev: boolean }) {
  const origins = allowedOrigins();
  const context: PolicyContext = { origins: [...origins], https: appOrigin().startsWith('https://'), dev: options.dev };
  const common = Object.entries(commonSecurityHeaders(context));

  /**
   * Sets the security headers, then refuses cross-site writes (403) and oversize bodies (413,
   * counted while they stream, chunked or not). Returns true when it answered the request itself.
   */
  return function guard(req: IncomingMessage, res: ServerResponse): boolean {
    const pathname = new URL(req.url ?? '/', 'http://edge.invalid').pathname;
    for (const [name, value] of common) res.setHeader(name, value);
    if (isPagePath(pathname)) {
      const policy = pagePolicy(newNonce(), context);
      res.setHeader('content-security-policy', policy);
      // Next reads the nonce from the request's own policy and puts it on every script it writes.
      req.headers['content-security-policy'] = policy;
    } else {
      res.setHeader('content-security-policy', NON_PAGE_POLICY);
      delete req.headers['content-security-policy'];
    }

    if (isCrossSiteWrite(req, origins)) {
      log.warn({ method: req.method, path: pathname, origin: req.headers.origin, site: req.headers['sec-fetch-site'] }, 'cross-site request refused');
      refuse(req, res, 403, CROSS_SITE_MESSAGE);
      return true;
    }
    const limit = bodyLimitFor(pathname);
    const declared = declaredBodyBytes(req);
    if (declared !== undefined && declared > limit.bytes) {
      refuse(req, res, 413, limit.message(declared));
      return true;
    }
    countBodyBytes(req, limit.bytes, () => {
      log.warn({ method: req.method, path: pathname, limit: limit.bytes }, 'request body over its limit refused');
      refuse(req, res, 413, limit.message());
    });
    return false;
  };
}
