import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { COLLAB_PATH } from '../../lib/collab-protocol';

/**
 * Board ids are cuids (lower-case letters and digits). The pattern is deliberately narrow:
 * percent-encoding, extra slashes, dots and other characters never reach the database, so a
 * variant of one board's id can never name another board.
 */
const BOARD_ID_PATTERN = /^[a-z0-9_-]{1,64}$/;
const TOKEN_PATTERN = /^[A-Za-z0-9_.-]{1,4096}$/;

/** What an upgrade request asks for, parsed strictly. */
export interface CollabRequest {
  boardId: string;
  token: string | null;
}

/** Parses `/collab/<boardId>?token=...`; null for anything else (answered 404). */
export function parseCollabUrl(rawUrl: string | undefined): CollabRequest | null {
  if (!rawUrl) return null;
  const queryStart = rawUrl.indexOf('?');
  const path = queryStart === -1 ? rawUrl : rawUrl.slice(0, queryStart);
  const prefix = `${COLLAB_PATH}/`;
  if (!path.startsWith(prefix)) return null;
  const boardId = path.slice(prefix.length);
  if (!BOARD_ID_PATTERN.test(boardId)) return null;
  const params = new URLSearchParams(queryStart === -1 ? '' : rawUrl.slice(queryStart + 1));
  const tokens = params.getAll('token');
  if (tokens.length > 1) return null;
  const token = tokens[0] ?? null;
  return { boardId, token: token !== null && TOKEN_PATTERN.test(token) ? token : null };
}

/** Whether the request's Origin header is one of `allowed` (a missing Origin is not). */
export function checkOrigin(req: IncomingMessage, allowed: ReadonlySet<string>): boolean {
  const origin = req.headers.origin;
  return typeof origin === 'string' && allowed.has(origin);
}

const STATUS_TEXT: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Answers a refused upgrade with a plain HTTP status and closes the socket: no WebSocket, no document. */
export function refuseUpgrade(socket: Duplex, status: keyof typeof STATUS_TEXT): void {
  if (socket.destroyed || socket.writableEnded) return;
  const body = STATUS_TEXT[status];
  socket.end(
    `HTTP/1.1 ${status} ${body}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      'Cache-Control: no-store\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    () => socket.destroy(),
  );
}
