import { jwtVerify, SignJWT, errors as joseErrors } from 'jose';
import { z } from 'zod';
import type { BoardTokenResponse } from '../../lib/collab-protocol';
import type { Db } from '../db/client';
import { requireBoardAccess } from '../db/access';
import { notFound } from '../errors';
import { resolveDisplayLink } from '../facilitation/display-links';
import type { BoardAccess } from '../domain/permissions';
import { MEMBER_ROLES, type MemberRole } from '../domain/roles';
import { env } from '../env';
import type { CurrentSession } from './current-session';

/** How long a board token opens sockets: long enough for a page load, short enough that a leaked URL dies quickly. */
export const BOARD_TOKEN_TTL_MS = 10 * 60 * 1000;

const ISSUER = 'together-board';
const AUDIENCE = 'together-board/collab';
/**
 * Display tokens have their own audience, so neither verifier ever accepts the other kind: a
 * projector's token can never pass for a person's, whatever its claims say.
 */
const DISPLAY_AUDIENCE = 'together-board/collab-display';
const ALGORITHM = 'HS256';

/** What a board token vouches for; checked again against the database at the handshake. */
export interface BoardTokenClaims {
  userId: string;
  boardId: string;
  access: BoardAccess;
  name: string;
  role: MemberRole;
  sessionId: string;
}

const PayloadSchema = z.object({
  sub: z.string().min(1),
  bid: z.string().min(1),
  acc: z.enum(['edit', 'view']),
  name: z.string(),
  role: z.enum(MEMBER_ROLES),
  sid: z.string().min(1),
});

function secretKey(): Uint8Array {
  return new TextEncoder().encode(env().BOARD_TOKEN_SECRET);
}

/** Signs a short-lived token that lets one person open one board's socket. */
export async function issueBoardToken(
  claims: BoardTokenClaims,
  now = Date.now(),
): Promise<{ token: string; expiresAt: Date }> {
  const expiresAt = new Date(now + BOARD_TOKEN_TTL_MS);
  const token = await new SignJWT({
    bid: claims.boardId,
    acc: claims.access,
    name: claims.name,
    role: claims.role,
    sid: claims.sessionId,
  })
    .setProtectedHeader({ alg: ALGORITHM })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(Math.floor(now / 1000))
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(secretKey());
  return { token, expiresAt };
}

/** Verifies a board token's signature, expiry and claims; null for anything not valid. */
export async function verifyBoardToken(token: string): Promise<BoardTokenClaims | null> {
  try {
    const { payload } = await jwtVerify(token, secretKey(), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: [ALGORITHM],
      requiredClaims: ['exp', 'sub'],
    });
    const parsed = PayloadSchema.safeParse(payload);
    if (!parsed.success) return null;
    const p = parsed.data;
    return { userId: p.sub, boardId: p.bid, access: p.acc, name: p.name, role: p.role, sessionId: p.sid };
  } catch (error) {
    if (error instanceof joseErrors.JOSEError) return null;
    throw error;
  }
}

/**
 * What GET /api/boards/<id>/token answers: a token for the board with the access the database
 * gives this person now. Throws not-found (404) for a board they may not see.
 */
export async function grantBoardToken(db: Db, session: CurrentSession, boardId: string): Promise<BoardTokenResponse> {
  const { role, access } = await requireBoardAccess(db, session.user.id, boardId);
  const name = session.user.name?.trim() || session.user.email?.split('@')[0] || 'Someone';
  const { token, expiresAt } = await issueBoardToken({ userId: session.user.id, boardId, access, name, role, sessionId: session.sessionId });
  return { token, access, expiresAt: expiresAt.toISOString() };
}

/** What a projector's display token vouches for: one display link showing one board, view only. */
export interface DisplayTokenClaims {
  displayLinkId: string;
  boardId: string;
}

const DisplayPayloadSchema = z.object({ sub: z.string().min(1), bid: z.string().min(1), acc: z.literal('view') });

/** Signs a short-lived, view-only token that lets a projector holding a display link open one board's socket. */
export async function issueDisplayToken(claims: DisplayTokenClaims, now = Date.now()): Promise<{ token: string; expiresAt: Date }> {
  const expiresAt = new Date(now + BOARD_TOKEN_TTL_MS);
  const token = await new SignJWT({ bid: claims.boardId, acc: 'view' })
    .setProtectedHeader({ alg: ALGORITHM })
    .setSubject(claims.displayLinkId)
    .setIssuer(ISSUER)
    .setAudience(DISPLAY_AUDIENCE)
    .setIssuedAt(Math.floor(now / 1000))
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(secretKey());
  return { token, expiresAt };
}

/** Verifies a display token; null for anything not valid (a person's board token included). */
export async function verifyDisplayToken(token: string): Promise<DisplayTokenClaims | null> {
  try {
    const { payload } = await jwtVerify(token, secretKey(), {
      issuer: ISSUER,
      audience: DISPLAY_AUDIENCE,
      algorithms: [ALGORITHM],
      requiredClaims: ['exp', 'sub'],
    });
    const parsed = DisplayPayloadSchema.safeParse(payload);
    if (!parsed.success) return null;
    return { displayLinkId: parsed.data.sub, boardId: parsed.data.bid };
  } catch (error) {
    if (error instanceof joseErrors.JOSEError) return null;
    throw error;
  }
}

/**
 * What GET /api/boards/<id>/token?display=<secret> answers: a view-only token for the board a
 * live display link belongs to. Throws not-found (404) when the link is wrong, revoked, expired
 * or for another board, exactly as for a board that does not exist.
 */
export async function grantDisplayToken(db: Db, boardId: string, displaySecret: string): Promise<BoardTokenResponse> {
  const link = await resolveDisplayLink(db, boardId, displaySecret);
  if (!link) throw notFound('That board');
  const { token, expiresAt } = await issueDisplayToken({ displayLinkId: link.id, boardId: link.boardId });
  return { token, access: 'view', expiresAt: expiresAt.toISOString() };
}
