import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/client';
import { resolveBoardAccess } from '../../server/db/access';
import { DEMO_FACILITATOR_EMAIL, seedDemoIfEmpty } from '../../server/db/demo-seed';
import { AppError } from '../../server/errors';
import { expectAppError } from '../helpers/app-errors';
import { createCohort, getCohortOverview } from '../../server/programme/cohorts';
import { getProgrammeOverview, createProgramme, listProgrammes } from '../../server/programme/programmes';
import { acceptSuggestedPairs, pairMembers, rePair, suggestPairsForCohort, unpair } from '../../server/programme/pairs';
import type { Actor } from '../../server/domain/people';
import { getHome } from '../../server/programme/home';
import { removeMember } from '../../server/programme/members';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

let t: TestDatabase;
let db: Db;

beforeEach(async () => {
  t = await createTestDatabase();
  db = t.db;
});
afterEach(async () => {
  await t.cleanup();
});

async function user(name: string, isFacilitator = false): Promise<Actor & { name: string }> {
  const u = await db.user.create({ data: { name, email: `${name.toLowerCase().replace(/\s+/g, '.')}@example.test`, isFacilitator } });
  return { id: u.id, isFacilitator: u.isFacilitator, name };
}

async function member(cohortId: string, role: 'professional' | 'lay_partner' | 'facilitator', name: string) {
  const u = await user(name);
  const m = await db.member.create({ data: { cohortId, userId: u.id, role } });
  return { actor: u as Actor, memberId: m.id };
}

const COHORT_FORM = { name: 'Oxford', venue: 'Oxford Town Hall', area: 'Oxfordshire', workshop1: '2026-03-04', workshop2: '2026-04-01', workshop3: '2026-05-06' };

async function programmeWithCohorts() {
  const facilitator = await user('Fran Facilitator', true);
  const programme = await createProgramme(db, facilitator, { name: 'Leading Together 2026' });
  const a = await createCohort(db, facilitator, programme.id, COHORT_FORM);
  const b = await createCohort(db, facilitator, programme.id, { ...COHORT_FORM, name: 'Reading', venue: 'Reading Library', area: 'Berkshire' });
  return { facilitator, programme, cohortA: a.cohort, cohortB: b.cohort };
}

describe('programmes and cohorts', () => {
  it('only lets a facilitator create a programme, makes them its staff and gives it a mural', async () => {
    const participant = await user('Pat Participant');
    await expectAppError(createProgramme(db, participant, { name: 'Nope' }), 'forbidden');
    const facilitator = await user('Fran Facilitator', true);
    const invalid = await expectAppError(createProgramme(db, facilitator, { name: '  ' }), 'invalid_input');
    expect(invalid.fieldErrors?.name).toEqual(['Enter a programme name.']);

    const programme = await createProgramme(db, facilitator, { name: 'Leading Together 2026' });
    expect(await db.programmeStaff.count({ where: { programmeId: programme.id, userId: facilitator.id } })).toBe(1);
    const murals = await db.board.findMany({ where: { programmeId: programme.id, kind: 'mural' } });
    expect(murals).toMatchObject([{ cohortId: null, template: 'mural', state: 'open' }]);
    await expectAppError(createProgramme(db, facilitator, { name: 'Leading Together 2026' }), 'conflict');
    expect((await listProgrammes(db, facilitator)).map((p) => p.name)).toEqual(['Leading Together 2026']);
    expect(await listProgrammes(db, participant)).toEqual([]);
  });

  it('creates a cohort with three workshops and one workshop board each, warning about the schedule without blocking', async () => {
    const facilitator = await user('Fran Facilitator', true);
    const programme = await createProgramme(db, facilitator, { name: 'Leading Together 2026' });
    const { cohort, warnings } = await createCohort(db, facilitator, programme.id, { ...COHORT_FORM, workshop2: '2026-03-10' });
    expect(warnings.map((w) => w.code)).toEqual(['gap_too_short']);
    const again = await expectAppError(createCohort(db, facilitator, programme.id, COHORT_FORM), 'conflict');
    expect(again.fieldErrors?.name?.[0]).toMatch(/already has a cohort with that name/);

    const workshops = await db.workshop.findMany({ where: { cohortId: cohort.id }, orderBy: { number: 'asc' }, include: { boards: true } });
    expect(workshops.map((w) => [w.number, w.date.toISOString().slice(0, 10)])).toEqual([
      [1, '2026-03-04'],
      [2, '2026-03-10'],
      [3, '2026-05-06'],
    ]);
    expect(workshops.map((w) => w.boards.map((b) => [b.kind, b.template, b.cohortId, b.programmeId]))).toEqual(
      [1, 2, 3].map((n) => [['workshop', `workshop-${n}`, cohort.id, programme.id]]),
    );
    const venue = await db.venue.findUniqueOrThrow({ where: { id: cohort.venueId } });
    expect(venue).toMatchObject({ name: 'Oxford Town Hall', area: 'Oxfordshire' });
  });

  it('answers bad cohort input with field-level messages and creates nothing', async () => {
    const facilitator = await user('Fran Facilitator', true);
    const programme = await createProgramme(db, facilitator, { name: 'Leading Together 2026' });
    const error = await expectAppError(
      createCohort(db, facilitator, programme.id, { ...COHORT_FORM, venue: '', workshop3: '2026-02-30' }),
      'invalid_input',
    );
    expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual(['venue', 'workshop3']);
    expect(await db.cohort.count()).toBe(0);
  });

  it('hides a programme and its cohorts from outsiders and refuses participants the facilitator actions', async () => {
    const { programme, cohortA } = await programmeWithCohorts();
    const outsider = await user('Olly Outsider', true);
    await expectAppError(getProgrammeOverview(db, outsider, programme.id), 'not_found');
    await expectAppError(createCohort(db, outsider, programme.id, COHORT_FORM), 'not_found');

    const { actor: participant } = await member(cohortA.id, 'professional', 'Pat Professional');
    const overview = await getProgrammeOverview(db, participant, programme.id);
    expect(overview.canCreateCohort).toBe(false);
    expect(overview.cohorts.map((c) => c.name)).toEqual(['Oxford']);
    await expectAppError(createCohort(db, participant, programme.id, { ...COHORT_FORM, name: 'Mine' }), 'forbidden');
  });
});

