import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/client';
import { AppError } from '../../server/errors';
import { expectAppError } from '../helpers/app-errors';
import { subscribeToBoard, type FacilitationEvent } from '../../server/facilitation/bus';
import { createDisplayLink, listDisplayLinks, resolveDisplayLink, revokeDisplayLink } from '../../server/facilitation/display-links';
import { celebrate, releaseEveryone, setBoardLocked, summonEveryone } from '../../server/facilitation/room';
import { commandTimer } from '../../server/facilitation/timer';
import { getFacilitationView, type Viewer } from '../../server/facilitation/view';
import { castVote, endVote, listVoteResults, revealVote, startVote, uncastVote } from '../../server/facilitation/votes';
import { resolveBoardAccess } from '../../server/db/access';
import { createPrismaBoardStore } from '../../server/realtime/board-store';
import { encodeBoardSeed } from '../../server/realtime/seed';
import { buildBoardRecords } from '../../server/realtime/templates';
import { noteShape, siblingIndexes } from '../../server/realtime/templates/records';
import type { TLParentId } from '@tldraw/tlschema';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { seedBoardFixture, type BoardFixture, type FixtureUser } from '../helpers/realtime';

let t: TestDatabase;
let db: Db;
let f: BoardFixture;
let boardId: string;

beforeEach(async () => {
  t = await createTestDatabase();
  db = t.db;
  f = await seedBoardFixture(db);
  boardId = f.workshopBoardId;
});
afterEach(async () => {
  await t.cleanup();
});

const actor = (u: FixtureUser) => ({ id: u.id, isFacilitator: false });
const member = (u: FixtureUser): Viewer => ({ kind: 'member', userId: u.id, role: u.role });

