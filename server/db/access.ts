import { notFound, AppError } from '../errors';
import { boardAccess, can, type Action, type BoardAccess } from '../domain/permissions';
import { isBoardKind, isBoardState, isMemberRole, type MemberRole } from '../domain/roles';
import type { Db } from './client';
import type { Board } from './generated/sqlite/client';

/**
 * A person's role in a cohort: their membership role, or `facilitator` for the programme's
 * staff. Null when they have nothing to do with the cohort.
 */
export async function getCohortRole(db: Db, userId: string, cohortId: string): Promise<MemberRole | null> {
  const member = await db.member.findUnique({ where: { cohortId_userId: { cohortId, userId } } });
  if (member && isMemberRole(member.role)) return member.role;
  const cohort = await db.cohort.findUnique({ where: { id: cohortId }, select: { programmeId: true } });
  if (!cohort) return null;
  const staff = await db.programmeStaff.findUnique({
    where: { programmeId_userId: { programmeId: cohort.programmeId, userId } },
  });
  return staff ? 'facilitator' : null;
}

/**
 * A person's strongest role anywhere in a programme (for the mural, which belongs to every
 * cohort of the programme). Facilitator beats participant roles.
 */
export async function getProgrammeRole(db: Db, userId: string, programmeId: string): Promise<MemberRole | null> {
  const staff = await db.programmeStaff.findUnique({ where: { programmeId_userId: { programmeId, userId } } });
  if (staff) return 'facilitator';
  const members = await db.member.findMany({ where: { userId, cohort: { programmeId } }, select: { role: true } });
  const roles = members.map((m) => m.role).filter(isMemberRole);
  if (roles.includes('facilitator')) return 'facilitator';
  return roles[0] ?? null;
}

/** Loads a cohort the person may take `action` on; 404 when they are not in it, 403 when their role may not. */
export async function requireCohortAction(db: Db, userId: string, cohortId: string, action: Action) {
  const role = await getCohortRole(db, userId, cohortId);
  if (!role) throw notFound('That cohort');
  if (!can(role, action)) throw new AppError('forbidden', 'Only a facilitator can do that.');
  const cohort = await db.cohort.findUnique({ where: { id: cohortId }, include: { venue: true, programme: true } });
  if (!cohort) throw notFound('That cohort');
  return { cohort, role };
}

export interface ResolvedBoardAccess {
  board: Board;
  role: MemberRole;
  access: BoardAccess;
}

/**
 * What a person may do on a board, decided on the server from the database: null when the
 * board does not exist or they may not see it (the caller answers 404 either way).
 */
export async function resolveBoardAccess(db: Db, userId: string, boardId: string): Promise<ResolvedBoardAccess | null> {
  const board = await db.board.findUnique({
    where: { id: boardId },
    include: { pair: { include: { professional: true, layPartner: true } } },
  });
  if (!board || !isBoardKind(board.kind) || !isBoardState(board.state)) return null;
  const role = board.cohortId
    ? await getCohortRole(db, userId, board.cohortId)
    : await getProgrammeRole(db, userId, board.programmeId);
  if (!role) return null;
  const isPairMember = !!board.pair && (board.pair.professional.userId === userId || board.pair.layPartner.userId === userId);
  const access = boardAccess({ role, kind: board.kind, state: board.state, isPairMember });
  if (!access) return null;
  const { pair: _pair, ...plain } = board;
  return { board: plain, role, access };
}

/** Like resolveBoardAccess, but throws 404 when the person may not see the board. */
export async function requireBoardAccess(db: Db, userId: string, boardId: string): Promise<ResolvedBoardAccess> {
  const resolved = await resolveBoardAccess(db, userId, boardId);
  if (!resolved) throw notFound('That board');
  return resolved;
}