describe('cohort access', () => {
  it('gives a member of cohort A not-found for cohort B and for its boards', async () => {
    const { cohortA, cohortB } = await programmeWithCohorts();
    const { actor: layA } = await member(cohortA.id, 'lay_partner', 'Lee Lay');
    await expect(getCohortOverview(db, layA, cohortA.id)).resolves.toMatchObject({ role: 'lay_partner', canManagePairs: false });
    await expectAppError(getCohortOverview(db, layA, cohortB.id), 'not_found');
    await expectAppError(getCohortOverview(db, layA, 'no-such-cohort'), 'not_found');

    const boardB = await db.board.findFirstOrThrow({ where: { cohortId: cohortB.id } });
    expect(await resolveBoardAccess(db, layA.id, boardB.id)).toBeNull();
    const boardA = await db.board.findFirstOrThrow({ where: { cohortId: cohortA.id } });
    expect(await resolveBoardAccess(db, layA.id, boardA.id)).toMatchObject({ access: 'edit', role: 'lay_partner' });
  });

  it('refuses a participant every facilitator action on their own cohort', async () => {
    const { cohortA } = await programmeWithCohorts();
    const { actor: pro, memberId: proId } = await member(cohortA.id, 'professional', 'Pat Professional');
    const { memberId: layId } = await member(cohortA.id, 'lay_partner', 'Lee Lay');
    const form = { professionalId: proId, layPartnerId: layId, projectTitle: 'Ours', challenge: '' };
    await expectAppError(pairMembers(db, pro, cohortA.id, form), 'forbidden');
    await expectAppError(suggestPairsForCohort(db, pro, cohortA.id), 'forbidden');
    await expectAppError(acceptSuggestedPairs(db, pro, cohortA.id, { pairs: [form] }), 'forbidden');
    await expectAppError(unpair(db, pro, cohortA.id, { pairId: 'any' }), 'forbidden');
    await expectAppError(rePair(db, pro, cohortA.id, { pairId: 'any', ...form }), 'forbidden');
    expect(await db.pair.count()).toBe(0);
  });
});

