import type { IncomingMessage } from 'node:http';
import { MAX_EDITION_IMAGE_BYTES, MAX_THUMBNAIL_BYTES, MAX_UPLOAD_BYTES } from '../murals/images';

const KB = 1024;
/** Multipart framing (boundaries, part headers, a title field) around the picture itself. */
const MULTIPART_SLACK_BYTES = 64 * KB;
/** next-auth's forms: an address, a CSRF token and a return path. */
export const AUTH_BODY_LIMIT_BYTES = 8 * KB;
/**
 * Every other body: JSON commands, version names, and the app's forms (server actions). The
 * largest, accepting 200 suggested pairs, is about 15 KB.
 */
export const DEFAULT_BODY_LIMIT_BYTES = 64 * KB;

/** Routes that take a picture, and the documented limit of each (server/murals/images.ts). */
const UPLOAD_ROUTES: { pattern: RegExp; maxBytes: number }[] = [
  { pattern: /^\/api\/boards\/[^/]+\/assets$/, maxBytes: MAX_UPLOAD_BYTES },
  { pattern: /^\/api\/boards\/[^/]+\/editions$/, maxBytes: MAX_EDITION_IMAGE_BYTES },
  { pattern: /^\/api\/boards\/[^/]+\/thumbnail$/, maxBytes: MAX_THUMBNAIL_BYTES },
];

/** The most bytes of body a request to `pathname` may carry. */
export function bodyLimitFor(pathname: string): number {
  const upload = UPLOAD_ROUTES.find((route) => route.pattern.test(pathname));
  if (upload) return upload.maxBytes + MULTIPART_SLACK_BYTES;
  if (pathname.startsWith('/api/auth/')) return AUTH_BODY_LIMIT_BYTES;
  return DEFAULT_BODY_LIMIT_BYTES;
}

/** Whether the request declares a body longer than `limit` (Content-Length); chunked bodies declare none. */
export function declaresTooMuch(req: IncomingMessage, limit: number): boolean {
  const declared = req.headers['content-length'];
  return declared !== undefined && Number(declared) > limit;
}

/**
 * Counts a request's body bytes as Node's HTTP parser hands them over, before anyone reads them,
 * and calls `onOverflow` once, without passing on the chunk, as soon as more than `limit` bytes
 * arrived. Whoever reads the body (Next, a route) then never holds more than `limit` bytes,
 * chunked or not. The parser hands a body to its request through `push`, so that is where we count.
 */
export function countBodyBytes(req: IncomingMessage, limit: number, onOverflow: () => void): void {
  let received = 0;
  let overflowed = false;
  const push = req.push.bind(req);
  req.push = (chunk: unknown, encoding?: BufferEncoding): boolean => {
    if (overflowed) return false;
    if (chunk !== null && chunk !== undefined) {
      received += (chunk as Uint8Array).byteLength;
      if (received > limit) {
        overflowed = true;
        onOverflow();
        return false;
      }
    }
    return push(chunk, encoding);
  };
}