const MINUTE = 60_000;
const T0 = new Date('2026-03-04T10:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

describe('facilitator powers are checked on the server', () => {
  it('a participant gets forbidden and an outsider gets not-found for every facilitator command', async () => {
    for (const participant of [f.professional, f.layPartner]) {
      const a = actor(participant);
      await expectAppError(setBoardLocked(db, a, boardId, { locked: true }), 'forbidden');
      await expectAppError(commandTimer(db, a, boardId, { type: 'start', durationMs: MINUTE }), 'forbidden');
      await expectAppError(startVote(db, a, boardId, { votesPerPerson: 3 }), 'forbidden');
      await expectAppError(summonEveryone(db, a, boardId), 'forbidden');
      await expectAppError(celebrate(db, a, boardId, {}), 'forbidden');
      await expectAppError(createDisplayLink(db, a, boardId, {}), 'forbidden');
    }
    const vote = await startVote(db, actor(f.facilitator), boardId, { votesPerPerson: 3 });
    await expectAppError(revealVote(db, actor(f.professional), boardId, { voteId: vote.id }), 'forbidden');

    const outsider = actor(f.outsider);
    await expectAppError(setBoardLocked(db, outsider, boardId, { locked: true }), 'not_found');
    await expectAppError(commandTimer(db, outsider, boardId, { type: 'start', durationMs: MINUTE }), 'not_found');
    await expectAppError(castVote(db, outsider, boardId, { voteId: vote.id, shapeId: 'shape:a' }), 'not_found');
    await expectAppError(revealVote(db, outsider, boardId, { voteId: vote.id }), 'not_found');
    // Nothing changed.
    expect((await db.board.findUniqueOrThrow({ where: { id: boardId } })).state).toBe('open');
    expect(await db.voteBallot.count()).toBe(0);
  });

  it('answers bad input with invalid_input and a reason', async () => {
    const fac = actor(f.facilitator);
    const error = await expectAppError(startVote(db, fac, boardId, { votesPerPerson: 0 }), 'invalid_input');
    expect(error.fieldErrors?.votesPerPerson?.[0]).toMatch(/at least one vote/);
    await expectAppError(commandTimer(db, fac, boardId, { type: 'start' }), 'invalid_input');
    await expectAppError(commandTimer(db, fac, boardId, { type: 'explode' }), 'invalid_input');
  });

  it('locking makes the board view-only for participants, never for facilitators, and unlocking restores it', async () => {
    await setBoardLocked(db, actor(f.facilitator), boardId, { locked: true });
    expect((await resolveBoardAccess(db, f.professional.id, boardId))?.access).toBe('view');
    expect((await resolveBoardAccess(db, f.facilitator.id, boardId))?.access).toBe('edit');
    expect((await getFacilitationView(db, boardId, member(f.layPartner))).locked).toBe(true);
    await setBoardLocked(db, actor(f.facilitator), boardId, { locked: false });
    expect((await resolveBoardAccess(db, f.professional.id, boardId))?.access).toBe('edit');
  });
});

describe('timer on the server clock', () => {
  it('keeps the remaining time across start, pause, add time and a late joiner', async () => {
    const fac = actor(f.facilitator);
    await commandTimer(db, fac, boardId, { type: 'start', durationMs: 5 * MINUTE }, T0);
    // A participant who joins 90 s later sees 3.5 minutes left, whatever their own clock says.
    let view = await getFacilitationView(db, boardId, member(f.professional), at(90_000));
    expect(view.timer).toMatchObject({ status: 'running', remainingMs: 210_000, endsAt: at(5 * MINUTE).getTime() });
    expect(view.now).toBe(at(90_000).getTime());

    await commandTimer(db, fac, boardId, { type: 'pause' }, at(2 * MINUTE));
    view = await getFacilitationView(db, boardId, member(f.layPartner), at(10 * MINUTE));
    expect(view.timer).toMatchObject({ status: 'paused', remainingMs: 3 * MINUTE, endsAt: null });

    await commandTimer(db, fac, boardId, { type: 'add', ms: MINUTE }, at(11 * MINUTE));
    await commandTimer(db, fac, boardId, { type: 'start' }, at(12 * MINUTE));
    view = await getFacilitationView(db, boardId, member(f.professional), at(12 * MINUTE + 30_000));
    expect(view.timer).toMatchObject({ status: 'running', remainingMs: 3.5 * MINUTE, endsAt: at(16 * MINUTE).getTime() });

    await commandTimer(db, fac, boardId, { type: 'add', ms: MINUTE }, at(13 * MINUTE));
    view = await getFacilitationView(db, boardId, member(f.professional), at(17 * MINUTE));
    expect(view.timer.remainingMs).toBe(0);
    expect(view.timer.endsAt).toBe(at(17 * MINUTE).getTime());

    await commandTimer(db, fac, boardId, { type: 'stop' }, at(18 * MINUTE));
    view = await getFacilitationView(db, boardId, member(f.professional), at(19 * MINUTE));
    expect(view.timer).toMatchObject({ status: 'stopped', remainingMs: 7 * MINUTE, durationMs: 7 * MINUTE });
  });
});

describe('dot voting', () => {
  // Ballots are checked against the board's document (only notes, only in the vote's frame):
  // seed the workshop board as the realtime server would, with the notes these tests vote on.
  beforeEach(async () => {
    const ids = ['note-0', 'note-1', 'idea-a', 'idea-b', 'idea-c'];
    const order = siblingIndexes(ids.length);
    const notes = ids.map((id, i) => noteShape({ id, parentId: 'shape:frame-shared' as TLParentId, index: order[i], x: 0, y: 0, text: id }));
    await createPrismaBoardStore(db).seed(boardId, encodeBoardSeed([...buildBoardRecords({ template: 'workshop-1', title: 'Cohort A' }), ...notes]));
  });

  it('never stores more than N votes for one person, even when N + 3 casts race', async () => {
    const vote = await startVote(db, actor(f.facilitator), boardId, { votesPerPerson: 3 });
    const casts = Array.from({ length: 6 }, (_, i) => castVote(db, actor(f.professional), boardId, { voteId: vote.id, shapeId: `shape:note-${i % 2}` }));
    const outcomes = await Promise.allSettled(casts);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(3);
    for (const o of outcomes.filter((o) => o.status === 'rejected')) expect((o.reason as AppError).code).toBe('conflict');
    expect(await db.voteBallot.count({ where: { voteId: vote.id, userId: f.professional.id } })).toBe(3);
    expect((await getFacilitationView(db, boardId, member(f.professional))).vote?.remaining).toBe(0);
  });

  it('hides counts until the reveal, keeps voters anonymous, and keeps a ranked result with the board', async () => {
    const fac = actor(f.facilitator);
    const vote = await startVote(db, fac, boardId, { frameId: 'shape:frame-shared', votesPerPerson: 2 });
    await castVote(db, actor(f.professional), boardId, { voteId: vote.id, shapeId: 'shape:idea-a' });
    await castVote(db, actor(f.professional), boardId, { voteId: vote.id, shapeId: 'shape:idea-a' });
    await castVote(db, actor(f.layPartner), boardId, { voteId: vote.id, shapeId: 'shape:idea-b' });
    await castVote(db, actor(f.layPartner), boardId, { voteId: vote.id, shapeId: 'shape:idea-c' });
    await uncastVote(db, actor(f.layPartner), boardId, { voteId: vote.id, shapeId: 'shape:idea-c' });
    await castVote(db, actor(f.layPartner), boardId, { voteId: vote.id, shapeId: 'shape:idea-a' });

    const before = await getFacilitationView(db, boardId, member(f.layPartner));
    expect(before.vote).toMatchObject({ status: 'open', frameId: 'shape:frame-shared', mine: ['shape:idea-b', 'shape:idea-a'], remaining: 0, results: null, castCount: null });
    const projector = await getFacilitationView(db, boardId, { kind: 'display', displayLinkId: 'x' });
    expect(projector.vote?.results).toBeNull();
    const facilitatorView = await getFacilitationView(db, boardId, member(f.facilitator));
    expect(facilitatorView.vote).toMatchObject({ results: null, castCount: 4 });

    await revealVote(db, fac, boardId, { voteId: vote.id });
    const after = await getFacilitationView(db, boardId, member(f.professional));
    expect(after.vote?.results).toEqual([
      { shapeId: 'shape:idea-a', count: 3, rank: 1 },
      { shapeId: 'shape:idea-b', count: 1, rank: 2 },
    ]);
    expect(JSON.stringify(after)).not.toContain(f.layPartner.id);
    // Casting stops at the reveal.
    await expectAppError(castVote(db, actor(f.colleague), boardId, { voteId: vote.id, shapeId: 'shape:idea-b' }), 'conflict');

    await endVote(db, fac, boardId, { voteId: vote.id });
    expect((await getFacilitationView(db, boardId, member(f.professional))).vote).toBeNull();
    const kept = await listVoteResults(db, actor(f.professional), boardId);
    expect(kept[0]?.results.map((r) => [r.shapeId, r.count])).toEqual([
      ['shape:idea-a', 3],
      ['shape:idea-b', 1],
    ]);
  });

  it('allows one running vote per board', async () => {
    await startVote(db, actor(f.facilitator), boardId, { votesPerPerson: 3 });
    await expectAppError(startVote(db, actor(f.facilitator), boardId, { votesPerPerson: 3 }), 'conflict');
  });
});

describe('summon, celebrate and display links', () => {
  it('summons everyone to the facilitator and releases them, telling every stream', async () => {
    const events: FacilitationEvent[] = [];
    const stop = subscribeToBoard(boardId, (e) => events.push(e));
    await summonEveryone(db, actor(f.facilitator), boardId, {}, T0);
    expect((await getFacilitationView(db, boardId, member(f.professional))).summon).toEqual({ userId: f.facilitator.id, name: 'Fran Facilitator', since: T0.getTime() });
    await releaseEveryone(db, actor(f.facilitator), boardId);
    expect((await getFacilitationView(db, boardId, member(f.professional))).summon).toBeNull();
    const { message } = await celebrate(db, actor(f.facilitator), boardId, { message: '  ' });
    expect(message).toBe('Well done, everyone!');
    stop();
    expect(events.map((e) => e.kind)).toEqual(['changed', 'changed', 'celebrate']);
  });

  it('stores display links hashed, shows them only for their board and stops them when revoked', async () => {
    const fac = actor(f.facilitator);
    const link = await createDisplayLink(db, fac, boardId, { label: 'Projector' }, T0);
    const stored = await db.displayLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(stored.tokenHash).not.toContain(link.token);
    expect(await resolveDisplayLink(db, boardId, link.token, T0)).not.toBeNull();
    expect(await resolveDisplayLink(db, f.pairBoardId, link.token, T0)).toBeNull();
    expect(await resolveDisplayLink(db, boardId, link.token, at(2 * 24 * 60 * MINUTE))).toBeNull();
    expect(await listDisplayLinks(db, fac, boardId, T0)).toHaveLength(1);
    await revokeDisplayLink(db, fac, boardId, { displayLinkId: link.id }, T0);
    expect(await resolveDisplayLink(db, boardId, link.token, T0)).toBeNull();
  });
});
