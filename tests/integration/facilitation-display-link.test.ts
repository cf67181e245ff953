import { describe, expect } from 'vitest';
import { grantDisplayToken, issueDisplayToken, verifyBoardToken, verifyDisplayToken } from '../../server/auth/board-token';
import type { Db } from '../../server/db/client';
import { AppError } from '../../server/errors';
import { createDisplayLink, revokeDisplayLink } from '../../server/facilitation/display-links';
import { createPrismaBoardStore } from '../../server/realtime/board-store';
import { waitFor } from '../helpers/db';
import { addNote, attemptUpgrade, readStoredDoc, tokenFor, type BoardFixture } from '../helpers/realtime';
import { realtimeTest } from '../helpers/realtime-fixture';

// A projector laptop holds no account: its display link (made by a facilitator, revocable)
// buys a view-only board token, checked again at the socket's upgrade and at every re-check.

const it = realtimeTest.extend<{ slowRechecks: void }>({
  // Re-checks far slower than the tests: only the revocation's own notice can close a socket in time.
  slowRechecks: [
    async ({ realtime }, provide) => {
      await realtime.start({ limits: { boardStatePollMs: 600_000, accessRecheckMs: 600_000 } });
      await provide();
    },
    { auto: true },
  ],
});

const facilitatorActor = (fixture: BoardFixture) => ({ id: fixture.facilitator.id, isFacilitator: false });

/** A display link for a board, made by the fixture's facilitator the way the panel makes it. */
async function displayLink(db: Db, fixture: BoardFixture, boardId = fixture.workshopBoardId) {
  return createDisplayLink(db, facilitatorActor(fixture), boardId, { label: 'Projector' });
}

async function expectNotFound(promise: Promise<unknown>): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).status).toBe(404);
}