describe('pairs', () => {
  async function cohortWithPeople() {
    const setup = await programmeWithCohorts();
    const { cohortA, cohortB } = setup;
    const pro1 = (await member(cohortA.id, 'professional', 'Priya Professional')).memberId;
    const pro2 = (await member(cohortA.id, 'professional', 'Paul Professional')).memberId;
    const lay1 = (await member(cohortA.id, 'lay_partner', 'Lee Lay')).memberId;
    const lay2 = (await member(cohortA.id, 'lay_partner', 'Lin Lay')).memberId;
    const layB = (await member(cohortB.id, 'lay_partner', 'Bea Elsewhere')).memberId;
    return { ...setup, pro1, pro2, lay1, lay2, layB };
  }
  const project = { projectTitle: 'Clearer letters', challenge: 'Letters are full of jargon.' };

  it('pairs a professional with a lay partner and gives the pair its own board', async () => {
    const { facilitator, cohortA, pro1, lay1 } = await cohortWithPeople();
    const { pair, created } = await pairMembers(db, facilitator, cohortA.id, { professionalId: pro1, layPartnerId: lay1, ...project });
    expect(created).toBe(true);
    const boards = await db.board.findMany({ where: { pairId: pair.id } });
    expect(boards).toMatchObject([{ kind: 'pair', template: 'pair', title: 'Clearer letters', cohortId: cohortA.id, state: 'open' }]);

    const overview = await getCohortOverview(db, facilitator, cohortA.id);
    expect(overview.pairs.map((p) => [p.professional.name, p.layPartner.name, p.projectTitle])).toEqual([
      ['Priya Professional', 'Lee Lay', 'Clearer letters'],
    ]);
    expect(overview.unpaired.professionals.map((p) => p.name)).toEqual(['Paul Professional']);
    expect(overview.balance.balanced).toBe(true);
  });

  it('refuses two professionals, someone already paired, and someone from another cohort', async () => {
    const { facilitator, cohortA, pro1, pro2, lay1, lay2, layB } = await cohortWithPeople();
    const twoPros = await expectAppError(pairMembers(db, facilitator, cohortA.id, { professionalId: pro1, layPartnerId: pro2, ...project }), 'invalid_input');
    expect(twoPros.fieldErrors?.layPartnerId?.[0]).toMatch(/never two professionals/);

    await pairMembers(db, facilitator, cohortA.id, { professionalId: pro1, layPartnerId: lay1, ...project });
    const twice = await expectAppError(pairMembers(db, facilitator, cohortA.id, { professionalId: pro1, layPartnerId: lay2, ...project }), 'invalid_input');
    expect(twice.fieldErrors?.professionalId?.[0]).toMatch(/already in a pair/);

    const crossCohort = await expectAppError(pairMembers(db, facilitator, cohortA.id, { professionalId: pro2, layPartnerId: layB, ...project }), 'invalid_input');
    expect(crossCohort.fieldErrors?.layPartnerId?.[0]).toMatch(/different cohort/);
    expect(crossCohort.message).not.toMatch(/Bea/);

    const missing = await expectAppError(pairMembers(db, facilitator, cohortA.id, { layPartnerId: lay2, projectTitle: '' }), 'invalid_input');
    expect(Object.keys(missing.fieldErrors ?? {}).sort()).toEqual(['professionalId', 'projectTitle']);
    expect(await db.pair.count()).toBe(1);
  });

  it('creates one pair and one board when the same pair is submitted several times at once', async () => {
    const { facilitator, cohortA, pro1, lay1 } = await cohortWithPeople();
    const form = { professionalId: pro1, layPartnerId: lay1, ...project };
    const results = await Promise.all([1, 2, 3].map(() => pairMembers(db, facilitator, cohortA.id, form)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.pair.id)).size).toBe(1);
    expect(await db.pair.count()).toBe(1);
    expect(await db.board.count({ where: { kind: 'pair' } })).toBe(1);
  });

  it('answers a clear message when two different pairs race for the same person', async () => {
    const { facilitator, cohortA, pro1, lay1, lay2 } = await cohortWithPeople();
    const results = await Promise.allSettled([
      pairMembers(db, facilitator, cohortA.id, { professionalId: pro1, layPartnerId: lay1, ...project }),
      pairMembers(db, facilitator, cohortA.id, { professionalId: pro1, layPartnerId: lay2, ...project }),
    ]);
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toBeInstanceOf(AppError);
    expect(['conflict', 'invalid_input']).toContain((failures[0] as AppError).code);
    expect(await db.pair.count()).toBe(1);
    expect(await db.board.count({ where: { kind: 'pair' } })).toBe(1);
  });

  it('suggests pairs for everyone unpaired in join order and creates them when accepted', async () => {
    const { facilitator, cohortA, pro1, pro2, lay1, lay2 } = await cohortWithPeople();
    const extra = (await member(cohortA.id, 'professional', 'Pia Professional')).memberId;
    const suggestions = await suggestPairsForCohort(db, facilitator, cohortA.id);
    expect(suggestions.pairs.map((p) => [p.professional.id, p.layPartner.id])).toEqual([
      [pro1, lay1],
      [pro2, lay2],
    ]);
    expect(suggestions.leftOver.professionals.map((p) => p.id)).toEqual([extra]);

    const accepted = await acceptSuggestedPairs(db, facilitator, cohortA.id, {
      pairs: suggestions.pairs.map((p) => ({ professionalId: p.professional.id, layPartnerId: p.layPartner.id })),
    });
    expect(accepted).toEqual({ created: 2, problems: [] });
    expect(await db.board.count({ where: { kind: 'pair', cohortId: cohortA.id } })).toBe(2);
    expect((await suggestPairsForCohort(db, facilitator, cohortA.id)).pairs).toEqual([]);
  });

  it('unpairs by archiving the pair board, never deleting it, then re-pairs with a fresh board', async () => {
    const { facilitator, cohortA, cohortB, pro1, lay1, lay2 } = await cohortWithPeople();
    const { pair } = await pairMembers(db, facilitator, cohortA.id, { professionalId: pro1, layPartnerId: lay1, ...project });
    const board = await db.board.findFirstOrThrow({ where: { pairId: pair.id } });

    expect((await unpair(db, facilitator, cohortB.id, { pairId: pair.id })).removed).toBe(false);
    expect((await unpair(db, facilitator, cohortA.id, { pairId: pair.id })).removed).toBe(true);
    expect((await unpair(db, facilitator, cohortA.id, { pairId: pair.id })).removed).toBe(false);
    expect(await db.board.findUnique({ where: { id: board.id } })).toMatchObject({ state: 'archived', pairId: null });

    const again = await pairMembers(db, facilitator, cohortA.id, { professionalId: pro1, layPartnerId: lay2, ...project });
    const swapped = await rePair(db, facilitator, cohortA.id, { pairId: again.pair.id, professionalId: pro1, layPartnerId: lay1, ...project });
    expect(swapped.created).toBe(true);
    expect(await db.pair.findMany({ select: { professionalId: true, layPartnerId: true } })).toEqual([{ professionalId: pro1, layPartnerId: lay1 }]);
    expect(await db.board.count({ where: { kind: 'pair', state: 'archived' } })).toBe(2);
    expect(await db.board.count({ where: { kind: 'pair', state: 'open', pairId: swapped.pair.id } })).toBe(1);

    const renamed = await rePair(db, facilitator, cohortA.id, { pairId: swapped.pair.id, professionalId: pro1, layPartnerId: lay1, projectTitle: 'Kinder letters' });
    expect(renamed).toMatchObject({ created: false, pair: { id: swapped.pair.id, projectTitle: 'Kinder letters', challenge: '' } });
    expect(await db.board.findFirstOrThrow({ where: { pairId: swapped.pair.id } })).toMatchObject({ title: 'Kinder letters', state: 'open' });
  });
});

