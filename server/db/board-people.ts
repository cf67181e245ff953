import { displayName } from '../domain/people';
import type { Db } from './client';
import type { Board } from './generated/sqlite/client';

/**
 * The names a person may see on a board's reactions and comments: the people of the board's
 * cohort and the programme's staff. A mural belongs to the whole programme, so there it is the
 * people of the viewer's own cohorts (all cohorts for staff). Everyone else shows by role only,
 * as they do on a projector, which gets no names at all. The caller has checked the viewer may
 * see the board.
 */
export async function boardPeopleNames(db: Db, board: Pick<Board, 'programmeId' | 'cohortId'>, viewerId: string): Promise<Record<string, string>> {
  const isStaff = (await db.programmeStaff.count({ where: { programmeId: board.programmeId, userId: viewerId } })) > 0;
  const cohortScope = board.cohortId
    ? { cohortId: board.cohortId }
    : isStaff
      ? { cohort: { programmeId: board.programmeId } }
      : { cohort: { programmeId: board.programmeId, members: { some: { userId: viewerId } } } };
  const person = { select: { id: true, name: true, email: true } } as const;
  const [members, staff] = await Promise.all([
    db.member.findMany({ where: cohortScope, select: { user: person } }),
    db.programmeStaff.findMany({ where: { programmeId: board.programmeId }, select: { user: person } }),
  ]);
  return Object.fromEntries([...members, ...staff].map(({ user }) => [user.id, displayName(user)]));
}

/**
 * When the person was last on the board (a socket of theirs opened or closed, see the visits
 * extension in server/board-realtime.ts), in ms; null if they never were. Read as the page
 * loads, before its own socket opens, so comments newer than this are new to them.
 */
export async function lastOnBoardAt(db: Db, boardId: string, userId: string): Promise<number | null> {
  const visit = await db.boardVisit.findUnique({ where: { boardId_userId: { boardId, userId } }, select: { lastAt: true } });
  return visit?.lastAt.getTime() ?? null;
}
