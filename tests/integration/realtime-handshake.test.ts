import net from 'node:net';
import { SignJWT } from 'jose';
import { describe, expect } from 'vitest';
import { attemptUpgrade, tokenFor } from '../helpers/realtime';
import { realtimeTest as it } from '../helpers/realtime-fixture';

/** Addresses on the test's server: a board path, and a token when given. */
const urlsOn = (collabUrl: string) => (boardPath: string, token?: string) => `${collabUrl}/${boardPath}${token === undefined ? '' : `?token=${token}`}`;

describe('realtime handshake', () => {
  it('accepts a member with a valid token and the app’s Origin', async ({ boards: fixture, realtime }) => {
    const url = urlsOn(realtime.server.collabUrl);
    const outcome = await attemptUpgrade(url(fixture.pairBoardId, await tokenFor(fixture.professional, fixture.pairBoardId)));
    expect(outcome.opened).toBe(true);
    expect(outcome.bytesReceived).toBeGreaterThan(0);
  });

  it('refuses, before any WebSocket exists, every request that may not see the board', async ({ boards: fixture, realtime }) => {
    const url = urlsOn(realtime.server.collabUrl);
    const board = fixture.pairBoardId;
    const good = await tokenFor(fixture.professional, board);
    const forgedKey = new TextEncoder().encode('another-secret-that-is-long-enough');
    const forged = await new SignJWT({ bid: board, acc: 'edit', name: 'x', role: 'professional', sid: fixture.professional.sessionId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(fixture.professional.id)
      .setIssuer('together-board')
      .setAudience('together-board/collab')
      .setExpirationTime('5m')
      .sign(forgedKey);
    const expired = await tokenFor(fixture.professional, board, 'edit', Date.now() - 60 * 60 * 1000);
    const tamperedPayload = good.split('.');
    tamperedPayload[1] = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(tamperedPayload[1], 'base64url').toString()), sub: fixture.outsider.id })).toString('base64url');
    const otherBoardToken = await tokenFor(fixture.professional, fixture.workshopBoardId);
    const outsiderToken = await tokenFor(fixture.outsider, board);
    const outsiderForeignCohort = await tokenFor(fixture.professional, fixture.otherCohortBoardId);

    const cases: { name: string; url: string; origin?: string | null; status: number }[] = [
      { name: 'no token', url: url(board), status: 401 },
      { name: 'empty token', url: url(board, ''), status: 401 },
      { name: 'garbage token', url: url(board, 'not-a-jwt'), status: 401 },
      { name: 'bad signature', url: url(board, forged), status: 401 },
      { name: 'tampered claims', url: url(board, tamperedPayload.join('.')), status: 401 },
      { name: 'expired token', url: url(board, expired), status: 401 },
      { name: 'token for another board', url: url(board, otherBoardToken), status: 404 },
      { name: 'board of another cohort (token for it)', url: url(fixture.otherCohortBoardId, outsiderForeignCohort), status: 404 },
      { name: 'outsider with a token for this board', url: url(board, outsiderToken), status: 404 },
      { name: 'wrong Origin', url: url(board, good), origin: 'https://evil.example', status: 403 },
      { name: 'no Origin', url: url(board, good), origin: null, status: 403 },
      { name: 'encoded board id', url: url(encodeURIComponent(board).replace(/[a-z]/, (c) => `%${c.charCodeAt(0).toString(16)}`), good), status: 404 },
      { name: 'trailing slash', url: url(`${board}/`, good), status: 404 },
      { name: 'upper-case board id', url: url(board.toUpperCase(), good), status: 404 },
      { name: 'unknown board', url: url('doesnotexist0000000000000', good), status: 404 },
      { name: 'two tokens', url: `${url(board, good)}&token=${good}`, status: 404 },
    ];
    for (const c of cases) {
      const outcome = await attemptUpgrade(c.url, c.origin === undefined ? undefined : c.origin);
      expect({ name: c.name, ...outcome }).toEqual({ name: c.name, status: c.status, opened: false, bytesReceived: 0 });
    }
  });

  it('refuses path variants a URL parser would normalise, sent raw', async ({ boards: fixture, realtime }) => {
    const good = await tokenFor(fixture.professional, fixture.pairBoardId);
    for (const path of [`x/../${fixture.pairBoardId}`, `./${fixture.pairBoardId}`, `/${fixture.pairBoardId}`, `${fixture.pairBoardId}%00`]) {
      const response = await rawUpgrade(realtime.server.port, `/collab/${path}?token=${good}`);
      expect({ path, status: response.split('\r\n')[0] }).toEqual({ path, status: 'HTTP/1.1 404 Not Found' });
    }
  });

  it('refuses a signed-out session and an expired session with 401', async ({ database, boards: fixture, realtime }) => {
    const url = urlsOn(realtime.server.collabUrl);
    const token = await tokenFor(fixture.colleague, fixture.workshopBoardId);
    await database.db.session.update({ where: { id: fixture.colleague.sessionId }, data: { expires: new Date(Date.now() - 1000) } });
    expect(await attemptUpgrade(url(fixture.workshopBoardId, token))).toEqual({ status: 401, opened: false, bytesReceived: 0 });
    await database.db.session.delete({ where: { id: fixture.colleague.sessionId } });
    expect(await attemptUpgrade(url(fixture.workshopBoardId, token))).toEqual({ status: 401, opened: false, bytesReceived: 0 });
  });

  it('refuses a member removed from the cohort after their token was issued', async ({ database, boards: fixture, realtime }) => {
    const url = urlsOn(realtime.server.collabUrl);
    const token = await tokenFor(fixture.layPartner, fixture.workshopBoardId);
    await database.db.member.deleteMany({ where: { userId: fixture.layPartner.id } });
    expect(await attemptUpgrade(url(fixture.workshopBoardId, token))).toEqual({ status: 404, opened: false, bytesReceived: 0 });
  });
});

/** Sends an upgrade request byte for byte (no client-side URL normalisation) and returns the raw response. */
function rawUpgrade(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: http://localhost:3000\r\n\r\n`,
      );
    });
    let response = '';
    socket.on('data', (chunk) => (response += chunk.toString('latin1')));
    socket.on('close', () => resolve(response));
    socket.on('error', reject);
  });
}