describe('home page data', () => {
  it('shows a participant their cohort, partner, project, next workshop and boards', async () => {
    const { facilitator, cohortA } = await programmeWithCohorts();
    const { actor: pro, memberId: proId } = await member(cohortA.id, 'professional', 'Priya Professional');
    const { memberId: layId } = await member(cohortA.id, 'lay_partner', 'Lee Lay');
    await pairMembers(db, facilitator, cohortA.id, { professionalId: proId, layPartnerId: layId, projectTitle: 'Clearer letters', challenge: '' });

    const home = await getHome(db, pro, '2026-04-01');
    expect(home.memberships).toHaveLength(1);
    const [mine] = home.memberships;
    expect(mine).toMatchObject({ cohortName: 'Oxford', venue: 'Oxford Town Hall', partner: { name: 'Lee Lay' }, project: { title: 'Clearer letters' } });
    expect(mine.nextWorkshop).toMatchObject({ number: 2, timing: 'today' });
    expect(mine.workshops.map((w) => w.timing)).toEqual(['past', 'today', 'upcoming']);
    expect(mine.boards.map((b) => b.kind).sort()).toEqual(['mural', 'pair', 'workshop', 'workshop', 'workshop']);

    const facilitatorHome = await getHome(db, facilitator, '2026-04-01');
    expect(facilitatorHome.programmes.map((p) => p.cohorts.length)).toEqual([2]);
  });
});

