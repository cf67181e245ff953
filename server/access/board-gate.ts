import type { z } from 'zod';
import { requireBoardAccess, type ResolvedBoardAccess } from '../db/access';
import type { Db } from '../db/client';
import type { Actor } from '../domain/people';
import { can, type Action } from '../domain/permissions';
import { AppError, notFound } from '../errors';
import { FIRST_ISSUE, parseInput } from '../validation';

/** What a board request needs: to see the board, to change it, or an action of the role-by-action table. */
export type BoardNeed = 'view' | 'edit' | Action;

export interface BoardGateOptions {
  /** Answer 404 for a board that is not a mural. */
  muralOnly?: boolean;
}

/** What every board service has after the gate. */
export type Gated<T> = ResolvedBoardAccess & { data: T };

async function accessOrNotFound(db: Db, actor: Actor, boardId: string, options: BoardGateOptions): Promise<ResolvedBoardAccess> {
  const resolved = await requireBoardAccess(db, actor.id, boardId);
  if (options.muralOnly && resolved.board.kind !== 'mural') throw notFound('That mural');
  return resolved;
}

function checkNeed(resolved: ResolvedBoardAccess, need: BoardNeed): void {
  if (need === 'view') return;
  if (need === 'edit') {
    if (resolved.access !== 'edit') throw new AppError('forbidden', 'You can look at this board, but you cannot change it.');
    return;
  }
  if (!can(resolved.role, need)) throw new AppError('forbidden', 'Only a facilitator can do that.');
}

/**
 * The one gate for everything done to a board (facilitation, pictures, editions), in order (the
 * session is checked by the caller): board access (404 for outsiders, never revealing the
 * board), validated input (422, its message the first problem: the caller has no form to mark
 * up), then `need` (403).
 */
export async function boardGate<S extends z.ZodType>(
  db: Db,
  actor: Actor,
  boardId: string,
  need: BoardNeed,
  schema: S,
  input: unknown,
  options: BoardGateOptions = {},
): Promise<Gated<z.output<S>>> {
  const resolved = await accessOrNotFound(db, actor, boardId, options);
  const data = parseInput(schema, input, FIRST_ISSUE);
  checkNeed(resolved, need);
  return { ...resolved, data };
}

/**
 * The same gate with no input. Routes that take a picture call it before reading the body, so
 * nobody can make the server read an upload they may not send.
 */
export async function requireBoard(db: Db, actor: Actor, boardId: string, need: BoardNeed, options: BoardGateOptions = {}): Promise<ResolvedBoardAccess> {
  const resolved = await accessOrNotFound(db, actor, boardId, options);
  checkNeed(resolved, need);
  return resolved;
}
