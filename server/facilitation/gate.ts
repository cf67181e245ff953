import type { z } from 'zod';
import { requireBoardAccess } from '../db/access';
import type { Db } from '../db/client';
import { can, type Action } from '../domain/permissions';
import { AppError } from '../errors';
import { parseInput, type Actor } from '../programme/input';

/**
 * The one gate for a facilitation command, in order: board access (404 for outsiders, so a
 * board's existence is never revealed), validated input (422 with field messages), then the
 * role-by-action table (403). `'member'` lets anyone who may see the board through (voting).
 * The session is checked by the caller (requireApiUser).
 */
export async function boardGate<S extends z.ZodType>(db: Db, actor: Actor, boardId: string, action: Action | 'member', schema: S, input: unknown) {
  const resolved = await requireBoardAccess(db, actor.id, boardId);
  const data = parseInput(schema, input);
  if (action !== 'member' && !can(resolved.role, action)) throw new AppError('forbidden', 'Only a facilitator can do that.');
  return { ...resolved, data };
}
