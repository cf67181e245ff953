import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAppIfNeeded, startAppProcess, type AppProcess } from '../helpers/app-process';
import { createPostgresTestDatabase, type PostgresTestDatabase } from '../helpers/postgres';
import { seedTwoCohorts } from './auth-fixtures';
import { multipartPicture, sessionCookieFor } from './http-edge-helpers';

/**
 * Nothing stays on one node's disk: two built apps on one PostgreSQL database, each with a data
 * folder of its own (as on two machines), behind one public address. A picture uploaded
 * through one node is served by the other, and so are an edition's pictures and a board's
 * thumbnail.
 */

/** The address people use: the balancer's, the same APP_URL on both nodes. */
const PUBLIC_ORIGIN = 'http://board.test';

let database: PostgresTestDatabase;
let nodeA: AppProcess;
let nodeB: AppProcess;
let cookie: string;
let muralId: string;
let boardId: string;

beforeAll(async () => {
  await buildAppIfNeeded();
  database = await createPostgresTestDatabase();
  const { db } = database;
  const base = await seedTwoCohorts(db);
  // A facilitator of the whole programme: may upload to its mural and publish editions.
  await db.programmeStaff.create({ data: { programmeId: base.programme.id, userId: base.facilitatorA.id } });
  muralId = (await db.board.create({ data: { programmeId: base.programme.id, kind: 'mural', title: 'Mural', template: 'mural' } })).id;
  boardId = (
    await db.board.create({ data: { programmeId: base.programme.id, cohortId: base.cohortA.id, kind: 'workshop', title: 'Oxford: workshop 1', template: 'workshop-1' } })
  ).id;
  cookie = await sessionCookieFor(db, base.facilitatorA.id);
  const env = { APP_URL: PUBLIC_ORIGIN, NEXTAUTH_URL: PUBLIC_ORIGIN };
  [nodeA, nodeB] = await Promise.all([startAppProcess({ databaseUrl: database.url, env }), startAppProcess({ databaseUrl: database.url, env })]);
}, 600_000);

afterAll(async () => {
  await Promise.all([nodeA?.stop(), nodeB?.stop()]);
  await database?.cleanup();
});

/** Sends a picture as the app's own page would, through `node`. */
async function post(node: AppProcess, pathname: string, form: { body: Uint8Array<ArrayBuffer>; contentType: string }): Promise<Response> {
  return fetch(`${node.origin}${pathname}`, {
    method: 'POST',
    headers: { origin: PUBLIC_ORIGIN, 'sec-fetch-site': 'same-origin', cookie, 'content-type': form.contentType },
    body: form.body,
  });
}

/** A picture's bytes as `node` serves it (status 200 and an image type, or the test fails). */
async function read(node: AppProcess, pathname: string): Promise<Buffer> {
  const response = await fetch(`${node.origin}${pathname}`, { headers: { cookie } });
  expect(response.status, `${pathname} through ${node.origin}`).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^image\//);
  return Buffer.from(await response.arrayBuffer());
}

/** Every file under a node's data folder except its secrets and outbox. */
function filesOnDisk(node: AppProcess): string[] {
  return fs
    .readdirSync(node.dataDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(node.dataDir, path.join(entry.parentPath, entry.name)))
    .filter((file) => file !== 'secrets.json' && !file.startsWith('outbox'));
}

describe('pictures on several nodes (PostgreSQL)', () => {
  it('a photo uploaded through one node is served by the other', async () => {
    const uploaded = await post(nodeA, `/api/boards/${muralId}/assets`, multipartPicture('file'));
    expect(uploaded.status).toBe(201);
    const { src } = (await uploaded.json()) as { src: string };
    const throughB = await read(nodeB, src);
    expect(throughB.equals(await read(nodeA, src))).toBe(true);
    expect((await database.db.storedFile.findMany({ select: { area: true } })).map((f) => f.area)).toEqual(['uploads']);
  });

  it("an edition published through one node shows its picture and thumbnail through the other", async () => {
    const published = await post(nodeB, `/api/boards/${muralId}/editions`, multipartPicture('image', { title: 'Celebration' }));
    expect(published.status).toBe(201);
    const { id } = (await published.json()) as { id: string };
    expect((await read(nodeA, `/api/editions/${id}/image`)).equals(await read(nodeB, `/api/editions/${id}/image`))).toBe(true);
    expect((await read(nodeA, `/api/editions/${id}/image?size=thumbnail`)).byteLength).toBeGreaterThan(0);
  });

  it("a board's thumbnail saved through one node is shown by the other", async () => {
    const saved = await post(nodeA, `/api/boards/${boardId}/thumbnail`, multipartPicture('image'));
    expect(saved.status).toBe(200);
    expect(await saved.json()).toEqual({ saved: true });
    expect((await read(nodeB, `/api/boards/${boardId}/thumbnail`)).equals(await read(nodeA, `/api/boards/${boardId}/thumbnail`))).toBe(true);
  });

  it('neither node wrote a picture to its own disk', () => {
    expect([...filesOnDisk(nodeA), ...filesOnDisk(nodeB)]).toEqual([]);
  });
});
