import { describe, expect } from 'vitest';
import { cohortEvaluation, evaluationCsvResponse } from '../../server/exports/evaluation';
import { waitFor } from '../helpers/db';
import { addNote, type FixtureUser } from '../helpers/realtime';
import { realtimeTest } from '../helpers/realtime-fixture';

// The route (app/api/cohorts/[cohortId]/evaluation.csv/route.ts) is the session check around
// evaluationCsvResponse; this drives that with real people, boards and a real database.

/** The workshop board's cohort, whose figures every test reads. */
const it = realtimeTest.extend<{ cohortId: string }>({
  cohortId: async ({ database, boards }, provide) => {
    await provide((await database.db.board.findUniqueOrThrow({ where: { id: boards.workshopBoardId } })).cohortId!);
  },
});

const actor = (user: FixtureUser) => ({ id: user.id, isFacilitator: false });

describe('GET /api/cohorts/<id>/evaluation.csv', () => {
  it('counts the programme’s staff among the cohort’s facilitators (they hold no membership row), each once', async ({ database, boards: fixture, cohortId }) => {
    const cohort = await database.db.cohort.findUniqueOrThrow({ where: { id: cohortId } });
    const staff = await database.db.user.create({ data: { email: `staff-${Date.now()}@example.org`, name: 'Sam Staff' } });
    await database.db.programmeStaff.create({ data: { programmeId: cohort.programmeId, userId: staff.id } });
    await database.db.programmeStaff.create({ data: { programmeId: cohort.programmeId, userId: fixture.facilitator.id } });
    const figures = await cohortEvaluation(database.db, actor(fixture.facilitator), cohortId);
    expect(figures.members.facilitator).toBe(2);
  });

  it('gives facilitators counts with small ones hidden and no names; 403 for participants, 404 outside the cohort', async ({ database, boards: fixture, realtime, cohortId }) => {
    // Four more professionals join the cohort (six in all), and five of them write on the workshop board.
    const workshop = await database.db.workshop.create({ data: { cohortId, number: 1, date: new Date('2016-03-01') } });
    await database.db.board.update({ where: { id: fixture.workshopBoardId }, data: { workshopId: workshop.id } });
    const expires = new Date(Date.now() + 3600_000);
    const writers: FixtureUser[] = [fixture.professional];
    for (let i = 1; i <= 4; i += 1) {
      const user = await database.db.user.create({ data: { name: `Extra Professional ${i}`, email: `extra.${i}.${Date.now()}@example.org` } });
      const session = await database.db.session.create({ data: { userId: user.id, sessionToken: `s-${user.id}`, expires } });
      await database.db.member.create({ data: { cohortId, userId: user.id, role: 'professional' } });
      writers.push({ id: user.id, name: user.name!, sessionId: session.id, role: 'professional' } as FixtureUser);
    }
    for (const [i, writer] of writers.entries()) {
      const c = await realtime.connect(writer, fixture.workshopBoardId);
      addNote(c, `shape:pro-${i}`, 'Two words');
      await waitFor(() => c.allSaved(), 5000, `${writer.name} saved`);
    }
    const lee = await realtime.connect(fixture.layPartner, fixture.workshopBoardId);
    addNote(lee, 'shape:lee', 'Only lay words here');
    await waitFor(() => lee.allSaved(), 5000, 'Lee saved');

    const response = await evaluationCsvResponse(database.db, actor(fixture.facilitator), cohortId);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    // Named after the cohort ("Cohort A" in the fixture), not the same name for every cohort.
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="cohort-a-evaluation.csv"');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const csv = await response.text();
    const lines = csv.trim().split('\r\n');
    const small = '<5,"Hidden: fewer than 5 people, so no one can be singled out."';
    const giveaway = '<5,"Hidden: with the figures shown, it would give away a hidden figure."';
    expect(lines[0]).toBe('section,scope,measure,role,value,note');
    // Six professionals are shown; the one lay partner and the one facilitator are not, nor the total that would reveal them.
    expect(lines).toContain('members,cohort,members,Professional,6,');
    expect(lines).toContain(`members,cohort,members,Lay partner,${small}`);
    expect(lines).toContain(`members,cohort,members,Facilitator,${small}`);
    expect(lines).toContain(`members,cohort,members,all roles,${giveaway}`);
    // Five professionals wrote two words each: shown. The lay partner wrote alone: hidden, and the totals with it.
    expect(lines).toContain('contributions,Workshop 1,people who wrote notes,Professional,5,');
    expect(lines).toContain('contributions,Workshop 1,words,Professional,10,');
    expect(lines).toContain(`contributions,Workshop 1,words,Lay partner,${small}`);
    expect(lines).toContain(`contributions,Workshop 1,words,all roles,${giveaway}`);
    for (const line of lines.slice(1)) expect(line).not.toMatch(/,[1-4],$/);
    // No one is named or identifiable, and no one's words are in it.
    for (const user of await database.db.user.findMany()) {
      expect(csv).not.toContain(user.name!);
      expect(csv).not.toContain(user.email!);
      expect(csv).not.toContain(user.id);
    }
    expect(csv).not.toContain('Only lay words here');

    // Participants may not have it; people outside the cohort are not told it exists.
    for (const participant of [fixture.professional, fixture.layPartner]) {
      const refused = await evaluationCsvResponse(database.db, actor(participant), cohortId);
      expect(refused.status).toBe(403);
      expect(await refused.json()).toEqual({ error: 'Only a facilitator can do that.' });
    }
    const outside = await evaluationCsvResponse(database.db, actor(fixture.outsider), cohortId);
    expect(outside.status).toBe(404);
    expect((await evaluationCsvResponse(database.db, actor(fixture.facilitator), 'no-such-cohort')).status).toBe(404);
    expect((await evaluationCsvResponse(database.db, actor(fixture.facilitator), '')).status).toBe(422);
  });
});
