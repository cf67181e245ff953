import crypto from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/client';
import { getCohortRole, requireCohortAction } from '../db/access';
import { can } from '../domain/permissions';
import { MEMBER_ROLES, type MemberRole } from '../domain/roles';
import { appOrigin } from '../env';
import { AppError, notFound } from '../errors';
import { cohortGate } from '../access/cohort-gate';
import { isUniqueViolation } from '../programme/db-errors';
import type { Actor } from '../domain/people';
import { parseInput } from '../validation';
import { normalizeEmail, requestSignInLink } from './magic-link';
import { createSessionRow } from './session-cookie';

/** Default life of an invitation, in days. */
export const DEFAULT_INVITATION_DAYS = 14;
/** Longest life of an invitation, in days: a programme's three workshops span about three months. */
export const MAX_INVITATION_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

export type InvitationStatus = 'active' | 'used' | 'expired' | 'revoked';

/** Everything a status depends on. */
export interface InvitationState {
  singleUse: boolean;
  uses: number;
  expiresAt: Date;
  revokedAt: Date | null;
}

/** Whether an invitation can still be used, and if not why. Revoked beats used beats expired. */
export function invitationStatus(invitation: InvitationState, now = new Date()): InvitationStatus {
  if (invitation.revokedAt) return 'revoked';
  if (invitation.singleUse && invitation.uses > 0) return 'used';
  if (invitation.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'active';
}

/** A new invitation secret: 32 random bytes, base64url (43 characters, safe in a URL and a QR code). */
export function generateInvitationToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/**
 * The stored form of an invitation token. A plain SHA-256 is enough (no salt, no slow hash):
 * the token has 256 random bits, so there is nothing to guess, and the hash must be looked up.
 */
export function hashInvitationToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/** Whether `token` is the secret behind `tokenHash`, compared in constant time. */
export function tokenMatches(token: string, tokenHash: string): boolean {
  const a = Buffer.from(hashInvitationToken(token), 'hex');
  const b = Buffer.from(tokenHash, 'hex');
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** The link a person opens (or scans) to join. */
export function invitationUrl(token: string, origin = appOrigin()): string {
  return `${origin}/invite/${token}`;
}

/** A token as it may arrive in a URL: anything else cannot be ours, so we answer "not found" without a lookup. */
const TokenShape = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

export const CreateInvitationInput = z.object({
  role: z.enum(MEMBER_ROLES, { error: 'Choose who this invitation is for.' }),
  kind: z.enum(['single', 'group'], { error: 'Choose one person or a group link.' }),
  expiresInDays: z.coerce
    .number({ error: 'Choose how long the link works.' })
    .int('Choose a whole number of days.')
    .min(1, 'The link must work for at least 1 day.')
    .max(MAX_INVITATION_DAYS, `The link can work for at most ${MAX_INVITATION_DAYS} days.`)
    .default(DEFAULT_INVITATION_DAYS),
  label: z
    .string()
    .trim()
    .max(80, 'Keep the note to 80 characters or fewer.')
    .optional()
    .transform((value) => value || null),
});

export const AcceptInvitationInput = z.object({
  name: z
    .string({ error: 'Enter your name.' })
    .trim()
    .min(1, 'Enter your name.')
    .max(80, 'Keep your name to 80 characters or fewer.'),
  email: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || undefined)
    .pipe(z.email('Enter an email address like name@example.org, or leave it empty.').optional()),
});

/** Creates an invitation (facilitators of the cohort only). The token is returned once and never stored. */
export async function createInvitation(db: Db, actor: Actor, cohortId: string, input: unknown) {
  const { data, cohort } = await cohortGate(db, actor, cohortId, 'invitation.manage', CreateInvitationInput, input);
  const token = generateInvitationToken();
  const invitation = await db.invitation.create({
    data: {
      tokenHash: hashInvitationToken(token),
      cohortId: cohort.id,
      role: data.role,
      singleUse: data.kind === 'single',
      label: data.label,
      createdById: actor.id,
      expiresAt: new Date(Date.now() + data.expiresInDays * DAY_MS),
    },
  });
  return { invitation, token, url: invitationUrl(token) };
}

/** A cohort and its invitations, newest first, with their status (facilitators of the cohort only). */
export async function listInvitations(db: Db, actor: Actor, cohortId: string, now = new Date()) {
  const { cohort } = await requireCohortAction(db, actor.id, cohortId, 'invitation.manage');
  const rows = await db.invitation.findMany({
    where: { cohortId },
    orderBy: { createdAt: 'desc' },
    select: { id: true, role: true, singleUse: true, uses: true, label: true, expiresAt: true, revokedAt: true, createdAt: true },
  });
  const invitations = rows.map((row) => ({ ...row, role: row.role as MemberRole, status: invitationStatus(row, now) }));
  return { cohort: { id: cohort.id, name: cohort.name, venue: cohort.venue.name, area: cohort.venue.area }, invitations };
}

/**
 * Loads an invitation a facilitator may manage. Anyone else, and unknown ids, get the same 404,
 * so an invitation's existence is never revealed.
 */
export async function getManagedInvitationOrThrow(db: Db, actor: Actor, invitationId: string) {
  const invitation = await db.invitation.findUnique({ where: { id: invitationId }, include: { cohort: true } });
  if (!invitation) throw notFound('That invitation');
  const role = await getCohortRole(db, actor.id, invitation.cohortId);
  if (!role) throw notFound('That invitation');
  if (!can(role, 'invitation.manage')) throw new AppError('forbidden', 'Only a facilitator can do that.');
  return invitation;
}

/** Revokes an invitation so its link stops working; revoking twice is harmless. */
export async function revokeInvitation(db: Db, actor: Actor, invitationId: string) {
  const invitation = await getManagedInvitationOrThrow(db, actor, invitationId);
  if (invitation.revokedAt) return invitation;
  return db.invitation.update({ where: { id: invitation.id }, data: { revokedAt: new Date() } });
}

/** Why an invitation can no longer be used, in words for the person holding the link. */
export const INVITATION_PROBLEMS: Record<Exclude<InvitationStatus, 'active'>, string> = {
  used: 'This invitation has already been used. Each personal link works once. If it was yours, sign in instead; otherwise ask your facilitator for a new link.',
  expired: 'This invitation has expired. Please ask your facilitator for a new link.',
  revoked: 'This invitation has been withdrawn by the facilitator. Please ask them for a new link.',
};

/** What the join page shows: the invitation's cohort, venue and role, or null for an unknown link. */
export async function describeInvitation(db: Db, token: string, now = new Date()) {
  if (!TokenShape.safeParse(token).success) return null;
  const invitation = await db.invitation.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    include: { cohort: { include: { venue: true, programme: true, workshops: { orderBy: { number: 'asc' } } } } },
  });
  if (!invitation) return null;
  return {
    status: invitationStatus(invitation, now),
    role: invitation.role as MemberRole,
    cohortId: invitation.cohortId,
    cohortName: invitation.cohort.name,
    programmeName: invitation.cohort.programme.name,
    venueName: invitation.cohort.venue.name,
    area: invitation.cohort.venue.area,
    workshopDates: invitation.cohort.workshops.map((w) => w.date),
  };
}

