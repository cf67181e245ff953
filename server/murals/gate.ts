import type { z } from 'zod';
import { requireBoardAccess, type ResolvedBoardAccess } from '../db/access';
import type { Db } from '../db/client';
import { can, type Action } from '../domain/permissions';
import { AppError, notFound } from '../errors';
import type { Actor } from '../programme/input';

/** Parses input; the first problem becomes the answer's message, because an upload has no form to mark up. */
function parseOrRefuse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) (fieldErrors[issue.path.length ? String(issue.path[0]) : 'form'] ??= []).push(issue.message);
  throw new AppError('invalid_input', parsed.error.issues[0]?.message ?? 'That request could not be understood.', fieldErrors);
}

/** What every mural and picture service needs after the gate. */
export type Gated<T> = ResolvedBoardAccess & { data: T };

/** What a board-media request needs: to change the board, to see it, or an action of the role-by-action table. */
export type MediaNeed = 'edit' | 'view' | Action;

/**
 * Board access (404 for outsiders, never revealing the board), then `need` (403). Routes that
 * take a picture call it before reading the body, so nobody can make the server read an upload
 * they may not send; the service then runs the whole gate on what arrived.
 */
export async function requireBoardMedia(db: Db, actor: Actor, boardId: string, need: MediaNeed, options: MediaOptions = {}): Promise<ResolvedBoardAccess> {
  const resolved = await mediaBoardAccess(db, actor, boardId, options);
  checkNeed(resolved, need);
  return resolved;
}

type MediaOptions = { muralOnly?: boolean };

async function mediaBoardAccess(db: Db, actor: Actor, boardId: string, options: MediaOptions): Promise<ResolvedBoardAccess> {
  const resolved = await requireBoardAccess(db, actor.id, boardId);
  if (options.muralOnly && resolved.board.kind !== 'mural') throw notFound('That mural');
  return resolved;
}

function checkNeed(resolved: ResolvedBoardAccess, need: MediaNeed): void {
  if (need === 'edit' && resolved.access !== 'edit') throw new AppError('forbidden', 'You can look at this board, but you cannot change it.');
  if (need !== 'edit' && need !== 'view' && !can(resolved.role, need)) throw new AppError('forbidden', 'Only a facilitator can do that.');
}

/**
 * The one gate for board pictures and exports, in order (the session is checked by the caller):
 * board access (404 for outsiders, never revealing the board), validated input (422), then
 * `need`: 'edit' (may change the board: uploads, thumbnails), 'view', or an action of the
 * role-by-action table (403). `muralOnly` answers 404 for boards that are not murals.
 */
export async function boardMediaGate<S extends z.ZodType>(
  db: Db,
  actor: Actor,
  boardId: string,
  need: MediaNeed,
  schema: S,
  input: unknown,
  options: MediaOptions = {},
): Promise<Gated<z.output<S>>> {
  const resolved = await mediaBoardAccess(db, actor, boardId, options);
  const data = parseOrRefuse(schema, input);
  checkNeed(resolved, need);
  return { ...resolved, data };
}
