/**
 * Several nodes behind a balancer, for browser tests: Debian's nginx with the deployment's rules
 * (deploy/nginx-proxy.conf) in front of two built apps (`server/main.ts`, the .next-e2e build)
 * on free ports, sharing a throwaway PostgreSQL database and a redis-server of their own (which
 * a test may stop and start again).
 * Each node has its own data folder, as on separate machines. Browsers use the balancer's
 * origin, which is every node's APP_URL.
 */
import path from 'node:path';
import { recordsOfState } from '../../../server/murals/document';
import { foldIntoSnapshot } from '../../../server/realtime/board-store';
import { createPostgresBoardStore } from '../../../server/realtime/postgres-board-store';
import { startAppProcess, type AppExit, type AppProcess } from '../../helpers/app-process';
import { startNginx, type TestNginx } from '../../helpers/nginx';
import { databaseUrlOn, findTestPostgres, onServer, TEST_DATABASE_PREFIX, type TestPostgresServer } from '../../helpers/postgres';
import { freePort, startRedisServer, testKeyPrefix, type DedicatedRedis } from '../../helpers/redis';

export interface AppCluster {
  /** The balancer's origin (http://localhost:<port>): what people type, and every node's APP_URL. */
  url: string;
  /** The link between the nodes, to stop and start again. */
  redis: DedicatedRedis;
  /** The nodes now, by index (a restarted node replaces its entry). */
  nodes: (AppProcess | null)[];
  /** Every node's outbox folder (sign-in emails go to whichever node took the request). */
  outboxes(): string[];
  /** Open board sockets on node `index` now (its own /api/health, asked directly). */
  connectionsOn(index: number): Promise<number>;
  /** Stops node `index`: SIGTERM (a rolling deploy) or SIGKILL (a machine dying). */
  stopNode(index: number, signal: 'SIGTERM' | 'SIGKILL'): Promise<AppExit>;
  /**
   * Starts node `index` again on its port, as a new process with a new data folder, and waits
   * until the balancer sends it requests, as a rolling deploy does before stopping the next
   * node: nginx keeps a node it saw fail out of rotation for fail_timeout, then tries it with one
   * request at a time until one succeeds.
   */
  restartNode(index: number): Promise<void>;
  /** The text of every record of the board as stored in PostgreSQL (snapshot plus log). */
  storedRecordsJson(boardId: string): Promise<string>;
  /** What every node process wrote, for failure reports. */
  logs(): string;
  close(): Promise<void>;
}

const NODE_COUNT = 2;
/** How long nginx may keep a restarted node out of rotation (its fail_timeout, plus slack). */
const BALANCER_RETURN_TIMEOUT_MS = 30_000;

/** Starts PostgreSQL's database, Redis's prefix, nginx, then both nodes together (they migrate and seed once between them). */
export async function startAppCluster(): Promise<AppCluster> {
  const postgres: TestPostgresServer = await findTestPostgres();
  // Named like the integration runs' databases, so an interrupted run's is dropped by a later one.
  const name = `${TEST_DATABASE_PREFIX}${Date.now().toString(36)}_${process.pid}_e2e_nodes`;
  await onServer(postgres.adminUrl, `CREATE DATABASE "${name}"`);
  const databaseUrl = databaseUrlOn(postgres.adminUrl, name);
  let redis: DedicatedRedis | null = null;
  let nginx: TestNginx | null = null;
  const nodes: (AppProcess | null)[] = Array.from({ length: NODE_COUNT }, () => null);
  const finished: string[] = [];
  const starts = Array.from({ length: NODE_COUNT }, () => 0);

  const close = async () => {
    await Promise.all(nodes.map((node) => node?.stop()));
    await nginx?.stop();
    await redis?.stop();
    await onServer(postgres.adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await postgres.stop();
  };

  try {
    redis = await startRedisServer();
    const ports = await Promise.all(nodes.map(() => freePort()));
    nginx = await startNginx(ports);
    const url = `http://localhost:${nginx.port}`;
    const redisUrl = redis.url;
    const prefix = testKeyPrefix('e2e');

    const nodeId = (index: number) => `e2e-node-${index + 1}-start-${starts[index]}`;
    const start = async (index: number) => {
      starts[index]++;
      nodes[index] = await startAppProcess({
        databaseUrl,
        port: ports[index],
        env: {
          APP_URL: url,
          NEXTAUTH_URL: url,
          REDIS_URL: redisUrl,
          REDIS_KEY_PREFIX: prefix,
          NODE_ID: nodeId(index),
          DEMO: '1',
          // The tests sign the same demo people in many times within 15 minutes.
          SIGN_IN_EMAILS_PER_15_MIN: '100',
        },
      });
    };
    await Promise.all(nodes.map((_, index) => start(index)));

    const nodeAt = (index: number): AppProcess => {
      const node = nodes[index];
      if (!node) throw new Error(`Node ${index + 1} is not running`);
      return node;
    };

    return {
      url,
      redis,
      nodes,
      outboxes: () => nodes.flatMap((node) => (node ? [path.join(node.dataDir, 'outbox')] : [])),
      async connectionsOn(index) {
        const response = await fetch(`${nodeAt(index).origin}/api/health`);
        const health = (await response.json()) as { realtime: { connections: number } };
        return health.realtime.connections;
      },
      async stopNode(index, signal) {
        const node = nodeAt(index);
        nodes[index] = null;
        const exit = await node.stop(signal);
        finished.push(`--- node ${index + 1} (stopped with ${signal}) ---\n${node.output()}`);
        return exit;
      },
      async restartNode(index) {
        await start(index);
        const answeredBy = async () => ((await (await fetch(`${url}/api/health`)).json()) as { cluster: { nodeId: string } }).cluster.nodeId;
        const deadline = Date.now() + BALANCER_RETURN_TIMEOUT_MS;
        while ((await answeredBy().catch(() => null)) !== nodeId(index)) {
          if (Date.now() > deadline) throw new Error(`The balancer sent no request to restarted node ${index + 1} within ${BALANCER_RETURN_TIMEOUT_MS} ms`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      },
      async storedRecordsJson(boardId) {
        const store = createPostgresBoardStore(databaseUrl, { maxConnections: 1 });
        try {
          const stored = await store.load(boardId);
          return JSON.stringify(recordsOfState(foldIntoSnapshot(stored.snapshot, stored.updates)).store);
        } finally {
          await store.close();
        }
      },
      logs: () =>
        [...finished, ...nodes.flatMap((node, index) => (node ? [`--- node ${index + 1} ---\n${node.output()}`] : [])), `--- nginx ---\n${nginx?.errorLog() ?? ''}`].join('\n'),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
