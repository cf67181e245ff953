import { databaseKindOf, type Db } from './client';
import {
  MURAL_BOARD_TEMPLATE,
  muralBoardTitle,
  PAIR_BOARD_TEMPLATE,
  workshopBoardTemplate,
  workshopBoardTitle,
} from '../programme/board-records';
import { parseDay } from '../domain/schedule';

export const DEMO_PROGRAMME_NAME = 'Leading Together 2016';
export const DEMO_FACILITATOR_EMAIL = 'facilitator@demo.together-board.local';
const DEMO_EMAIL_DOMAIN = 'demo.together-board.local';

interface DemoCohort {
  town: string;
  area: string;
  workshops: [string, string, string];
  professionals: number;
  layPartners: number;
  projects: { title: string; challenge: string }[];
}

// The 2016 schedule from the programme's own page; the people and projects are made up.
// Reading is one lay partner short, so the demo shows the "unequal numbers" flag, and every
// cohort keeps someone unpaired, so "Suggest pairs" has work to do.
const DEMO_COHORTS: DemoCohort[] = [
  {
    town: 'High Wycombe',
    area: 'Buckinghamshire',
    workshops: ['2016-02-10', '2016-03-09', '2016-04-13'],
    professionals: 3,
    layPartners: 3,
    projects: [
      { title: 'Clearer discharge letters', challenge: 'People leave hospital with letters full of jargon they cannot act on.' },
      { title: 'A welcoming waiting room', challenge: 'The clinic waiting room feels cold and confusing for first-time visitors.' },
    ],
  },
  {
    town: 'Oxford',
    area: 'Oxfordshire',
    workshops: ['2016-03-16', '2016-04-20', '2016-05-18'],
    professionals: 3,
    layPartners: 3,
    projects: [
      { title: "Carers' voice in care planning", challenge: 'Family carers are rarely asked what they know about the person they care for.' },
      { title: 'Plain-English appointment reminders', challenge: 'Missed appointments rise when reminders are hard to understand.' },
    ],
  },
  {
    town: 'Bristol',
    area: 'Bristol',
    workshops: ['2016-04-14', '2016-05-12', '2016-06-16'],
    professionals: 3,
    layPartners: 3,
    projects: [
      { title: 'Peer support after a stroke', challenge: 'People go home after a stroke with nobody who has been through it to talk to.' },
      { title: 'Wellbeing walks', challenge: 'Staff and patients both want a simple way to get outdoors together.' },
    ],
  },
  {
    town: 'Crawley',
    area: 'West Sussex',
    workshops: ['2016-06-08', '2016-07-13', '2016-09-14'],
    professionals: 3,
    layPartners: 3,
    projects: [
      { title: 'Easier booking for hearing tests', challenge: 'Booking by phone shuts out the very people who need a hearing test.' },
      { title: 'Young carers at school', challenge: 'Teachers do not always know which pupils are caring for someone at home.' },
    ],
  },
  {
    town: 'Aylesbury',
    area: 'Buckinghamshire',
    workshops: ['2016-06-22', '2016-07-20', '2016-09-21'],
    professionals: 3,
    layPartners: 3,
    projects: [
      { title: 'Medicines review together', challenge: 'Reviews of long-term medicines rarely start from what matters to the person.' },
      { title: 'Friendly signposting in the surgery', challenge: 'People do not know which local groups could help them.' },
    ],
  },
  {
    town: 'Reading',
    area: 'Berkshire',
    workshops: ['2016-07-06', '2016-09-07', '2016-10-12'],
    professionals: 3,
    layPartners: 2,
    projects: [{ title: 'Mental wellbeing at work', challenge: 'Staff under pressure do not feel able to ask for support early.' }],
  },
];

