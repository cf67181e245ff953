import type { Db } from '../db/client';
import { AppError } from '../errors';
import { notifyAccessChanged } from '../realtime/control';
import { cohortGate } from '../access/cohort-gate';
import type { Actor } from '../domain/people';
import { MemberIdInput } from './input';

/**
 * Removes someone from a cohort. Their pair (if any) is dissolved with its board archived and
 * kept, and their open board connections are closed now rather than at the next access check.
 * Removing someone twice (a double click) reports nothing to do.
 */
export async function removeMember(db: Db, actor: Actor, cohortId: string, input: unknown) {
  const { data, cohort } = await cohortGate(db, actor, cohortId, 'member.remove', MemberIdInput, input);
  const member = await db.member.findFirst({ where: { id: data.memberId, cohortId: cohort.id } });
  if (!member) return { removed: false };
  if (member.userId === actor.id) {
    throw new AppError('invalid_input', 'You cannot remove yourself. Ask another facilitator to do it.');
  }
  await db.$transaction(async (tx) => {
    const pair = await tx.pair.findFirst({ where: { OR: [{ professionalId: member.id }, { layPartnerId: member.id }] } });
    if (pair) {
      await tx.board.updateMany({ where: { pairId: pair.id }, data: { state: 'archived', pairId: null } });
      await tx.pair.delete({ where: { id: pair.id } });
    }
    await tx.member.deleteMany({ where: { id: member.id } });
  });
  await notifyAccessChanged();
  return { removed: true };
}
