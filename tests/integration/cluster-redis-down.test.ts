import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SendThrottle } from '../../server/auth/sign-in-throttle';
import { ClusterControl, type ControlEvent } from '../../server/cluster/control';
import type { LinkStatus, RedisLink } from '../../server/cluster/redis-link';
import { clusterHealth } from '../../server/cluster/runtime';
import { createSocketCap } from '../../server/cluster/socket-cap';
import { createFacilitationBus, type FacilitationEvent } from '../../server/facilitation/bus';
import { SharedTestLog, TestBoardNode } from '../helpers/cluster';
import { waitFor } from '../helpers/db';
import { connectTestLink, startRedisServer, testKeyPrefix, testLogger, type DedicatedRedis } from '../helpers/redis';

/**
 * Redis stops under two running nodes and comes back: each node keeps serving its own people
 * and says honestly that the link is down; when Redis returns, relay resumes and every node
 * catches up with what it missed. Runs on a redis-server of its own (stopping the shared one
 * would break other test files).
 */
describe('Redis stopped and restarted under two nodes', () => {
  let redis: DedicatedRedis;
  let linkA: RedisLink;
  let linkB: RedisLink;
  const statusesA: LinkStatus[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
    const prefix = testKeyPrefix('down');
    linkA = await connectTestLink(redis.url, prefix);
    linkB = await connectTestLink(redis.url, prefix);
    linkA.onStatus((s) => void statusesA.push(s));
  });

  afterAll(async () => {
    await linkA?.close();
    await linkB?.close();
    await redis?.stop();
  });

  it('keeps serving while Redis is away, says so honestly, and catches up when it returns', async () => {
    const log = new SharedTestLog();
    const a = new TestBoardNode('node-a', linkA, log, 'board-down-1');
    const b = new TestBoardNode('node-b', linkB, log, 'board-down-1');
    await a.hold();
    await b.hold();
    const busA = createFacilitationBus({ link: linkA, nodeId: 'node-a', log: testLogger() });
    const busB = createFacilitationBus({ link: linkB, nodeId: 'node-b', log: testLogger() });
    const streamOnB: FacilitationEvent[] = [];
    busB.subscribeToBoard('board-down-1', (e) => streamOnB.push(e));
    await busB.ready('board-down-1');
    const controlB = await ClusterControl.start({ link: linkB, nodeId: 'node-b', log: testLogger() });
    const controlOnB: ControlEvent[] = [];
    controlB.onEvent((e) => void controlOnB.push(e));
    const capA = createSocketCap({ link: linkA, nodeId: 'node-a', max: 1, log: testLogger() });
    const throttleA = new SendThrottle(1, 60_000, linkA);

    await a.commitNote('n1', 'before the outage');
    await waitFor(() => b.notes().n1, 5000, 'the first note on node b');

    await redis.stop();
    await waitFor(() => linkA.health().status === 'down' && linkB.health().status === 'down', 5000, 'both links down');
    expect(clusterHealth({ nodeId: 'node-a', link: linkA })).toMatchObject({ nodeId: 'node-a', redis: { status: 'down' } });
    expect(linkA.health().lastError).toBeTruthy();
    expect(controlB.mustPoll()).toBe(true);

    // Each node still saves and serves its own people; nothing reaches the other node.
    expect(await a.commitNote('n2', 'during the outage')).toBe(false);
    expect(a.notes().n2).toBe('during the outage');
    busA.publish({ kind: 'changed', boardId: 'board-down-1' });
    // Limits still hold on each node (in memory) and nobody is refused for Redis being away.
    expect(await capA.acquire('user-1', 's1')).toBe(true);
    expect(await capA.acquire('user-1', 's2')).toBe(false);
    expect(await throttleA.allowSend('fay@example.org')).toBe(true);
    expect(await throttleA.allowSend('fay@example.org')).toBe(false);
    expect(b.notes().n2).toBeUndefined();
    // A projector opens a board's events on node b while Redis is away: it hears node a once Redis is back.
    const lateStream: FacilitationEvent[] = [];
    busB.subscribeToBoard('board-down-2', (e) => lateStream.push(e));
    // Longer than ioredis's first reconnect attempts, so a SUBSCRIBE queued without retries would have been dropped.
    await waitFor(() => linkB.health().lastError?.includes('ECONNREFUSED'), 5000, 'a failed reconnect attempt');

    await redis.start();
    await waitFor(() => linkA.health().status === 'up' && linkB.health().status === 'up', 10_000, 'both links up again');
    expect(statusesA).toEqual(['down', 'up']);

    // Node b catches up from the log: the note written during the outage arrives.
    await waitFor(() => b.notes().n2, 5000, 'the outage note on node b');
    // Streams on node b re-read their state; node b rechecks its sockets.
    await waitFor(() => streamOnB.some((e) => e.kind === 'changed'), 5000, 'a resync of the facilitation stream');
    await waitFor(() => controlOnB.some((e) => e.kind === 'resync'), 5000, 'a control resync');
    expect(controlB.mustPoll()).toBe(false);

    await busB.ready('board-down-2');
    busA.publish({ kind: 'celebrate', boardId: 'board-down-2', id: 'c1', message: 'Back together', at: 2 });
    await waitFor(() => lateStream.some((e) => e.kind === 'celebrate'), 5000, 'the celebration on the late stream');

    // And relay flows again.
    await a.commitNote('n3', 'after the outage');
    await waitFor(() => b.notes().n3, 5000, 'the third note on node b');
    expect(b.notes()).toEqual(a.notes());

    await capA.close();
    await controlB.close();
    await Promise.all([busA.close(), busB.close(), a.relay.close(), b.relay.close()]);
  });

  it('notices a Redis that hangs without closing, never waits on it, and recovers when it answers again', async () => {
    const statuses: LinkStatus[] = [];
    linkA.onStatus((s) => void statuses.push(s));
    const cap = createSocketCap({ link: linkA, nodeId: 'node-a', max: 3, log: testLogger() });
    // The server stops answering; its sockets stay open, so only the watchdog can tell.
    redis.freeze();
    try {
      // A socket admitted while the link still looks up: it must not wait for Redis to return.
      const admitted = cap.acquire('user-hang', 's1');
      await waitFor(() => linkA.health().status === 'down', 5000, 'the link marked down');
      expect(linkA.health().lastError).toMatch(/did not answer/);
      let result: boolean | undefined;
      void admitted.then((ok) => (result = ok));
      await waitFor(() => result !== undefined, 5000, 'the socket admitted without Redis');
      expect(result).toBe(true);
    } finally {
      redis.thaw();
    }
    await waitFor(() => linkA.health().status === 'up', 10_000, 'the link up again');
    expect(statuses).toEqual(['down', 'up']);
    await cap.close();
  });
});
