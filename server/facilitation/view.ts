import type { Db } from '../db/client';
import { can } from '../domain/permissions';
import type { MemberRole } from '../domain/roles';
import { displayName } from '../domain/people';
import { readTimer } from './timer';
import { remainingAt, type TimerStatus } from './timer-rules';
import { rankResults, type RankedResult } from './votes';

/** Who is looking: a member of the board, or the projector through a display link. */
export type Viewer = { kind: 'member'; userId: string; role: MemberRole } | { kind: 'display'; displayLinkId: string };

/** A running or revealed vote as one viewer may see it. */
export interface VoteView {
  id: string;
  frameId: string | null;
  votesPerPerson: number;
  status: 'open' | 'revealed';
  /** The viewer's own dots (one shape id per dot); empty for the projector. */
  mine: string[];
  remaining: number;
  /** Dots cast so far: facilitators only, so they know when to reveal. */
  castCount: number | null;
  /** Counts and ranks: null until the facilitator reveals. Never who voted. */
  results: RankedResult[] | null;
}

/** The facilitation state one viewer receives. `now` is the server's clock, so timers agree. */
export interface FacilitationView {
  now: number;
  locked: boolean;
  timer: { status: TimerStatus; durationMs: number; remainingMs: number; endsAt: number | null };
  /** Who everyone follows, and since when (server ms), after "Bring everyone to me". */
  summon: { userId: string; name: string; since: number } | null;
  vote: VoteView | null;
}

/** Reads a board's facilitation state as `viewer` may see it (the caller has checked access). */
export async function getFacilitationView(db: Db, boardId: string, viewer: Viewer, now = new Date()): Promise<FacilitationView> {
  const [board, timer, facilitation, vote] = await Promise.all([
    db.board.findUniqueOrThrow({ where: { id: boardId }, select: { state: true } }),
    readTimer(db, boardId),
    db.boardFacilitation.findUnique({ where: { boardId }, select: { summonUserId: true, summonedAt: true } }),
    db.vote.findFirst({ where: { boardId, status: { in: ['open', 'revealed'] } }, orderBy: { createdAt: 'desc' } }),
  ]);
  const summoner = facilitation?.summonUserId ? await db.user.findUnique({ where: { id: facilitation.summonUserId }, select: { id: true, name: true, email: true } }) : null;
  return {
    now: now.getTime(),
    locked: board.state !== 'open',
    timer: { ...timer, remainingMs: remainingAt(timer, now.getTime()) },
    summon: summoner ? { userId: summoner.id, name: displayName(summoner), since: facilitation?.summonedAt?.getTime() ?? 0 } : null,
    vote: vote ? await voteView(db, vote, viewer) : null,
  };
}

async function voteView(
  db: Db,
  vote: { id: string; frameId: string | null; votesPerPerson: number; status: string },
  viewer: Viewer,
): Promise<VoteView> {
  const revealed = vote.status === 'revealed';
  const mine =
    viewer.kind === 'member'
      ? (await db.voteBallot.findMany({ where: { voteId: vote.id, userId: viewer.userId }, orderBy: { slot: 'asc' }, select: { shapeId: true } })).map((b) => b.shapeId)
      : [];
  const facilitator = viewer.kind === 'member' && can(viewer.role, 'board.facilitate');
  const all = revealed ? await db.voteBallot.findMany({ where: { voteId: vote.id }, select: { shapeId: true } }) : null;
  return {
    id: vote.id,
    frameId: vote.frameId,
    votesPerPerson: vote.votesPerPerson,
    status: revealed ? 'revealed' : 'open',
    mine,
    remaining: viewer.kind === 'member' ? vote.votesPerPerson - mine.length : 0,
    castCount: facilitator ? await db.voteBallot.count({ where: { voteId: vote.id } }) : null,
    results: all ? rankResults(all.map((b) => b.shapeId)) : null,
  };
}
