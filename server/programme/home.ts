import type { Db } from '../db/client';
import type { MemberRole } from '../domain/roles';
import { nextWorkshop, workshopTiming, type WorkshopTiming } from '../domain/schedule';
import { displayName, type Actor } from '../domain/people';
import { listProgrammes } from './programmes';

export interface HomeBoard {
  id: string;
  title: string;
  kind: string;
  state: string;
}

export interface HomeWorkshop {
  number: number;
  date: Date;
  timing: WorkshopTiming;
}

/** Today's calendar day in the UK, where the programme runs, as `YYYY-MM-DD`. */
export function todayInUk(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * What the home page shows the person: for each cohort they belong to, its venue, their
 * partner and project, the workshops relative to `today` and their boards; and the
 * programmes they run or take part in.
 */
export async function getHome(db: Db, actor: Actor, today: string) {
  const members = await db.member.findMany({
    where: { userId: actor.id },
    orderBy: { createdAt: 'asc' },
    include: {
      cohort: {
        include: {
          venue: true,
          programme: { include: { boards: { where: { kind: 'mural' }, select: { id: true, title: true, kind: true, state: true } } } },
          workshops: { orderBy: { number: 'asc' } },
          boards: { where: { kind: 'workshop' }, include: { workshop: { select: { number: true } } } },
        },
      },
      asProfessional: { include: { layPartner: { include: { user: true } }, boards: true } },
      asLayPartner: { include: { professional: { include: { user: true } }, boards: true } },
    },
  });

  const memberships = members.map((m) => {
    const pair = m.asProfessional ?? m.asLayPartner;
    const partnerMember = m.asProfessional?.layPartner ?? m.asLayPartner?.professional;
    const workshops: HomeWorkshop[] = m.cohort.workshops.map((w) => ({ number: w.number, date: w.date, timing: workshopTiming(w.date, today) }));
    const workshopBoards = [...m.cohort.boards].sort((a, b) => (a.workshop?.number ?? 0) - (b.workshop?.number ?? 0));
    const boards: HomeBoard[] = [
      ...(pair?.boards ?? []).map((b) => ({ id: b.id, title: b.title, kind: b.kind, state: b.state })),
      ...workshopBoards.map((b) => ({ id: b.id, title: b.title, kind: b.kind, state: b.state })),
      ...m.cohort.programme.boards,
    ];
    return {
      cohortId: m.cohortId,
      cohortName: m.cohort.name,
      programmeName: m.cohort.programme.name,
      venue: m.cohort.venue.name,
      area: m.cohort.venue.area,
      role: m.role as MemberRole,
      partner: partnerMember ? { name: displayName(partnerMember.user), role: partnerMember.role as MemberRole } : null,
      project: pair ? { title: pair.projectTitle, challenge: pair.challenge } : null,
      workshops,
      nextWorkshop: nextWorkshop(workshops, today),
      boards,
    };
  });

  const programmes = (await listProgrammes(db, actor)).filter((p) => p.isStaff);
  return { isFacilitator: actor.isFacilitator, memberships, programmes };
}

export type HomeData = Awaited<ReturnType<typeof getHome>>;
