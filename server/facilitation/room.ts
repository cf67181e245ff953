import crypto from 'node:crypto';
import type { Db } from '../db/client';
import { AppError } from '../errors';
import type { Actor } from '../domain/people';
import { notifyBoardChanged } from '../realtime/control';
import { publish } from './bus';
import { boardGate } from '../access/board-gate';
import { CelebrateInput, LockInput, NoInput } from './input';

/**
 * Locks or unlocks the whole board. The realtime server makes every participant's socket
 * read-only at once (notifyBoardChanged), so the lock holds whatever a client sends.
 */
export async function setBoardLocked(db: Db, actor: Actor, boardId: string, input: unknown): Promise<{ locked: boolean }> {
  const { board, data } = await boardGate(db, actor, boardId, 'board.lock', LockInput, input);
  if (board.state === 'archived') throw new AppError('conflict', 'This board is archived and cannot be unlocked.');
  await db.board.update({ where: { id: boardId }, data: { state: data.locked ? 'locked' : 'open' } });
  await notifyBoardChanged(boardId);
  publish({ kind: 'changed', boardId });
  return { locked: data.locked };
}

/** "Bring everyone to me": every participant's view follows this facilitator until released. */
export async function summonEveryone(db: Db, actor: Actor, boardId: string, input: unknown = {}, now = new Date()): Promise<void> {
  await boardGate(db, actor, boardId, 'board.facilitate', NoInput, input);
  const fields = { summonUserId: actor.id, summonedAt: now };
  await db.boardFacilitation.upsert({ where: { boardId }, create: { boardId, ...fields }, update: fields });
  publish({ kind: 'changed', boardId });
}

/** Lets everyone look around on their own again. */
export async function releaseEveryone(db: Db, actor: Actor, boardId: string, input: unknown = {}): Promise<void> {
  await boardGate(db, actor, boardId, 'board.facilitate', NoInput, input);
  await db.boardFacilitation.updateMany({ where: { boardId }, data: { summonUserId: null, summonedAt: null } });
  publish({ kind: 'changed', boardId });
}

/** Confetti and a message on every screen in the room, the projector included. Not stored. */
export async function celebrate(db: Db, actor: Actor, boardId: string, input: unknown, now = new Date()): Promise<{ id: string; message: string }> {
  const { data } = await boardGate(db, actor, boardId, 'board.facilitate', CelebrateInput, input);
  const id = crypto.randomUUID();
  publish({ kind: 'celebrate', boardId, id, message: data.message, at: now.getTime() });
  return { id, message: data.message };
}