describe('demo seed', () => {
  it('creates the 2016 programme with six cohorts only into an empty database, and only once', async () => {
    await expect(seedDemoIfEmpty(db)).resolves.toEqual({ seeded: true });
    const cohorts = await db.cohort.findMany({ include: { venue: true, workshops: true, boards: true }, orderBy: { createdAt: 'asc' } });
    expect(cohorts.map((c) => c.venue.name)).toEqual(['High Wycombe', 'Oxford', 'Bristol', 'Crawley', 'Aylesbury', 'Reading']);
    for (const cohort of cohorts) {
      expect(cohort.workshops).toHaveLength(3);
      expect(cohort.boards.filter((b) => b.kind === 'workshop')).toHaveLength(3);
    }
    const facilitator = await db.user.findUniqueOrThrow({ where: { email: DEMO_FACILITATOR_EMAIL }, include: { staffOf: true } });
    expect(facilitator).toMatchObject({ name: 'Demo Facilitator', isFacilitator: true });
    expect(facilitator.staffOf).toHaveLength(1);
    expect(await db.pair.count()).toBeGreaterThan(0);
    const pairsWithoutBoards = await db.pair.count({ where: { boards: { none: {} } } });
    expect(pairsWithoutBoards).toBe(0);

    const counts = { users: await db.user.count(), boards: await db.board.count() };
    await expect(seedDemoIfEmpty(db)).resolves.toEqual({ seeded: false });
    expect({ users: await db.user.count(), boards: await db.board.count() }).toEqual(counts);
  });

  it('does not seed into a database that already has a user', async () => {
    await user('Real Person');
    await expect(seedDemoIfEmpty(db)).resolves.toEqual({ seeded: false });
    expect(await db.programme.count()).toBe(0);
  });
});

describe('removing someone from a cohort', () => {
  it('takes away their access, dissolves their pair and archives (keeps) its board; only a facilitator may', async () => {
    const { facilitator, cohortA } = await programmeWithCohorts();
    const pro = await member(cohortA.id, 'professional', 'Priya Pro');
    const lay = await member(cohortA.id, 'lay_partner', 'Larry Lay');
    const { pair } = await pairMembers(db, facilitator, cohortA.id, { professionalId: pro.memberId, layPartnerId: lay.memberId, projectTitle: 'Clearer letters', challenge: 'Letters are hard to read' });
    const board = await db.board.findFirstOrThrow({ where: { pairId: pair.id } });
    expect((await resolveBoardAccess(db, lay.actor.id, board.id))?.access).toBe('edit');

    await expectAppError(removeMember(db, pro.actor, cohortA.id, { memberId: lay.memberId }), 'forbidden');
    await expectAppError(removeMember(db, facilitator, cohortA.id, { memberId: '' }), 'invalid_input');

    expect(await removeMember(db, facilitator, cohortA.id, { memberId: lay.memberId })).toEqual({ removed: true });
    expect(await db.member.count({ where: { id: lay.memberId } })).toBe(0);
    expect(await db.pair.count({ where: { id: pair.id } })).toBe(0);
    expect(await db.board.findUniqueOrThrow({ where: { id: board.id } })).toMatchObject({ state: 'archived', pairId: null });
    expect(await resolveBoardAccess(db, lay.actor.id, board.id)).toBeNull();
    // A double click finds nothing left to do.
    expect(await removeMember(db, facilitator, cohortA.id, { memberId: lay.memberId })).toEqual({ removed: false });
  });

  it('refuses a facilitator removing themselves and outsiders get not-found', async () => {
    const { cohortA, cohortB } = await programmeWithCohorts();
    const fac = await member(cohortA.id, 'facilitator', 'Fiona Fac');
    await expectAppError(removeMember(db, fac.actor, cohortA.id, { memberId: fac.memberId }), 'invalid_input');
    const outsider = await member(cohortB.id, 'facilitator', 'Olly Outside');
    await expectAppError(removeMember(db, outsider.actor, cohortA.id, { memberId: fac.memberId }), 'not_found');
  });
});
