import { describe, expect } from 'vitest';
import { META_MAP } from '../../lib/collab-protocol';
import { FACILITATION_COMMANDS } from '../../server/facilitation/commands';
import { errorResponse, jsonResponse } from '../../server/http/responses';
import { getFacilitationView } from '../../server/facilitation/view';
import { loadedBoardRecords } from '../../server/realtime/loaded-boards';
import { waitFor } from '../helpers/db';
import { noteRecord, type FixtureUser, type TestClient } from '../helpers/realtime';
import { realtimeTest } from '../helpers/realtime-fixture';

// Seeded by the server from the workshop-1 template (server/realtime/templates).
const SHARED = 'shape:frame-shared';

type CommandResult = { status: number; body: { error?: string; id?: string; remaining?: number } };

/** The workshop board with ideas placed, and the facilitation commands every test runs. */
interface Votes {
  /** A participant's stock client, which placed the ideas. */
  lee: TestClient;
  /** Runs a facilitation command as POST /api/boards/<id>/facilitation/<command> does, after the session check. */
  command(user: FixtureUser, name: string, input: unknown): Promise<CommandResult>;
  startVote(frameId: string | null, votesPerPerson?: number): Promise<string>;
  ballots(voteId: string): Promise<number>;
}

const it = realtimeTest.extend<{ votes: Votes }>({
  votes: async ({ database, boards: fixture, realtime }, provide) => {
    // A participant's stock client adds ideas: two in the shared area (one in a nested frame),
    // one in the pair's frame, one loose on the page. Every ballot check reads the stored board.
    const lee = await realtime.connect(fixture.layPartner, fixture.workshopBoardId);
    /** The pair's frame on the workshop board. */
    const pairFrame = [...lee.records.keys()].find((k) => k.startsWith('shape:frame-pair-'))!;
    expect(pairFrame).toBeTruthy();
    lee.doc.transact(() => {
      lee.records.set('shape:shared-idea', { ...noteRecord('shape:shared-idea', 'Shared idea'), parentId: SHARED });
      lee.records.set('shape:nested', { ...(lee.records.get(SHARED) as object), id: 'shape:nested', parentId: SHARED, isLocked: false, props: { w: 300, h: 200, name: 'Nested', color: 'black' } });
      lee.records.set('shape:nested-idea', { ...noteRecord('shape:nested-idea', 'Nested idea'), parentId: 'shape:nested' });
      lee.records.set('shape:pair-idea', { ...noteRecord('shape:pair-idea', 'Pair idea'), parentId: pairFrame });
      lee.records.set('shape:loose-idea', noteRecord('shape:loose-idea', 'Loose idea'));
    });
    await waitFor(() => lee.allSaved() && lee.records.has('shape:nested-idea'), 5000, 'ideas saved');

    const command = async (user: FixtureUser, name: string, input: unknown): Promise<CommandResult> => {
      let response: Response;
      try {
        response = jsonResponse((await FACILITATION_COMMANDS[name](database.db, { id: user.id, isFacilitator: false }, fixture.workshopBoardId, input)) ?? { ok: true });
      } catch (error) {
        response = errorResponse(error, 'facilitation command');
      }
      return { status: response.status, body: (await response.json()) as CommandResult['body'] };
    };
    await provide({
      lee,
      command,
      async startVote(frameId, votesPerPerson = 3) {
        const started = await command(fixture.facilitator, 'vote-start', { frameId, votesPerPerson });
        expect(started.status).toBe(200);
        return started.body.id!;
      },
      ballots: (voteId) => database.db.voteBallot.count({ where: { voteId } }),
    });
  },
});