function day(value: string): Date {
  const date = parseDay(value);
  if (!date) throw new Error(`Demo date ${value} is not a real date`);
  return date;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

/**
 * How long the seed's one transaction may take: some 200 statements, each a round trip to
 * PostgreSQL (Prisma's default of 5 s was exceeded on a busy machine).
 */
const DEMO_SEED_TIMEOUT_MS = 60_000;
/** Advisory lock key of the demo seed on PostgreSQL (any constant of ours; the migrations use another). */
const DEMO_SEED_LOCK_KEY = 7_346_521_001;

/**
 * Seeds the "Leading Together 2016" demo programme, only into an empty database (no
 * programmes and no users), so it never mixes with real data. One transaction: all or nothing.
 */
export async function seedDemoIfEmpty(db: Db): Promise<{ seeded: boolean }> {
  return db.$transaction(async (tx) => {
    // Several PostgreSQL nodes starting together would each find the database empty: the first
    // to take this lock seeds, the others then find its rows. (SQLite has one writer anyway.)
    if (databaseKindOf(db) === 'postgresql') await tx.$queryRaw`SELECT 1 FROM pg_advisory_xact_lock(${DEMO_SEED_LOCK_KEY}::bigint)`;
    const [programmes, users] = await Promise.all([tx.programme.count(), tx.user.count()]);
    if (programmes > 0 || users > 0) return { seeded: false };

    const facilitator = await tx.user.create({ data: { name: 'Demo Facilitator', email: DEMO_FACILITATOR_EMAIL, isFacilitator: true } });
    const programme = await tx.programme.create({
      data: {
        name: DEMO_PROGRAMME_NAME,
        celebrationOn: day('2016-11-23'),
        staff: { create: { userId: facilitator.id } },
        boards: { create: { kind: 'mural', title: muralBoardTitle(DEMO_PROGRAMME_NAME), template: MURAL_BOARD_TEMPLATE } },
      },
    });

    for (const demo of DEMO_COHORTS) {
      const venue = await tx.venue.upsert({
        where: { name_area: { name: demo.town, area: demo.area } },
        update: {},
        create: { name: demo.town, area: demo.area },
      });
      const cohort = await tx.cohort.create({ data: { programmeId: programme.id, venueId: venue.id, name: demo.town } });
      for (const [index, date] of demo.workshops.entries()) {
        const number = index + 1;
        await tx.workshop.create({
          data: {
            cohortId: cohort.id,
            number,
            date: day(date),
            boards: {
              create: {
                programmeId: programme.id,
                cohortId: cohort.id,
                kind: 'workshop',
                title: workshopBoardTitle(cohort.name, number),
                template: workshopBoardTemplate(number),
              },
            },
          },
        });
      }

      const addPeople = async (role: 'professional' | 'lay_partner', count: number) => {
        const label = role === 'professional' ? 'Professional' : 'Lay Partner';
        const ids: string[] = [];
        for (let n = 1; n <= count; n++) {
          const member = await tx.member.create({
            data: {
              cohort: { connect: { id: cohort.id } },
              role,
              user: { create: { name: `Demo ${label} ${n} (${demo.town})`, email: `${slug(label)}.${n}.${slug(demo.town)}@${DEMO_EMAIL_DOMAIN}` } },
            },
          });
          ids.push(member.id);
        }
        return ids;
      };
      const professionals = await addPeople('professional', demo.professionals);
      const layPartners = await addPeople('lay_partner', demo.layPartners);

      for (const [index, project] of demo.projects.entries()) {
        await tx.pair.create({
          data: {
            cohortId: cohort.id,
            professionalId: professionals[index],
            layPartnerId: layPartners[index],
            projectTitle: project.title,
            challenge: project.challenge,
            boards: {
              create: { programmeId: programme.id, cohortId: cohort.id, kind: 'pair', title: project.title, template: PAIR_BOARD_TEMPLATE },
            },
          },
        });
      }
    }
    return { seeded: true };
  }, { timeout: DEMO_SEED_TIMEOUT_MS });
}
