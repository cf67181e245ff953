import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { RECORDS_MAP } from '../../lib/collab-protocol';
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

/** The keys of `client`'s own notes that the server has acknowledged (SAVED, or relayed back as committed). */
function acknowledgedKeys(client: TestClient): string[] {
  const saved = client.saved?.get(client.doc.clientID) ?? 0;
  const items = (client.records as unknown as { _map: Map<string, { id: { client: number; clock: number } }> })._map;
  return [...items]
    .filter(([key, item]) => key.startsWith('shape:x-') && item.id.client === client.doc.clientID && item.id.clock < saved)
    .map(([key]) => key);
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
    const write = () => {
      clients.forEach((c, i) => {
        if (c.provider.wsconnected) addNote(c, `shape:x-${i}-${written}`);
      });
      written += 1;
    };
    for (let round = 0; round < 10; round++) {
      write();
      await clients[0].roundTrip(10_000);
    }
    await waitFor(() => acknowledgedKeys(clients[0]).length > 0, 10_000, 'some writes acknowledged on the victim');
    // Writes in flight as the node dies.
    write();
    write();
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
    for (let round = 0; round < 5; round++) write();
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
});
