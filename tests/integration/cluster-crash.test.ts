import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE_CODES, RECORDS_MAP } from '../../lib/collab-protocol';
import { createPostgresBoardStore } from '../../server/realtime/postgres-board-store';
import { waitFor } from '../helpers/db';
import { createPostgresTestDatabase, type PostgresTestDatabase } from '../helpers/postgres';
import { addNote, connectClient, seedBoardFixture, tokenFor, type BoardFixture, type TestClient } from '../helpers/realtime';
import { startRealtimeProcess, type RealtimeProcess } from '../helpers/realtime-process';
import { testKeyPrefix, useTestRedis, type TestRedis } from '../helpers/redis';

/**
 * Issue 15: a node dies mid-workshop (kill -9) and nothing acknowledged is lost. Three
 * `npm run realtime` processes on one PostgreSQL database and one Redis prefix; ten stock
 * y-websocket clients write on all three; one process is killed while they write.
 */

/** Each note a client wrote, with the clock of its write (the server may rewrite the record, e.g. its author, under its own id). */
const writes = new Map<TestClient, { key: string; clock: number }[]>();

function write(client: TestClient, key: string): void {
  const list = writes.get(client) ?? [];
  list.push({ key, clock: Y.getState(client.doc.store, client.doc.clientID) });
  writes.set(client, list);
  addNote(client, key);
}

/** The keys of `client`'s notes that the server has acknowledged (SAVED, or relayed back as committed). */
function acknowledgedKeys(client: TestClient): string[] {
  const saved = client.saved?.get(client.doc.clientID) ?? 0;
  return (writes.get(client) ?? []).filter((w) => w.clock < saved).map((w) => w.key);
}

function notesOf(records: Y.Map<unknown>): string[] {
  return [...records.keys()].filter((k) => k.startsWith('shape:x-')).sort();
}

describe('a node killed mid-workshop', () => {
  let database: PostgresTestDatabase;
  let redis: TestRedis;
  let fixture: BoardFixture;
  const processes: RealtimeProcess[] = [];
  const clients: TestClient[] = [];

  beforeAll(async () => {
    database = await createPostgresTestDatabase();
    redis = await useTestRedis('cluster-crash');
    fixture = await seedBoardFixture(database.db);
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) await p.stop('SIGTERM');
    await redis?.close();
    await database?.cleanup();
  });

  it('K1: kill -9 of one node while ten clients write loses no acknowledged update, and its clients converge on the other nodes', async () => {
    const prefix = testKeyPrefix('crash');
    for (const id of ['node-1', 'node-2', 'node-3']) {
      processes.push(await startRealtimeProcess({ databaseUrl: database.url, env: { REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix, NODE_ID: id } }));
    }
    const [victim, ...survivors] = processes;
    const board = fixture.pairBoardId;
    const people = [fixture.professional, fixture.layPartner];
    const token = async (i: number) => tokenFor(people[i % 2], board);
    // Four on the victim, three on each survivor.
    const placement = [victim, victim, victim, victim, survivors[0], survivors[0], survivors[0], survivors[1], survivors[1], survivors[1]];
    for (let i = 0; i < placement.length; i++) clients.push(connectClient(placement[i].collabUrl, board, await token(i)));
    await waitFor(() => clients.every((c) => c.provider.synced), 20_000, 'ten clients synced');

    let written = 0;
    const writeRound = () => {
      clients.forEach((c, i) => {
        if (c.provider.wsconnected) write(c, `shape:x-${i}-${written}`);
      });
      written += 1;
    };
    for (let round = 0; round < 10; round++) {
      writeRound();
      await clients[0].roundTrip(10_000);
    }
    await waitFor(() => acknowledgedKeys(clients[0]).length > 0, 10_000, 'some writes acknowledged on the victim');
    // Writes in flight as the node dies.
    writeRound();
    writeRound();
    victim.child.kill('SIGKILL');
    await victim.exited;
    const onVictim = clients.slice(0, 4);
    const acknowledged = onVictim.flatMap(acknowledgedKeys);
    expect(acknowledged.length).toBeGreaterThan(0);
    // Two of the victim's people close their laptops; two reconnect to a surviving node with what they hold.
    for (const gone of onVictim.slice(0, 2)) gone.provider.destroy();
    const moved = await Promise.all(
      onVictim.slice(2).map(async (c, i) => {
        c.provider.destroy();
        const again = connectClient(survivors[i % 2].collabUrl, board, await token(i + 2), c.doc);
        clients.push(again);
        return again;
      }),
    );
    for (let round = 0; round < 5; round++) writeRound();
    const live = [...clients.slice(4, 10), ...moved];
    const everything = () => {
      const union = new Set<string>();
      for (const c of live) for (const k of notesOf(c.records)) union.add(k);
      return union;
    };
    await waitFor(
      () => {
        const all = [...everything()].sort();
        return live.every((c) => c.provider.synced && c.allSaved() && notesOf(c.records).join() === all.join());
      },
      30_000,
      'the live clients converged, everything saved',
    );
    const final = notesOf(live[0].records);
    for (const key of acknowledged) expect(final).toContain(key);
    const store = createPostgresBoardStore(database.url);
    try {
      const stored = await store.load(board);
      const doc = new Y.Doc();
      if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
      for (const u of stored.updates) Y.applyUpdate(doc, u);
      expect(notesOf(doc.getMap(RECORDS_MAP))).toEqual(final);
    } finally {
      await store.close();
    }
  });

  it('K2: SIGTERM saves everything, closes its sockets with 1001 (clients reconnect at once), and its people leave other nodes’ screens', async () => {
    const prefix = testKeyPrefix('sigterm');
    const leaving = await startRealtimeProcess({ databaseUrl: database.url, env: { REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix, NODE_ID: 'node-leaving' } });
    const staying = await startRealtimeProcess({ databaseUrl: database.url, env: { REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix, NODE_ID: 'node-staying' } });
    processes.push(leaving, staying);
    const own = await seedBoardFixture(database.db);
    const board = own.pairBoardId;
    const writer = connectClient(leaving.collabUrl, board, await tokenFor(own.professional, board));
    const watcher = connectClient(staying.collabUrl, board, await tokenFor(own.layPartner, board));
    clients.push(writer, watcher);
    await waitFor(() => writer.provider.synced && watcher.provider.synced, 20_000, 'both synced');
    writer.provider.awareness.setLocalStateField('cursor', { x: 5, y: 5 });
    await waitFor(() => watcher.provider.awareness.getStates().has(writer.doc.clientID), 5000, 'the writer’s presence on the other node');
    for (let i = 0; i < 20; i++) write(writer, `shape:x-term-${i}`);
    // Received by the node (applied, perhaps not yet committed): stopping must commit them.
    await writer.roundTrip();
    const stopped = await leaving.stop('SIGTERM');
    expect(stopped.code).toBe(0);
    expect(writer.closeCodes).toContain(CLOSE_CODES.goingAway);
    // Its people leave at once (the node says it is leaving), not after the 5 s node timeout.
    await waitFor(() => !watcher.provider.awareness.getStates().has(writer.doc.clientID), 2000, 'presence gone with the node');
    await waitFor(() => notesOf(watcher.records).filter((k) => k.startsWith('shape:x-term-')).length === 20, 10_000, 'every write reached the other node');
  });
});
