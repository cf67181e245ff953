import { describe, expect } from 'vitest';
import { BOARD_TOKEN_TTL_MS, grantBoardToken, verifyBoardToken } from '../../server/auth/board-token';
import { findLiveSession } from '../../server/auth/current-session';
import { AppError } from '../../server/errors';
import type { Db } from '../../server/db/client';
import type { BoardFixture } from '../helpers/realtime';
import { realtimeTest as it } from '../helpers/realtime-fixture';

async function sessionOf(db: Db, user: BoardFixture['professional']) {
  const row = await db.session.findUniqueOrThrow({ where: { id: user.sessionId } });
  const session = await findLiveSession(db, row.sessionToken);
  if (!session) throw new Error('fixture session should be live');
  return session;
}

describe('board tokens (what GET /api/boards/<id>/token answers)', () => {
  it('gives a pair member an edit token carrying their identity and session', async ({ database, boards: fixture }) => {
    const before = Date.now();
    const granted = await grantBoardToken(database.db, await sessionOf(database.db, fixture.professional), fixture.pairBoardId);
    expect(granted.access).toBe('edit');
    const expires = Date.parse(granted.expiresAt);
    expect(expires).toBeGreaterThanOrEqual(before + BOARD_TOKEN_TTL_MS - 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() + BOARD_TOKEN_TTL_MS);
    expect(await verifyBoardToken(granted.token)).toEqual({
      userId: fixture.professional.id,
      boardId: fixture.pairBoardId,
      access: 'edit',
      name: fixture.professional.name,
      role: 'professional',
      sessionId: fixture.professional.sessionId,
    });
  });

  it('gives the rest of the cohort a view token for a pair board', async ({ database, boards: fixture }) => {
    const granted = await grantBoardToken(database.db, await sessionOf(database.db, fixture.colleague), fixture.pairBoardId);
    expect(granted.access).toBe('view');
  });

  it('answers not-found (404) for another cohort’s board and for a board that does not exist, alike', async ({ database, boards: fixture }) => {
    const session = await sessionOf(database.db, fixture.outsider);
    for (const boardId of [fixture.pairBoardId, 'doesnotexist000000000000']) {
      const error = await grantBoardToken(database.db, session, boardId).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).status).toBe(404);
      expect((error as AppError).message).toBe('That board could not be found.');
    }
  });

  it('has no session for an unknown or expired session token (401)', async ({ database, boards: fixture }) => {
    expect(await findLiveSession(database.db, 'no-such-token')).toBeNull();
    const row = await database.db.session.update({ where: { id: fixture.layPartner.sessionId }, data: { expires: new Date(Date.now() - 1) } });
    expect(await findLiveSession(database.db, row.sessionToken)).toBeNull();
  });

  it('rejects tokens that are tampered with or malformed', async ({ database, boards: fixture }) => {
    const granted = await grantBoardToken(database.db, await sessionOf(database.db, fixture.facilitator), fixture.workshopBoardId);
    const [header, payload, signature] = granted.token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, bid: fixture.otherCohortBoardId })).toString('base64url');
    expect(await verifyBoardToken(`${header}.${forgedPayload}.${signature}`)).toBeNull();
    expect(await verifyBoardToken('')).toBeNull();
    expect(await verifyBoardToken('a.b.c')).toBeNull();
    const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${payload}.`;
    expect(await verifyBoardToken(none)).toBeNull();
  });
});