describe('a vote on a frame counts only notes inside it', () => {
  it('takes notes in the frame at any depth and refuses the rest with a clear message', async ({ boards: fixture, votes: { command, startVote, ballots } }) => {
    const voteId = await startVote(SHARED);
    const cast = (shapeId: string) => command(fixture.professional, 'vote-cast', { voteId, shapeId });

    expect((await cast('shape:shared-idea')).status).toBe(200);
    expect((await cast('shape:nested-idea')).status).toBe(200);
    for (const outside of ['shape:pair-idea', 'shape:loose-idea']) {
      expect(await cast(outside), outside).toEqual({ status: 422, body: expect.objectContaining({ error: 'That note is not in the frame this vote is about.' }) });
    }
    expect(await cast('shape:never-there')).toEqual({ status: 422, body: expect.objectContaining({ error: 'That sticky note is not on the board any more.' }) });
    expect(await cast('shape:nested')).toEqual({ status: 422, body: expect.objectContaining({ error: 'You can only vote on sticky notes.' }) });
    expect(await cast('shape:title')).toEqual({ status: 422, body: expect.objectContaining({ error: 'You can only vote on sticky notes.' }) });
    expect((await cast('shape:prompt-shared')).status).toBe(422);
    expect(await ballots(voteId)).toBe(2);
  });

  it('refuses a note deleted since the vote started', async ({ boards: fixture, votes: { lee, command, startVote, ballots } }) => {
    const voteId = await startVote(SHARED);
    // A deletion adds no state (only a delete set), so wait for the SAVED of its own batch.
    const savedBefore = lee.savedCount;
    lee.records.delete('shape:shared-idea');
    await waitFor(() => lee.savedCount > savedBefore, 5000, 'deletion saved');
    expect((await command(fixture.professional, 'vote-cast', { voteId, shapeId: 'shape:shared-idea' })).status).toBe(422);
    expect(await ballots(voteId)).toBe(0);
  });

  it('reads the stored board when no realtime server in this process has it open', async ({ boards: fixture, realtime, votes: { lee, command, startVote, ballots } }) => {
    const voteId = await startVote(SHARED);
    expect(loadedBoardRecords(fixture.workshopBoardId)).not.toBeNull();
    lee.destroy();
    await realtime.stop();
    expect(loadedBoardRecords(fixture.workshopBoardId)).toBeNull();
    expect((await command(fixture.professional, 'vote-cast', { voteId, shapeId: 'shape:nested-idea' })).status).toBe(200);
    expect((await command(fixture.professional, 'vote-cast', { voteId, shapeId: 'shape:pair-idea' })).status).toBe(422);
    expect(await ballots(voteId)).toBe(1);
  });

  it('a whole-board vote takes any note people added', async ({ boards: fixture, votes: { command, startVote, ballots } }) => {
    const voteId = await startVote(null, 4);
    for (const shapeId of ['shape:shared-idea', 'shape:nested-idea', 'shape:pair-idea', 'shape:loose-idea']) {
      expect((await command(fixture.layPartner, 'vote-cast', { voteId, shapeId })).status, shapeId).toBe(200);
    }
    expect(await ballots(voteId)).toBe(4);
  });

  it('cannot be started on a frame that is not on the board, or on a shape that is not a frame', async ({ database, boards: fixture, votes: { command } }) => {
    for (const frameId of ['shape:frame-gone', 'shape:shared-idea']) {
      const refused = await command(fixture.facilitator, 'vote-start', { frameId, votesPerPerson: 3 });
      expect(refused.status, frameId).toBe(422);
      expect(refused.body.error).toMatch(/frame is not on the board/);
    }
    expect(await database.db.vote.count({ where: { boardId: fixture.workshopBoardId } })).toBe(0);
  });
});

describe('more than N votes, whatever a client sends', () => {
  it('vote-like data a raw client writes into the document changes no count; the HTTP path refuses ballot N + 1', async ({ database, boards: fixture, votes: { lee, command, startVote, ballots } }) => {
    const voteId = await startVote(SHARED, 2);
    // Lee's stock client writes what a forged client might: dots in a note's meta, a counter
    // in the board's metadata. Votes are server records, so neither is a vote.
    const note = lee.records.get('shape:shared-idea') as { meta: object };
    lee.records.set('shape:shared-idea', { ...note, meta: { ...note.meta, votes: 99, dots: [fixture.layPartner.id, fixture.layPartner.id, fixture.layPartner.id] } });
    lee.doc.getMap(META_MAP).set('votes', { [voteId]: { 'shape:shared-idea': 99 } });
    await lee.roundTrip();
    await waitFor(() => lee.allSaved() && !lee.doc.getMap(META_MAP).has('votes'), 5000, 'forged votes handled');
    expect(await ballots(voteId)).toBe(0);
    expect((await getFacilitationView(database.db, fixture.workshopBoardId, { kind: 'member', userId: fixture.layPartner.id, role: 'lay_partner' })).vote).toMatchObject({ mine: [], remaining: 2 });

    const cast = () => command(fixture.layPartner, 'vote-cast', { voteId, shapeId: 'shape:shared-idea' });
    expect(await cast()).toMatchObject({ status: 200, body: { remaining: 1 } });
    expect(await cast()).toMatchObject({ status: 200, body: { remaining: 0 } });
    expect(await cast()).toEqual({ status: 409, body: expect.objectContaining({ error: 'You have used all your votes.' }) });
    expect(await ballots(voteId)).toBe(2);

    expect((await command(fixture.facilitator, 'vote-reveal', { voteId })).status).toBe(200);
    const revealed = await getFacilitationView(database.db, fixture.workshopBoardId, { kind: 'member', userId: fixture.professional.id, role: 'professional' });
    expect(revealed.vote?.results).toEqual([{ shapeId: 'shape:shared-idea', count: 2, rank: 1 }]);
  });
});
