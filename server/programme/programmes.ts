import type { Db } from '../db/client';
import { AppError, notFound } from '../errors';
import { MURAL_BOARD_TEMPLATE, muralBoardTitle } from './board-records';
import { isUniqueViolation } from './db-errors';
import type { Actor } from '../domain/people';
import { parseInput } from '../validation';
import { ProgrammeInput } from './input';

export interface ProgrammeSummary {
  id: string;
  name: string;
  celebrationOn: Date | null;
  /** True when the person runs the programme (and so sees and manages every cohort). */
  isStaff: boolean;
  cohorts: { id: string; name: string; venue: string; area: string; firstWorkshop: Date | null; lastWorkshop: Date | null }[];
}

/** Creates a programme with its celebration mural; only a facilitator may, and they run it. */
export async function createProgramme(db: Db, actor: Actor, input: unknown) {
  const data = parseInput(ProgrammeInput, input);
  if (!actor.isFacilitator) throw new AppError('forbidden', 'Only a facilitator can create a programme.');
  try {
    return await db.programme.create({
      data: {
        name: data.name,
        celebrationOn: data.celebrationOn,
        staff: { create: { userId: actor.id } },
        boards: { create: { kind: 'mural', title: muralBoardTitle(data.name), template: MURAL_BOARD_TEMPLATE } },
      },
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('conflict', 'A programme with that name already exists.', {
        name: ['A programme with that name already exists. Choose another name.'],
      });
    }
    throw error;
  }
}

/**
 * The person's part in a programme: its staff run it (they are the facilitators of every
 * cohort, and only they add cohorts); members of its cohorts take part in theirs; null for
 * anyone else.
 */
export async function getProgrammeStanding(db: Db, userId: string, programmeId: string) {
  const staff = await db.programmeStaff.findUnique({ where: { programmeId_userId: { programmeId, userId } } });
  if (staff) return { isStaff: true, memberCohortIds: [] as string[] };
  const members = await db.member.findMany({ where: { userId, cohort: { programmeId } }, select: { cohortId: true } });
  if (members.length === 0) return null;
  return { isStaff: false, memberCohortIds: members.map((m) => m.cohortId) };
}

const cohortSummarySelect = {
  id: true,
  name: true,
  venue: { select: { name: true, area: true } },
  workshops: { select: { date: true }, orderBy: { number: 'asc' } },
} as const;

function summariseCohort(cohort: { id: string; name: string; venue: { name: string; area: string }; workshops: { date: Date }[] }) {
  return {
    id: cohort.id,
    name: cohort.name,
    venue: cohort.venue.name,
    area: cohort.venue.area,
    firstWorkshop: cohort.workshops[0]?.date ?? null,
    lastWorkshop: cohort.workshops.at(-1)?.date ?? null,
  };
}

/** Programmes the person can see: those they run (every cohort) and those they take part in (their cohorts only). */
export async function listProgrammes(db: Db, actor: Actor): Promise<ProgrammeSummary[]> {
  const programmes = await db.programme.findMany({
    where: { OR: [{ staff: { some: { userId: actor.id } } }, { cohorts: { some: { members: { some: { userId: actor.id } } } } }] },
    orderBy: [{ createdAt: 'desc' }, { name: 'asc' }],
    include: {
      staff: { where: { userId: actor.id }, select: { id: true } },
      cohorts: { orderBy: { createdAt: 'asc' }, select: { ...cohortSummarySelect, members: { where: { userId: actor.id }, select: { id: true } } } },
    },
  });
  return programmes.map((p) => {
    const isStaff = p.staff.length > 0;
    return {
      id: p.id,
      name: p.name,
      celebrationOn: p.celebrationOn,
      isStaff,
      cohorts: p.cohorts.filter((c) => isStaff || c.members.length > 0).map(summariseCohort),
    };
  });
}

/** One programme as the person may see it, with whether they may create cohorts; 404 for outsiders. */
export async function getProgrammeOverview(db: Db, actor: Actor, programmeId: string) {
  const standing = await getProgrammeStanding(db, actor.id, programmeId);
  if (!standing) throw notFound('That programme');
  const programme = await db.programme.findUnique({
    where: { id: programmeId },
    include: {
      cohorts: {
        where: standing.isStaff ? {} : { id: { in: standing.memberCohortIds } },
        orderBy: { createdAt: 'asc' },
        select: cohortSummarySelect,
      },
      boards: { where: { kind: 'mural' }, select: { id: true, title: true, state: true } },
    },
  });
  if (!programme) throw notFound('That programme');
  return {
    id: programme.id,
    name: programme.name,
    celebrationOn: programme.celebrationOn,
    canCreateCohort: standing.isStaff,
    cohorts: programme.cohorts.map(summariseCohort),
    murals: programme.boards,
  };
}
