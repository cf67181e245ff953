import type { Db } from '../db/client';
import { requireCohortAction } from '../db/access';
import { AppError, notFound } from '../errors';
import { can } from '../domain/permissions';
import { cohortBalance } from '../domain/pairing';
import type { MemberRole } from '../domain/roles';
import { checkSchedule, type ScheduleWarning } from '../domain/schedule';
import { workshopBoardTemplate, workshopBoardTitle } from './board-records';
import { isUniqueViolation } from './db-errors';
import { displayName, type Actor } from '../domain/people';
import { parseInput } from '../validation';
import { CohortInput } from './input';
import { getProgrammeStanding } from './programmes';

/**
 * Creates a cohort at a venue with its three workshops and one workshop board per workshop.
 * The schedule rule only warns: the cohort is created and the warnings come back with it.
 */
export async function createCohort(db: Db, actor: Actor, programmeId: string, input: unknown) {
  const standing = await getProgrammeStanding(db, actor.id, programmeId);
  if (!standing) throw notFound('That programme');
  const data = parseInput(CohortInput, input);
  if (!standing.isStaff) throw new AppError('forbidden', 'Only the facilitators who run this programme can add a cohort.');

  const dates = [data.workshop1, data.workshop2, data.workshop3];
  const warnings: ScheduleWarning[] = checkSchedule(dates);
  try {
    const cohort = await db.$transaction(async (tx) => {
      const venue = await tx.venue.upsert({
        where: { name_area: { name: data.venue, area: data.area } },
        update: {},
        create: { name: data.venue, area: data.area },
      });
      const created = await tx.cohort.create({ data: { programmeId, venueId: venue.id, name: data.name } });
      for (const [index, date] of dates.entries()) {
        const number = index + 1;
        await tx.workshop.create({
          data: {
            cohortId: created.id,
            number,
            date,
            boards: {
              create: {
                programmeId,
                cohortId: created.id,
                kind: 'workshop',
                title: workshopBoardTitle(data.name, number),
                template: workshopBoardTemplate(number),
              },
            },
          },
        });
      }
      return created;
    });
    return { cohort, warnings };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // The unique key that failed is not reported the same way by every driver: ask again.
    const sameName = await db.cohort.findUnique({ where: { programmeId_name: { programmeId, name: data.name } } });
    if (sameName) {
      throw new AppError('conflict', 'This programme already has a cohort with that name.', {
        name: ['This programme already has a cohort with that name. Choose another name.'],
      });
    }
    throw new AppError('conflict', 'Someone else saved a change at the same moment, so nothing was saved. Please try again.');
  }
}

/** Workshop boards in workshop order, then pair boards; archived boards last. */
function boardOrder(
  a: { kind: string; state: string; workshopNumber: number | null },
  b: { kind: string; state: string; workshopNumber: number | null },
): number {
  const rank = (board: typeof a) => (board.state === 'archived' ? 2 : board.kind === 'workshop' ? 0 : 1);
  return rank(a) - rank(b) || (a.workshopNumber ?? 0) - (b.workshopNumber ?? 0);
}

export interface CohortPerson {
  memberId: string;
  userId: string;
  name: string;
  role: MemberRole;
  joinedAt: Date;
  pairId: string | null;
}

/**
 * Everything the cohort page shows, loaded for someone who may view the cohort (404 for
 * anyone else): people by role with counts, the balance flag, pairs, unpaired people, boards.
 */
export async function getCohortOverview(db: Db, actor: Actor, cohortId: string) {
  const { role } = await requireCohortAction(db, actor.id, cohortId, 'cohort.view');
  const cohort = await db.cohort.findUnique({
    where: { id: cohortId },
    include: {
      venue: true,
      programme: { include: { staff: { include: { user: { select: { name: true, email: true } } } } } },
      workshops: { orderBy: { number: 'asc' } },
      members: {
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        include: {
          user: { select: { name: true, email: true } },
          asProfessional: { select: { id: true } },
          asLayPartner: { select: { id: true } },
        },
      },
      pairs: { orderBy: { createdAt: 'asc' }, include: { boards: { select: { id: true, state: true } } } },
      boards: { orderBy: { createdAt: 'asc' }, include: { workshop: { select: { number: true } } } },
    },
  });
  if (!cohort) throw notFound('That cohort');

  const people: CohortPerson[] = cohort.members.map((m) => ({
    memberId: m.id,
    userId: m.userId,
    name: displayName(m.user),
    role: m.role as MemberRole,
    joinedAt: m.createdAt,
    pairId: m.asProfessional?.id ?? m.asLayPartner?.id ?? null,
  }));
  const byId = new Map(people.map((p) => [p.memberId, p]));
  const professionals = people.filter((p) => p.role === 'professional');
  const layPartners = people.filter((p) => p.role === 'lay_partner');
  const memberFacilitators = people.filter((p) => p.role === 'facilitator');
  const staff = cohort.programme.staff
    .filter((s) => !memberFacilitators.some((f) => f.userId === s.userId))
    .map((s) => ({ userId: s.userId, name: displayName(s.user) }));

  return {
    cohort: {
      id: cohort.id,
      name: cohort.name,
      programmeId: cohort.programmeId,
      programmeName: cohort.programme.name,
      venue: cohort.venue.name,
      area: cohort.venue.area,
    },
    role,
    canManagePairs: can(role, 'pair.manage'),
    canManageInvitations: can(role, 'invitation.manage'),
    workshops: cohort.workshops.map((w) => ({ id: w.id, number: w.number, date: w.date })),
    scheduleWarnings: checkSchedule(cohort.workshops.map((w) => w.date)),
    professionals,
    layPartners,
    facilitators: [...memberFacilitators.map((f) => ({ userId: f.userId, name: f.name })), ...staff],
    balance: cohortBalance(professionals.length, layPartners.length),
    pairs: cohort.pairs.map((pair) => ({
      id: pair.id,
      projectTitle: pair.projectTitle,
      challenge: pair.challenge,
      professional: byId.get(pair.professionalId) as CohortPerson,
      layPartner: byId.get(pair.layPartnerId) as CohortPerson,
      boardId: pair.boards.find((b) => b.state !== 'archived')?.id ?? pair.boards[0]?.id ?? null,
    })),
    unpaired: {
      professionals: professionals.filter((p) => !p.pairId),
      layPartners: layPartners.filter((p) => !p.pairId),
    },
    boards: cohort.boards
      .map((b) => ({ id: b.id, title: b.title, kind: b.kind, state: b.state, workshopNumber: b.workshop?.number ?? null }))
      .sort(boardOrder),
  };
}

export type CohortOverview = Awaited<ReturnType<typeof getCohortOverview>>;
