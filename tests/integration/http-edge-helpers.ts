import crypto from 'node:crypto';
import http from 'node:http';
import type { Db } from '../../server/db/client';

/** One HTTP answer, read whole (answers are small; request bodies are what these tests make large). */
export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Request body bytes written before the answer came (or the connection closed). */
  bytesSent: number;
}

const CHUNK = Buffer.alloc(64 * 1024, 0x61);

/**
 * Sends `totalBytes` of body as fast as the server takes it, chunked (no Content-Length) unless
 * `contentLength` is given, and stops writing as soon as an answer arrives. A server that refuses
 * early answers after a few kilobytes; one that reads everything answers after all of it.
 */
export function sendLargeBody(url: string, options: { method?: string; headers?: Record<string, string>; totalBytes: number; contentLength?: number; prefix?: Buffer }): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    let bytesSent = 0;
    let answered = false;
    const headers: Record<string, string> = { ...options.headers };
    if (options.contentLength !== undefined) headers['content-length'] = String(options.contentLength);
    const request = http.request(url, { method: options.method ?? 'POST', headers });
    request.on('response', (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8'), bytesSent });
        request.destroy();
      });
      response.on('error', reject);
    });
    request.on('error', (error) => {
      if (!answered) reject(new Error(`no answer after ${bytesSent} bytes: ${error.message}`));
    });
    const write = () => {
      if (options.prefix && bytesSent === 0) {
        request.write(options.prefix);
        bytesSent += options.prefix.byteLength;
      }
      while (!answered && !request.destroyed && bytesSent < options.totalBytes) {
        bytesSent += CHUNK.byteLength;
        if (!request.write(CHUNK)) {
          request.once('drain', write);
          return;
        }
      }
      if (!answered && !request.destroyed) request.end();
    };
    // Without an explicit Content-Length Node sends the body chunked.
    write();
  });
}

/** A signed-in browser's session: a next-auth database session row and its cookie header. */
export async function sessionCookieFor(db: Db, userId: string): Promise<string> {
  const sessionToken = crypto.randomBytes(32).toString('hex');
  await db.session.create({ data: { sessionToken, userId, expires: new Date(Date.now() + 24 * 60 * 60 * 1000) } });
  return `next-auth.session-token=${sessionToken}`;
}

/** A one-pixel PNG, as a browser would upload it in a multipart form. */
export function multipartPicture(field: string, extra: Record<string, string> = {}): { body: Uint8Array<ArrayBuffer>; contentType: string } {
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
  const boundary = `----together${crypto.randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(extra)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="dot.png"\r\nContent-Type: image/png\r\n\r\n`), png, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { body: new Uint8Array(Buffer.concat(parts)), contentType: `multipart/form-data; boundary=${boundary}` };
}
