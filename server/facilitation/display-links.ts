import crypto from 'node:crypto';
import { resolveBoardAccess } from '../db/access';
import type { Db } from '../db/client';
import { can } from '../domain/permissions';
import { appOrigin } from '../env';
import type { Actor } from '../domain/people';
import { notifyBoardChanged } from '../realtime/control';
import { publish } from './bus';
import { boardGate } from '../access/board-gate';
import { CreateDisplayLinkInput, DisplayLinkIdInput, NoInput } from './input';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Only a hash of a display link's secret is stored, like invitations. */
export function hashDisplayToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/** The projector page's address for a display link (the secret travels only in this link). */
export function displayUrl(boardId: string, token: string, origin = appOrigin()): string {
  return `${origin}/boards/${encodeURIComponent(boardId)}/present?${new URLSearchParams({ display: token })}`;
}

/** Creates a view-only display link for a projector laptop; the token is shown once. */
export async function createDisplayLink(db: Db, actor: Actor, boardId: string, input: unknown, now = new Date()) {
  const { data } = await boardGate(db, actor, boardId, 'board.facilitate', CreateDisplayLinkInput, input);
  const token = crypto.randomBytes(32).toString('base64url');
  const link = await db.displayLink.create({
    data: { boardId, tokenHash: hashDisplayToken(token), label: data.label || null, createdById: actor.id, expiresAt: new Date(now.getTime() + data.days * DAY_MS) },
  });
  return { id: link.id, token, expiresAt: link.expiresAt.toISOString() };
}

/** A board's display links that still work, newest first (never their secrets). */
export async function listDisplayLinks(db: Db, actor: Actor, boardId: string, now = new Date()) {
  await boardGate(db, actor, boardId, 'board.facilitate', NoInput, {});
  const links = await db.displayLink.findMany({ where: { boardId, revokedAt: null, expiresAt: { gt: now } }, orderBy: { createdAt: 'desc' } });
  return links.map((l) => ({ id: l.id, label: l.label, createdAt: l.createdAt.toISOString(), expiresAt: l.expiresAt.toISOString() }));
}

/**
 * Revokes a display link: the projector showing it stops at once, both its events stream
 * (display-revoked) and its board socket (the realtime server re-checks the board's sockets).
 */
export async function revokeDisplayLink(db: Db, actor: Actor, boardId: string, input: unknown, now = new Date()): Promise<void> {
  const { data } = await boardGate(db, actor, boardId, 'board.facilitate', DisplayLinkIdInput, input);
  await db.displayLink.updateMany({ where: { id: data.displayLinkId, boardId, revokedAt: null }, data: { revokedAt: now } });
  publish({ kind: 'display-revoked', boardId, displayLinkId: data.displayLinkId });
  await notifyBoardChanged(boardId);
}

type StoredLink = { boardId: string; createdById: string; revokedAt: Date | null; expiresAt: Date };

/**
 * Whether a stored link still works for `boardId`: same board, not revoked, not expired, and
 * the facilitator who made it may still facilitate the board (a facilitator who leaves takes
 * their projectors with them).
 */
async function linkWorks(db: Db, link: StoredLink | null, boardId: string, now: Date): Promise<boolean> {
  if (!link || link.boardId !== boardId || link.revokedAt || link.expiresAt <= now) return false;
  const creator = await resolveBoardAccess(db, link.createdById, boardId);
  return !!creator && can(creator.role, 'board.facilitate');
}

/** The display link a projector presents for a board, or null when it is wrong, expired or revoked. */
export async function resolveDisplayLink(db: Db, boardId: string, token: string, now = new Date()) {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const link = await db.displayLink.findUnique({ where: { tokenHash: hashDisplayToken(token) }, include: { board: true } });
  if (!link || !(await linkWorks(db, link, boardId, now))) return null;
  return link;
}

/** Whether the display link with this id still lets a projector show `boardId` (checked at every socket re-check). */
export async function isDisplayLinkLive(db: Db, displayLinkId: string, boardId: string, now = new Date()): Promise<boolean> {
  const link = await db.displayLink.findUnique({ where: { id: displayLinkId } });
  return linkWorks(db, link, boardId, now);
}
