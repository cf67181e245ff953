import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { awarenessPresenceBoard } from '../../server/cluster/presence';
import { clusterHealth } from '../../server/cluster/runtime';
import { startClusterServices } from '../../server/cluster/services';
import { waitFor } from '../helpers/db';
import { connectTestLink, testLogger, useTestRedis, type TestRedis } from '../helpers/redis';

describe('the cluster services a realtime server starts', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await useTestRedis('services');
  });
  afterAll(async () => {
    await redis?.close();
  });

  it('without Redis: one node, control and the socket cap in this process', async () => {
    const node = { nodeId: 'solo', link: null };
    const services = await startClusterServices({ connectionsPerUserMax: 1, node, logger: testLogger() });
    expect(services.relay).toBeNull();
    expect(services.presence).toBeNull();
    expect(clusterHealth(node)).toEqual({ nodeId: 'solo', redis: { status: 'off' } });
    const heard: string[] = [];
    services.control.onEvent((e) => void heard.push(e.kind));
    expect(await services.control.publish({ kind: 'board-changed', boardId: 'b1' })).toBe(true);
    await waitFor(() => heard.length === 1, 1000, 'the event in this process');
    expect(services.control.mustPoll()).toBe(false);
    expect(await services.socketCap.acquire('u1', 's1')).toBe(true);
    expect(await services.socketCap.acquire('u1', 's2')).toBe(false);
    await services.close();
  });

  it('with Redis: two nodes share presence, and closing one removes its people from the other at once', async () => {
    const linkA = await connectTestLink(redis.url, redis.prefix);
    const linkB = await connectTestLink(redis.url, redis.prefix);
    const a = await startClusterServices({ connectionsPerUserMax: 5, node: { nodeId: 'node-a', link: linkA }, logger: testLogger() });
    const b = await startClusterServices({ connectionsPerUserMax: 5, node: { nodeId: 'node-b', link: linkB }, logger: testLogger() });
    expect(clusterHealth({ nodeId: 'node-a', link: linkA })).toMatchObject({ nodeId: 'node-a', redis: { status: 'up', lastError: null } });

    const roomA = new Awareness(new Y.Doc());
    roomA.setLocalState(null);
    await a.presence!.hold('board-s1', awarenessPresenceBoard(roomA, () => []));
    const roomB = new Awareness(new Y.Doc());
    roomB.setLocalState({ user: { name: 'Fay' } });
    await b.presence!.hold('board-s1', awarenessPresenceBoard(roomB, () => [roomB.clientID]));
    await b.presence!.publishLocal('board-s1', encodeAwarenessUpdate(roomB, [roomB.clientID]));
    await waitFor(() => roomA.getStates().has(roomB.clientID), 5000, "node b's person on node a");

    await b.close();
    await waitFor(() => !roomA.getStates().has(roomB.clientID), 5000, "node b's person gone from node a");
    await a.close();
    await linkA.close();
    await linkB.close();
  });
});
