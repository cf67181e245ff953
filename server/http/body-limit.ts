import type { IncomingMessage } from 'node:http';
import { imageTooLargeMessage, MAX_EDITION_IMAGE_BYTES, MAX_THUMBNAIL_BYTES, MAX_UPLOAD_BYTES } from '../murals/images';

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

/** How much body a route takes, and what its refusal says. */
export interface BodyLimit {
  bytes: number;
  /** The refusal (413), given the declared length when there is one. */
  message(declaredBytes?: number): string;
}

const TOO_LARGE = 'That request is too large, so it was refused.';

/** The body limit of a request to `pathname`. */
export function bodyLimitFor(pathname: string): BodyLimit {
  const upload = UPLOAD_ROUTES.find((route) => route.pattern.test(pathname));
  // The same words as the upload's own size check (server/murals/images.ts).
  if (upload) return { bytes: upload.maxBytes + MULTIPART_SLACK_BYTES, message: (declared) => imageTooLargeMessage(upload.maxBytes, declared) };
  return { bytes: pathname.startsWith('/api/auth/') ? AUTH_BODY_LIMIT_BYTES : DEFAULT_BODY_LIMIT_BYTES, message: () => TOO_LARGE };
}

/** The body length a request declares (Content-Length), or undefined for a chunked body. */
export function declaredBodyBytes(req: IncomingMessage): number | undefined {
  const declared = req.headers['content-length'];
  return declared === undefined ? undefined : Number(declared);
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
