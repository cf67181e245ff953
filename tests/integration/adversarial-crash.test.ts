import { describe, expect } from 'vitest';
import * as Y from 'yjs';
import { RECORDS_MAP } from '../../lib/collab-protocol';
import { createPrismaBoardStore } from '../../server/realtime/board-store';
import { waitFor, type TestDatabase } from '../helpers/db';
import { addNote, readStoredDoc, seededRandom, type BoardFixture, type TestClient } from '../helpers/realtime';
import { realtimeTest as it, type RealtimeWorld } from '../helpers/realtime-fixture';
import { startRealtimeProcess, type RealtimeProcess } from '../helpers/realtime-process';

const CLIENTS = 20;
const WRITE_INTERVAL_MS = 40;
const KILL_ROUNDS = 3;
/** A busy shared CI box can take seconds to drain 20 writers' queues; the test is about SIGTERM, not speed. */
const ROUND_TRIP_UNDER_LOAD_MS = 30_000;

/** A realtime server in a child process on the test's database, killed after the test if still running. */
async function start(database: TestDatabase, realtime: RealtimeWorld, port?: number): Promise<RealtimeProcess> {
  const p = await startRealtimeProcess({ databaseUrl: database.url, port });
  realtime.defer(async () => {
    if (p.child.exitCode === null && p.child.signalCode === null) await p.stop('SIGKILL');
  });
  return p;
}

interface Writer {
  client: TestClient;
  /** Markers written, each with this client's clock right after writing it. */
  written: { key: string; clock: number }[];
}

function ownClock(doc: Y.Doc): number {
  return Y.decodeStateVector(Y.encodeStateVector(doc)).get(doc.clientID) ?? 0;
}

function writeMarker(writer: Writer, index: number): void {
  const key = `shape:m-${index}-${writer.written.length}`;
  addNote(writer.client, key);
  writer.written.push({ key, clock: ownClock(writer.client.doc) });
}

/** Markers the server acknowledged as committed: their clock is covered by the last SAVED. */
function acknowledged(writer: Writer): string[] {
  const saved = writer.client.saved?.get(writer.client.doc.clientID) ?? 0;
  return writer.written.filter((m) => m.clock <= saved).map((m) => m.key);
}

async function connectWriters(realtime: RealtimeWorld, fixture: BoardFixture, collabUrl: string): Promise<Writer[]> {
  const users = [fixture.professional, fixture.layPartner, fixture.colleague, fixture.facilitator];
  const writers: Writer[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const user = users[i % users.length];
    const client = await realtime.connect(user, fixture.workshopBoardId, { server: { collabUrl }, synced: false });
    writers.push({ client, written: [] });
  }
  await waitFor(() => writers.every((w) => w.client.provider.synced), 20_000, 'all clients synced');
  return writers;
}

describe('crash durability (SIGKILL)', () => {
  it(`loses no acknowledged update across ${KILL_ROUNDS} seeded kill times, then converges`, async ({ database, boards: fixture, realtime }) => {
    const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
    console.log(`crash durability seed: ${seed} (rerun with CRASH_SEED=${seed})`);
    const random = seededRandom(seed);
    let server = await start(database, realtime);
    const port = server.port;
    const writers = await connectWriters(realtime, fixture, server.collabUrl);

    for (let round = 0; round < KILL_ROUNDS; round++) {
      const killAfterMs = 300 + Math.floor(random() * 1200);
      const timer = setInterval(() => writers.forEach((w, i) => writeMarker(w, i)), WRITE_INTERVAL_MS);
      await new Promise<void>((resolve) => setTimeout(resolve, killAfterMs));
      const killed = await server.stop('SIGKILL');
      clearInterval(timer);
      expect(killed.signal).toBe('SIGKILL');
      // Let every SAVED already on the wire be read before counting acknowledgements.
      await waitFor(() => writers.every((w) => !w.client.provider.wsconnected), 5000, 'clients saw the crash');

      const acked = writers.flatMap(acknowledged);
      const stored = (await readStoredDoc(createPrismaBoardStore(database.db), fixture.workshopBoardId)).getMap(RECORDS_MAP);
      const missing = acked.filter((key) => !stored.has(key));
      const written = writers.reduce((n, w) => n + w.written.length, 0);
      console.log(`round ${round + 1}: killed after ${killAfterMs} ms; ${written} markers written, ${acked.length} acknowledged, ${missing.length} acknowledged missing`);
      expect(missing, `seed ${seed}, round ${round + 1}`).toEqual([]);

      // Same port: the stock providers reconnect by themselves.
      server = await start(database, realtime, port);
      await waitFor(
        () => writers.every((w) => w.client.provider.synced && w.client.allSaved()),
        30_000,
        `clients resynced and saved (seed ${seed}, round ${round + 1})`,
      );
    }

    const allWritten = writers.flatMap((w) => w.written.map((m) => m.key));
    await waitFor(() => writers.every((w) => allWritten.every((key) => w.client.records.has(key))), 20_000, 'all clients converged');
    const first = Y.encodeStateVector(writers[0].client.doc);
    for (const w of writers) expect(Y.encodeStateVector(w.client.doc)).toEqual(first);
    const stored = (await readStoredDoc(createPrismaBoardStore(database.db), fixture.workshopBoardId)).getMap(RECORDS_MAP);
    expect(allWritten.filter((key) => !stored.has(key))).toEqual([]);
  }, 180_000);
});

describe('graceful stop (SIGTERM)', () => {
  it('commits everything it received and exits within 10 s', async ({ database, boards: fixture, realtime }) => {
    const server = await start(database, realtime);
    const writers = await connectWriters(realtime, fixture, server.collabUrl);
    const timer = setInterval(() => writers.forEach((w, i) => writeMarker(w, i)), WRITE_INTERVAL_MS);
    await waitFor(() => writers.every((w) => w.written.length >= 10), 10_000, 'load running');
    clearInterval(timer);
    // Every update the clients sent has reached the server (its sockets are handled in order)…
    await Promise.all(writers.map((w) => w.client.roundTrip(ROUND_TRIP_UNDER_LOAD_MS)));
    // …and SIGTERM arrives while those batches are still being committed.
    const stopped = await server.stop('SIGTERM');
    console.log(`SIGTERM: exited with ${stopped.code} after ${stopped.elapsedMs} ms`);
    expect(stopped.code).toBe(0);
    expect(stopped.elapsedMs).toBeLessThan(10_000);
    const stored = (await readStoredDoc(createPrismaBoardStore(database.db), fixture.workshopBoardId)).getMap(RECORDS_MAP);
    const allWritten = writers.flatMap((w) => w.written.map((m) => m.key));
    expect(allWritten.filter((key) => !stored.has(key))).toEqual([]);
  }, 60_000);
});