export type AcceptResult =
  /** Joined; `session` is set when a new account was made and must be signed in. */
  | { outcome: 'joined'; userId: string; cohortId: string; session?: { sessionToken: string; expires: Date } }
  /** The signed-in person is already in the cohort; nothing was used up. */
  | { outcome: 'already-member'; cohortId: string }
  /** The email belongs to an existing account: a sign-in link was sent that brings them back here. */
  | { outcome: 'check-email'; email: string };

/**
 * Uses an invitation. A signed-in person joins as themselves. Anyone else gives a name (and
 * optionally an email) and gets a new account, signed in at once. An email that already has an
 * account is never signed in from this form (anyone holding a group link could otherwise take
 * over that account): we email that address a sign-in link that returns to the invitation.
 *
 * A single-person invitation is claimed with one conditional update inside the transaction that
 * creates the membership, so two submissions at once cannot both use it.
 */
export async function acceptInvitation(db: Db, token: string, input: unknown, signedInUserId: string | null): Promise<AcceptResult> {
  if (!TokenShape.safeParse(token).success) throw notFound('That invitation');
  const invitation = await db.invitation.findUnique({ where: { tokenHash: hashInvitationToken(token) } });
  if (!invitation) throw notFound('That invitation');
  assertUsable(invitation);
  const { cohortId } = invitation;

  if (signedInUserId) {
    if (await getCohortRole(db, signedInUserId, cohortId)) return { outcome: 'already-member', cohortId };
    await db.$transaction(async (tx) => {
      await claim(tx, invitation.id);
      await tx.member.create({ data: { cohortId, userId: signedInUserId, role: invitation.role } });
    });
    return { outcome: 'joined', userId: signedInUserId, cohortId };
  }

  const data = parseInput(AcceptInvitationInput, input);
  const email = data.email ? normalizeEmail(data.email) : null;
  if (email && (await db.user.findUnique({ where: { email }, select: { id: true } }))) {
    await requestSignInLink(db, email, `/invite/${token}`);
    return { outcome: 'check-email', email };
  }
  try {
    return await db.$transaction(async (tx) => {
      await claim(tx, invitation.id);
      const user = await tx.user.create({ data: { name: data.name, email } });
      await tx.member.create({ data: { cohortId, userId: user.id, role: invitation.role } });
      const session = await createSessionRow(tx, user.id);
      return { outcome: 'joined' as const, userId: user.id, cohortId, session };
    });
  } catch (error) {
    // Someone registered this email between our check and our insert: treat it as existing.
    if (email && isUniqueViolation(error)) {
      await requestSignInLink(db, email, `/invite/${token}`);
      return { outcome: 'check-email', email };
    }
    throw error;
  }
}

function assertUsable(invitation: InvitationState): void {
  const status = invitationStatus(invitation);
  if (status !== 'active') throw new AppError('gone', INVITATION_PROBLEMS[status]);
}

/** Counts one use, only if the invitation is still usable at this instant; otherwise explains why not. */
async function claim(db: Pick<Db, 'invitation'>, invitationId: string): Promise<void> {
  const now = new Date();
  const { count } = await db.invitation.updateMany({
    where: { id: invitationId, revokedAt: null, expiresAt: { gt: now }, OR: [{ singleUse: false }, { uses: 0 }] },
    data: { uses: { increment: 1 } },
  });
  if (count === 1) return;
  const current = await db.invitation.findUnique({ where: { id: invitationId } });
  if (!current) throw notFound('That invitation');
  assertUsable(current);
  throw new AppError('gone', INVITATION_PROBLEMS.used);
}
