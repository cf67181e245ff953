import type { Db } from '../db/client';
import { AppError } from '../errors';
import { boardRecords, readBoardDoc } from '../history/board-document';
import { isUniqueViolation } from '../programme/db-errors';
import type { Actor } from '../domain/people';
import { loadedBoardRecords, type BoardRecordLookup } from '../realtime/loaded-boards';
import { isTemplatePromptId } from '../realtime/templates';
import { publish } from './bus';
import { boardGate } from '../access/board-gate';
import { BallotInput, StartVoteInput, VoteIdInput } from './input';

export type VoteStatus = 'open' | 'revealed' | 'closed';

/** One sticky note's place in a vote's result. Equal counts share a rank (1, 2, 2, 4). */
export interface RankedResult {
  shapeId: string;
  count: number;
  rank: number;
}

/** Counts per note, most votes first, ties in a stable order. */
export function rankResults(shapeIds: string[]): RankedResult[] {
  const counts = new Map<string, number>();
  for (const id of shapeIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return sorted.map(([shapeId, count]) => ({ shapeId, count, rank: 1 + sorted.filter(([, c]) => c > count).length }));
}

type ShapeLike = { typeName?: unknown; type?: unknown; parentId?: unknown } | undefined;

/** Why a vote cannot be held on `frameId`; null when that frame is on the board. */
export function frameRefusal(records: BoardRecordLookup, frameId: string): string | null {
  const frame = records.get(frameId) as ShapeLike;
  return frame?.typeName === 'shape' && frame.type === 'frame' ? null : 'That frame is not on the board any more. Choose another frame or the whole board.';
}

/**
 * Why a dot cannot go on `shapeId` in a vote on `frameId` (null: the whole board); null when it
 * can. Only sticky notes people added count (not the template's prompts), and in a frame's vote
 * only notes inside that frame, at any depth (parents are followed up to the page).
 */
export function ballotRefusal(records: BoardRecordLookup, shapeId: string, frameId: string | null): string | null {
  const shape = records.get(shapeId) as ShapeLike;
  if (shape?.typeName !== 'shape') return 'That sticky note is not on the board any more.';
  if (shape.type !== 'note') return 'You can only vote on sticky notes.';
  if (isTemplatePromptId(shapeId)) return 'That note is one of the board’s questions. Vote on the notes people added.';
  if (frameId === null) return null;
  // At most one step per record, so a parent cycle in a crafted document cannot loop.
  let parentId = shape.parentId;
  for (let steps = 0; typeof parentId === 'string' && steps < records.size; steps++) {
    if (parentId === frameId) return null;
    parentId = (records.get(parentId) as ShapeLike)?.parentId;
  }
  return 'That note is not in the frame this vote is about.';
}

/**
 * The board's records now: live when this process's realtime server has the board open (the
 * usual case during a vote), otherwise as stored (every edit anyone has seen is stored).
 * Use the answer before the next await: a live board keeps changing.
 */
async function currentRecords(db: Db, boardId: string): Promise<BoardRecordLookup> {
  const live = loadedBoardRecords(boardId);
  if (live) return live;
  const doc = await readBoardDoc(db, boardId);
  try {
    return boardRecords(doc);
  } finally {
    doc.destroy();
  }
}

/** Starts a dot vote on a frame (or the whole board) with N votes each; one running vote per board. */
export async function startVote(db: Db, actor: Actor, boardId: string, input: unknown) {
  const { data } = await boardGate(db, actor, boardId, 'board.facilitate', StartVoteInput, input);
  if (data.frameId) {
    const refusal = frameRefusal(await currentRecords(db, boardId), data.frameId);
    if (refusal) throw new AppError('invalid_input', refusal, { frameId: [refusal] });
  }
  const vote = await db.$transaction(async (tx) => {
    const running = await tx.vote.findFirst({ where: { boardId, status: 'open' } });
    if (running) throw new AppError('conflict', 'A vote is already running. Reveal or end it first.');
    // A revealed vote leaves the screens when the next one starts; its result stays with the board.
    await tx.vote.updateMany({ where: { boardId, status: 'revealed' }, data: { status: 'closed', closedAt: new Date() } });
    return tx.vote.create({ data: { boardId, frameId: data.frameId, votesPerPerson: data.votesPerPerson, startedById: actor.id } });
  });
  publish({ kind: 'changed', boardId });
  return vote;
}

async function voteOfBoard(db: Db, boardId: string, voteId: string) {
  const vote = await db.vote.findFirst({ where: { id: voteId, boardId } });
  if (!vote) throw new AppError('not_found', 'That vote could not be found.');
  return vote;
}

/** Shows the counts to everyone and stops casting. */
export async function revealVote(db: Db, actor: Actor, boardId: string, input: unknown) {
  const { data } = await boardGate(db, actor, boardId, 'board.facilitate', VoteIdInput, input);
  const vote = await voteOfBoard(db, boardId, data.voteId);
  if (vote.status !== 'open') throw new AppError('conflict', 'That vote has already been revealed.');
  await db.vote.update({ where: { id: vote.id }, data: { status: 'revealed', revealedAt: new Date() } });
  publish({ kind: 'changed', boardId });
}

/** Takes a vote off the screens; its result stays with the board. */
export async function endVote(db: Db, actor: Actor, boardId: string, input: unknown) {
  const { data } = await boardGate(db, actor, boardId, 'board.facilitate', VoteIdInput, input);
  const vote = await voteOfBoard(db, boardId, data.voteId);
  if (vote.status === 'closed') return;
  await db.vote.update({ where: { id: vote.id }, data: { status: 'closed', closedAt: new Date(), revealedAt: vote.revealedAt ?? new Date() } });
  publish({ kind: 'changed', boardId });
}

async function openVoteOrThrow(db: Db, boardId: string, voteId: string) {
  const vote = await voteOfBoard(db, boardId, voteId);
  if (vote.status !== 'open') throw new AppError('conflict', 'This vote has ended.');
  return vote;
}

/**
 * Puts one of the person's dots on a sticky note in the vote's scope (checked against the
 * board's document, see ballotRefusal). Each dot takes a free slot below N and the database
 * keeps (vote, person, slot) unique, so concurrent casts from one person can never store more
 * than N: when two casts race for a slot, the loser looks again.
 */
export async function castVote(db: Db, actor: Actor, boardId: string, input: unknown): Promise<{ remaining: number }> {
  const { data } = await boardGate(db, actor, boardId, 'view', BallotInput, input);
  const vote = await openVoteOrThrow(db, boardId, data.voteId);
  const refusal = ballotRefusal(await currentRecords(db, boardId), data.shapeId, vote.frameId);
  if (refusal) throw new AppError('invalid_input', refusal, { shapeId: [refusal] });
  // Each failed attempt means someone else's cast of this person took a slot: at most N + 1 rounds.
  for (let attempt = 0; attempt <= vote.votesPerPerson; attempt++) {
    const mine = await db.voteBallot.findMany({ where: { voteId: vote.id, userId: actor.id }, select: { slot: true } });
    const used = new Set(mine.map((b) => b.slot));
    if (used.size >= vote.votesPerPerson) throw new AppError('conflict', 'You have used all your votes.');
    let slot = 0;
    while (used.has(slot)) slot++;
    try {
      await db.voteBallot.create({ data: { voteId: vote.id, userId: actor.id, shapeId: data.shapeId, slot } });
      publish({ kind: 'changed', boardId });
      return { remaining: vote.votesPerPerson - used.size - 1 };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new AppError('conflict', 'You have used all your votes.');
}

/** Takes back one of the person's dots from a sticky note while the vote is open. */
export async function uncastVote(db: Db, actor: Actor, boardId: string, input: unknown): Promise<{ remaining: number }> {
  const { data } = await boardGate(db, actor, boardId, 'view', BallotInput, input);
  const vote = await openVoteOrThrow(db, boardId, data.voteId);
  const ballot = await db.voteBallot.findFirst({ where: { voteId: vote.id, userId: actor.id, shapeId: data.shapeId }, orderBy: { slot: 'desc' } });
  if (!ballot) throw new AppError('conflict', 'You have no vote on that note.');
  await db.voteBallot.deleteMany({ where: { id: ballot.id } });
  const left = await db.voteBallot.count({ where: { voteId: vote.id, userId: actor.id } });
  publish({ kind: 'changed', boardId });
  return { remaining: vote.votesPerPerson - left };
}

/** Every revealed or ended vote of a board with its ranked result, newest first (kept with the board). */
export async function listVoteResults(db: Db, actor: Actor, boardId: string) {
  await boardGate(db, actor, boardId, 'view', VoteIdInput.partial(), {});
  const votes = await db.vote.findMany({
    where: { boardId, status: { in: ['revealed', 'closed'] } },
    orderBy: { createdAt: 'desc' },
    include: { ballots: { select: { shapeId: true } } },
  });
  return votes.map((v) => ({
    id: v.id,
    frameId: v.frameId,
    votesPerPerson: v.votesPerPerson,
    createdAt: v.createdAt.toISOString(),
    results: rankResults(v.ballots.map((b) => b.shapeId)),
  }));
}