describe('display-link tokens', () => {
  it('get view access to exactly their board, and their writes change nothing on the server', async ({ database, boards: fixture, realtime }) => {
    const link = await displayLink(database.db, fixture);
    const granted = await grantDisplayToken(database.db, fixture.workshopBoardId, link.token);
    expect(granted.access).toBe('view');
    // Never a person's token: the member verifier refuses it, the display verifier names the link.
    expect(await verifyBoardToken(granted.token)).toBeNull();
    expect(await verifyDisplayToken(granted.token)).toEqual({ displayLinkId: link.id, boardId: fixture.workshopBoardId });
    expect(await verifyDisplayToken(await tokenFor(fixture.facilitator, fixture.workshopBoardId))).toBeNull();

    const facilitator = await realtime.connect(fixture.facilitator, fixture.workshopBoardId);
    const projector = await realtime.join(fixture.workshopBoardId, granted.token, { synced: false });
    await waitFor(() => projector.provider.synced && projector.status, 5000, 'projector synced');
    expect(projector.status).toMatchObject({ access: 'view', readOnlyReason: 'view' });
    // The live board, template included.
    expect(projector.records.size).toBeGreaterThan(0);

    addNote(projector, 'shape:written-by-the-projector');
    await projector.roundTrip();
    // Committed after the projector's write was handled (one socket's messages are handled in order).
    addNote(facilitator, 'shape:marker');
    await waitFor(() => facilitator.allSaved(), 5000, 'marker saved');
    await waitFor(() => projector.records.has('shape:marker'), 5000, 'marker reaches the projector live');

    const fresh = await realtime.connect(fixture.professional, fixture.workshopBoardId);
    expect(fresh.records.has('shape:marker')).toBe(true);
    expect(fresh.records.has('shape:written-by-the-projector')).toBe(false);
    expect(facilitator.records.has('shape:written-by-the-projector')).toBe(false);
    const stored = await readStoredDoc(createPrismaBoardStore(database.db), fixture.workshopBoardId);
    expect(stored.getMap('records').has('shape:marker')).toBe(true);
    expect(stored.getMap('records').has('shape:written-by-the-projector')).toBe(false);

    // Still view only after a lock and an unlock (the board's re-check never hands it edit).
    await database.db.board.update({ where: { id: fixture.workshopBoardId }, data: { state: 'locked' } });
    await realtime.server.realtime.refreshBoard(fixture.workshopBoardId);
    await database.db.board.update({ where: { id: fixture.workshopBoardId }, data: { state: 'open' } });
    await realtime.server.realtime.refreshBoard(fixture.workshopBoardId);
    await projector.roundTrip();
    expect(projector.status?.access).toBe('view');
    expect(projector.provider.wsconnected).toBe(true);

    // A projector is nobody's attendance.
    const visits = await database.db.boardVisit.findMany({ where: { boardId: fixture.workshopBoardId } });
    expect(visits.map((v) => v.userId).sort()).toEqual([fixture.facilitator.id, fixture.professional.id].sort());
  });

  it('a projector is never shown among the people on the board, whatever its client publishes', async ({ database, boards: fixture, realtime }) => {
    const link = await displayLink(database.db, fixture);
    const { token } = await grantDisplayToken(database.db, fixture.workshopBoardId, link.token);
    const facilitator = await realtime.connect(fixture.facilitator, fixture.workshopBoardId);
    const projector = await realtime.join(fixture.workshopBoardId, token, { synced: false });
    await waitFor(() => projector.provider.synced, 5000, 'projector synced');
    // A raw client with the projector's token claims a cursor and a name.
    projector.provider.awareness.setLocalState({ cursor: { x: 1, y: 2 }, user: { name: 'Not a projector' } });
    await projector.roundTrip();
    // The facilitator's own presence, sent after, arrives: the projector's never does.
    facilitator.provider.awareness.setLocalState({ cursor: { x: 3, y: 4 } });
    await waitFor(() => projector.provider.awareness.getStates().has(facilitator.doc.clientID), 5000, 'facilitator presence reaches the projector');
    await facilitator.roundTrip();
    expect(facilitator.provider.awareness.getStates().has(projector.doc.clientID)).toBe(false);
  });

  it('a revoked link closes its open projector socket at once and is refused at the next upgrade', async ({ database, boards: fixture, realtime }) => {
    const link = await displayLink(database.db, fixture);
    const { token } = await grantDisplayToken(database.db, fixture.workshopBoardId, link.token);
    const participant = await realtime.connect(fixture.layPartner, fixture.workshopBoardId);
    const projector = await realtime.join(fixture.workshopBoardId, token, { synced: false });
    await waitFor(() => projector.provider.synced, 5000, 'projector synced');
    projector.provider.shouldConnect = false;
    // Another projector's link stays on.
    const other = await displayLink(database.db, fixture);
    const otherProjector = await realtime.join(fixture.workshopBoardId, (await grantDisplayToken(database.db, fixture.workshopBoardId, other.token)).token, { synced: false });
    await waitFor(() => otherProjector.provider.synced, 5000, 'other projector synced');

    const revokedAt = Date.now();
    await revokeDisplayLink(database.db, facilitatorActor(fixture), fixture.workshopBoardId, { displayLinkId: link.id });
    await waitFor(() => projector.closeCodes.length > 0, 2000, 'projector socket closed');
    expect(projector.closeCodes).toEqual([4403]);
    expect(Date.now() - revokedAt).toBeLessThan(2000);
    expect(otherProjector.provider.wsconnected).toBe(true);
    expect(participant.provider.wsconnected).toBe(true);

    // The token is still within its ten minutes, but the link behind it is gone.
    const again = await attemptUpgrade(`${realtime.server.collabUrl}/${fixture.workshopBoardId}?token=${token}`);
    expect(again).toMatchObject({ status: 401, opened: false, bytesReceived: 0 });
    await expectNotFound(grantDisplayToken(database.db, fixture.workshopBoardId, link.token));
  });

  it('a link for board A can never open board B', async ({ database, boards: fixture, realtime }) => {
    const link = await displayLink(database.db, fixture, fixture.workshopBoardId);
    const { token } = await grantDisplayToken(database.db, fixture.workshopBoardId, link.token);
    // Asking for board B's token with board A's secret: the same 404 as a board that does not exist.
    await expectNotFound(grantDisplayToken(database.db, fixture.pairBoardId, link.token));
    // Board A's token at board B's address.
    const wrongPath = await attemptUpgrade(`${realtime.server.collabUrl}/${fixture.pairBoardId}?token=${token}`);
    expect(wrongPath).toMatchObject({ status: 404, opened: false, bytesReceived: 0 });
    // Even a validly signed token naming board B with A's link is refused: the link is checked against the board.
    const forged = await issueDisplayToken({ displayLinkId: link.id, boardId: fixture.pairBoardId });
    const forgedOutcome = await attemptUpgrade(`${realtime.server.collabUrl}/${fixture.pairBoardId}?token=${forged.token}`);
    expect(forgedOutcome).toMatchObject({ status: 401, opened: false, bytesReceived: 0 });
    // And board A still opens.
    const projector = await realtime.join(fixture.workshopBoardId, token, { synced: false });
    await waitFor(() => projector.provider.synced && projector.status, 5000, 'projector synced on board A');
    expect(projector.status?.access).toBe('view');
  });

  it('an expired link, or one whose facilitator no longer facilitates the board, buys no token and opens nothing', async ({ database, boards: fixture, realtime }) => {
    const expiring = await displayLink(database.db, fixture);
    const { token } = await grantDisplayToken(database.db, fixture.workshopBoardId, expiring.token);
    await database.db.displayLink.update({ where: { id: expiring.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expectNotFound(grantDisplayToken(database.db, fixture.workshopBoardId, expiring.token));
    expect(await attemptUpgrade(`${realtime.server.collabUrl}/${fixture.workshopBoardId}?token=${token}`)).toMatchObject({ status: 401, opened: false });

    const orphaned = await displayLink(database.db, fixture);
    const orphanedToken = (await grantDisplayToken(database.db, fixture.workshopBoardId, orphaned.token)).token;
    await database.db.member.deleteMany({ where: { userId: fixture.facilitator.id } });
    await expectNotFound(grantDisplayToken(database.db, fixture.workshopBoardId, orphaned.token));
    expect(await attemptUpgrade(`${realtime.server.collabUrl}/${fixture.workshopBoardId}?token=${orphanedToken}`)).toMatchObject({ status: 401, opened: false });
  });
});
