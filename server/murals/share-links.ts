import crypto from 'node:crypto';
import type { Db } from '../db/client';
import { notFound } from '../errors';
import type { Actor } from '../domain/people';
import { requireEdition } from './editions';
import { boardGate } from '../access/board-gate';
import { ShareLinkIdInput } from './input';

/** Only a hash of a share link's secret is stored: a copy of the database opens no edition. */
export function hashShareToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/** The public page of a share link (the secret travels only in this path). */
export function sharePath(token: string): string {
  return `/share/${token}`;
}

/** The gate for share links: the edition must be visible (404) and the person a facilitator (403). */
async function shareGate(db: Db, actor: Actor, editionId: string, input: unknown = {}) {
  const { edition } = await requireEdition(db, actor.id, editionId);
  const gated = await boardGate(db, actor, edition.boardId, 'mural.publish', ShareLinkIdInput.partial(), input, { muralOnly: true });
  return { edition, data: gated.data };
}

/** Creates a view-only link to an edition for people outside the programme; the token is shown once. */
export async function createEditionShareLink(db: Db, actor: Actor, editionId: string) {
  await shareGate(db, actor, editionId);
  const token = crypto.randomBytes(32).toString('base64url');
  const link = await db.editionShareLink.create({ data: { editionId, tokenHash: hashShareToken(token), createdById: actor.id } });
  return { id: link.id, token, path: sharePath(token), createdAt: link.createdAt.toISOString() };
}

/** An edition's working share links, newest first (never their secrets). */
export async function listEditionShareLinks(db: Db, actor: Actor, editionId: string) {
  await shareGate(db, actor, editionId);
  const links = await db.editionShareLink.findMany({ where: { editionId, revokedAt: null }, orderBy: { createdAt: 'desc' } });
  return links.map((l) => ({ id: l.id, createdAt: l.createdAt.toISOString() }));
}

/** Revokes a share link: the next request with it is answered 404. */
export async function revokeEditionShareLink(db: Db, actor: Actor, editionId: string, input: unknown, now = new Date()): Promise<void> {
  const { data } = await shareGate(db, actor, editionId, input);
  if (!data.shareLinkId) throw notFound('That share link');
  await db.editionShareLink.updateMany({ where: { id: data.shareLinkId, editionId, revokedAt: null }, data: { revokedAt: now } });
}

/** The edition a share token opens, or null when it is malformed, unknown or revoked. */
export async function resolveEditionShare(db: Db, token: string) {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const link = await db.editionShareLink.findUnique({
    where: { tokenHash: hashShareToken(token) },
    include: { edition: { include: { board: { include: { programme: { select: { name: true } } } } } } },
  });
  if (!link || link.revokedAt) return null;
  return link.edition;
}
