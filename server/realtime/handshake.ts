import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { BOARD_ID_PATTERN, COLLAB_PATH } from '../../lib/collab-protocol';
import { verifyBoardToken, verifyDisplayToken } from '../auth/board-token';
import { resolveBoardAccess } from '../db/access';
import type { Db } from '../db/client';
import type { Board } from '../db/generated/sqlite/client';
import type { BoardAccess } from '../domain/permissions';
import { colorForUser } from '../domain/presence-colours';
import type { ConnectionIdentity } from './connection';

/**
 * Whether a projector's display link still works for a board (not revoked, not expired, its
 * facilitator still facilitating it). Given by the composition (server/board-realtime.ts), so
 * realtime/ does not depend on facilitation/.
 */
export type DisplayLinkCheck = (displayLinkId: string, boardId: string) => Promise<boolean>;
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

/**
 * A projector's socket speaks for a display link, never for a person: its identity's user and
 * session ids are the link's id behind this prefix (user ids are cuids, which have no colon).
 */
const DISPLAY_PREFIX = 'display:';
/** How a projector is named, should anything ever show it. */
export const PROJECTOR_NAME = 'Projector';

/** The display link a socket's identity speaks for, or null for a person. */
export function displayLinkIdOf(identity: Pick<ConnectionIdentity, 'userId'>): string | null {
  return identity.userId.startsWith(DISPLAY_PREFIX) ? identity.userId.slice(DISPLAY_PREFIX.length) : null;
}

/** Who an admitted upgrade is, what it may do, and whether it is a projector (no attendance, no session). */
export type Admission =
  | { ok: true; board: Board; identity: ConnectionIdentity; access: BoardAccess; display: boolean }
  | { ok: false; status: 401 | 404 };

/**
 * Checks an upgrade's token against the database, in the handshake's order: token (401) →
 * token's board = path (404) → session row live (401) → `resolveBoardAccess` (404). A display
 * token instead needs its display link live (not revoked, not expired, its facilitator still
 * facilitating this board: else 401) and only ever gets view access.
 */
export async function admitToken(db: Db, target: CollabRequest, isDisplayLinkLive: DisplayLinkCheck): Promise<Admission> {
  if (!target.token) return { ok: false, status: 401 };
  const claims = await verifyBoardToken(target.token);
  if (claims) {
    if (claims.boardId !== target.boardId) return { ok: false, status: 404 };
    const session = await db.session.findUnique({ where: { id: claims.sessionId }, select: { userId: true, expires: true } });
    if (!session || session.userId !== claims.userId || session.expires.getTime() <= Date.now()) return { ok: false, status: 401 };
    const resolved = await resolveBoardAccess(db, claims.userId, target.boardId);
    if (!resolved) return { ok: false, status: 404 };
    const identity = { userId: claims.userId, name: claims.name, role: resolved.role, sessionId: claims.sessionId, color: colorForUser(claims.userId) };
    return { ok: true, board: resolved.board, identity, access: resolved.access, display: false };
  }
  const display = await verifyDisplayToken(target.token);
  if (!display) return { ok: false, status: 401 };
  if (display.boardId !== target.boardId) return { ok: false, status: 404 };
  if (!(await isDisplayLinkLive(display.displayLinkId, target.boardId))) return { ok: false, status: 401 };
  const board = await db.board.findUnique({ where: { id: target.boardId } });
  if (!board) return { ok: false, status: 404 };
  const id = `${DISPLAY_PREFIX}${display.displayLinkId}`;
  // The role only ever labels presence, and a projector publishes none (see PresentView).
  const identity = { userId: id, name: PROJECTOR_NAME, role: 'facilitator' as const, sessionId: id, color: colorForUser(id) };
  return { ok: true, board, identity, access: 'view', display: true };
}

/**
 * The access an open socket has on its board now, or null when it must close: a person's from
 * their membership, a projector's from its display link (view, while the link works).
 */
export async function currentAccess(db: Db, identity: ConnectionIdentity, boardId: string, isDisplayLinkLive: DisplayLinkCheck): Promise<BoardAccess | null> {
  const displayLinkId = displayLinkIdOf(identity);
  if (displayLinkId !== null) return (await isDisplayLinkLive(displayLinkId, boardId)) ? 'view' : null;
  return (await resolveBoardAccess(db, identity.userId, boardId))?.access ?? null;
}
