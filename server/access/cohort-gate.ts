import type { z } from 'zod';
import type { Db } from '../db/client';
import { getCohortRole } from '../db/access';
import { AppError, notFound } from '../errors';
import { can, type Action } from '../domain/permissions';
import type { Actor } from '../domain/people';
import { parseInput } from '../validation';

/**
 * The one gate for a cohort mutation, in order: membership (404 for outsiders, so a cohort's
 * existence is never revealed), validated input (422 with field messages), then permission
 * from the role-by-action table (403). The session is checked by the caller (requireApiUser).
 */
export async function cohortGate<S extends z.ZodType>(db: Db, actor: Actor, cohortId: string, action: Action, schema: S, input: unknown) {
  const role = await getCohortRole(db, actor.id, cohortId);
  if (!role) throw notFound('That cohort');
  const data = parseInput(schema, input);
  if (!can(role, action)) throw new AppError('forbidden', 'Only a facilitator can do that.');
  const cohort = await db.cohort.findUnique({ where: { id: cohortId }, select: { id: true, programmeId: true, name: true } });
  if (!cohort) throw notFound('That cohort');
  return { role, data, cohort };
}
