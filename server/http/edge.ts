import type { IncomingMessage, ServerResponse } from 'node:http';
import { allowedOrigins, appOrigin } from '../env';
import { log } from '../log';
import { bodyLimitFor, countBodyBytes, declaredBodyBytes } from './body-limit';
import { isCrossSiteWrite } from './cross-site';
import { commonSecurityHeaders, newNonce, NON_PAGE_POLICY, pagePolicy, type PolicyContext } from './security-headers';

/** How long a refused connection stays half-open after its answer, in milliseconds (see `refuse`). */
const LINGER_MS = 2_000;

/** Answers that are not pages: JSON routes, pictures, exports, next-auth. */
function isPagePath(pathname: string): boolean {
  return !pathname.startsWith('/api/') && !/^\/share\/[^/]+\/image$/.test(pathname);
}

/**
 * Answers a request here, as JSON, without reading the rest of its body, and closes the
 * connection so no client reuses it. A lingering close, as web servers do: Node would destroy
 * the socket as soon as the answer is sent, which resets a connection whose client is still
 * sending, and that client loses the answer. So only our side is closed; what still arrives is
 * discarded (never kept), and the socket is destroyed after LINGER_MS.
 */
function refuse(req: IncomingMessage, res: ServerResponse, status: 403 | 413, message: string): void {
  const socket = req.socket;
  if (res.headersSent) {
    socket.destroy();
    return;
  }
  socket.destroySoon = () => {
    socket.end();
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  };
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', connection: 'close' });
  res.end(JSON.stringify({ error: message }), () => req.resume());
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
