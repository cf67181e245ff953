import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { z } from 'zod';
import { SendThrottle } from '../../server/auth/sign-in-throttle';
import { ClusterControl, type ControlEvent } from '../../server/cluster/control';
import { awarenessPresenceBoard, PresenceRelay } from '../../server/cluster/presence';
import { channel, type RedisLink } from '../../server/cluster/redis-link';
import { createSocketCap } from '../../server/cluster/socket-cap';
import { createFacilitationBus, type FacilitationEvent } from '../../server/facilitation/bus';
import { SharedTestLog, TestBoardNode } from '../helpers/cluster';
import { waitFor } from '../helpers/db';
import { connectTestLink, testLogger, useTestRedis, type TestRedis } from '../helpers/redis';

/** Two (or three) nodes in one process, each with its own Redis link, on the suite's Redis. */
describe('several nodes through Redis', () => {
  let redis: TestRedis;
  const open: { close(): Promise<void> }[] = [];
  /** A fresh link per node and test; closed after the test. */
  const link = async (): Promise<RedisLink> => {
    const made = await connectTestLink(redis.url, redis.prefix);
    open.push(made);
    return made;
  };

  beforeAll(async () => {
    redis = await useTestRedis('cluster');
  });
  afterEach(async () => {
    while (open.length) await open.pop()!.close();
  });
  afterAll(async () => {
    await redis?.close();
  });

  it('delivers typed messages from one node to another and drops invalid ones', async () => {
    const a = await link();
    const b = await link();
    const pings = channel('test-pings', z.object({ n: z.number() }));
    const heard: number[] = [];
    const stop = await b.subscribe(pings, (m) => heard.push(m.n));
    expect(await a.publish(pings, { n: 1 })).toBe(true);
    // A malformed message (not this channel's shape) never reaches the handler.
    await a.commands.publish(a.key('test-pings'), JSON.stringify({ n: 'two' }));
    await a.commands.publish(a.key('test-pings'), 'not json');
    expect(await a.publish(pings, { n: 3 })).toBe(true);
    await waitFor(() => heard.length >= 2, 5000, 'two pings');
    expect(heard).toEqual([1, 3]);
    await stop();
    expect(await a.publish(pings, { n: 4 })).toBe(true);
    expect(b.health()).toMatchObject({ status: 'up' });
  });

  it('relays a committed update to the other node, which applies it in order', async () => {
    const log = new SharedTestLog();
    const a = new TestBoardNode('node-a', await link(), log, 'board-relay-1');
    const b = new TestBoardNode('node-b', await link(), log, 'board-relay-1');
    await a.hold();
    await b.hold();
    expect(await a.commitNote('n1', 'Clearer letters')).toBe(true);
    await waitFor(() => b.notes().n1, 5000, 'the first note on node b');
    expect(await b.commitNote('n2', 'Ask the patient first')).toBe(true);
    await waitFor(() => Object.keys(a.notes()).length === 2 && Object.keys(b.notes()).length === 2, 5000, 'both notes on both nodes');
    expect(a.notes()).toEqual(b.notes());
    expect(a.lastAppliedRowId()).toBe(log.head('board-relay-1'));
    expect(b.lastAppliedRowId()).toBe(log.head('board-relay-1'));
    // Only the initial look after subscribing: no gap, no catch-up. Each node applied only the
    // other's update: its own commit just moved it forward.
    expect(b.catchUps).toEqual([0]);
    expect(a.applied).toHaveLength(1);
    expect(b.applied).toHaveLength(1);
    await Promise.all([a.relay.close(), b.relay.close()]);
  });

  it('converges when two nodes commit to one board at the same time', async () => {
    const log = new SharedTestLog();
    const a = new TestBoardNode('node-a', await link(), log, 'board-race-1');
    const b = new TestBoardNode('node-b', await link(), log, 'board-race-1');
    await a.hold();
    await b.hold();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => Promise.all([a.commitNote(`a${i}`, `from a ${i}`), b.commitNote(`b${i}`, `from b ${i}`)])),
    );
    const head = log.head('board-race-1');
    await waitFor(() => a.lastAppliedRowId() === head && b.lastAppliedRowId() === head, 5000, 'both nodes at the head of the log');
    await Promise.all([a.relay.settled('board-race-1'), b.relay.settled('board-race-1')]);
    expect(Object.keys(a.notes())).toHaveLength(40);
    expect(b.notes()).toEqual(a.notes());
    await Promise.all([a.relay.close(), b.relay.close()]);
  });

  /** Three nodes holding one board over one log, all subscribed. */
  const threeNodes = async (boardId: string) => {
    const log = new SharedTestLog();
    const [a, b, c] = await Promise.all(['node-a', 'node-b', 'node-c'].map(async (id) => new TestBoardNode(id, await link(), log, boardId)));
    await Promise.all([a.hold(), b.hold(), c.hold()]);
    return { log, a, b, c };
  };

  it('catches up from the log when a relayed update shows a gap', async () => {
    // Node c will lose Redis: what it commits then reaches the log but no other node.
    const { log, a, b, c } = await threeNodes('board-gap-1');
    await a.commitNote('n1', 'first');
    await waitFor(() => b.notes().n1, 5000, 'the first note on node b');
    const before = b.lastAppliedRowId();
    await c.link.close();
    expect(await c.commitNote('n2', 'lost on the way')).toBe(false);
    await a.commitNote('n3', 'third');
    await waitFor(() => b.notes().n3, 5000, 'the third note on node b');
    await b.relay.settled('board-gap-1');
    expect(b.notes()).toEqual({ n1: 'first', n2: 'lost on the way', n3: 'third' });
    expect(b.catchUps).toEqual([0, before]);
    expect(b.lastAppliedRowId()).toBe(log.head('board-gap-1'));
    // Node a committed n3 on top of c's row it had never seen: its own commit caught it up too.
    await a.relay.settled('board-gap-1');
    expect(a.notes()).toEqual(b.notes());
    await Promise.all([a.relay.close(), b.relay.close(), c.relay.close()]);
  });

  it('tries a failed catch-up again until the log answers', async () => {
    const { log, a, b, c } = await threeNodes('board-retry-1');
    await c.link.close();
    await c.commitNote('n1', 'never relayed');
    // Nodes a (at its commit) and b (when a's note arrives) both see the gap, but the first
    // reads of the log fail.
    log.failReads = 2;
    await a.commitNote('n2', 'relayed');
    await waitFor(() => b.notes().n1 && b.notes().n2 && a.notes().n1, 5000, 'both notes on both nodes once the log answers');
    expect(log.failReads).toBe(0);
    await Promise.all([a.relay.close(), b.relay.close(), c.relay.close()]);
  });

  it('carries facilitation events to the other node, once to each stream', async () => {
    const linkA = await link();
    const linkB = await link();
    const busA = createFacilitationBus({ link: linkA, nodeId: 'node-a', log: testLogger() });
    const busB = createFacilitationBus({ link: linkB, nodeId: 'node-b', log: testLogger() });
    const onA: FacilitationEvent[] = [];
    const onB: FacilitationEvent[] = [];
    const stopA = busA.subscribeToBoard('board-bus-1', (e) => onA.push(e));
    const stopB = busB.subscribeToBoard('board-bus-1', (e) => onB.push(e));
    const elsewhere: FacilitationEvent[] = [];
    busB.subscribeToBoard('board-bus-2', (e) => elsewhere.push(e));
    await Promise.all([busA.ready('board-bus-1'), busB.ready('board-bus-1'), busB.ready('board-bus-2')]);

    busA.publish({ kind: 'celebrate', boardId: 'board-bus-1', id: 'c1', message: 'Well done, everyone!', at: 1 });
    busB.publish({ kind: 'changed', boardId: 'board-bus-1' });
    await waitFor(() => onA.length === 2 && onB.length === 2, 5000, 'both events on both nodes');
    // The publishing node hears its own event once (locally), never again through Redis.
    expect(onA.map((e) => e.kind).sort()).toEqual(['celebrate', 'changed']);
    expect(onB.map((e) => e.kind).sort()).toEqual(['celebrate', 'changed']);
    expect(elsewhere).toEqual([]);
    expect(busB.listenerCount('board-bus-1')).toBe(1);
    stopA();
    stopB();
    expect(busB.listenerCount('board-bus-1')).toBe(0);
    await Promise.all([busA.close(), busB.close()]);
  });

  it('tells every node that access changed, the publishing node first', async () => {
    const controlA = await ClusterControl.start({ link: await link(), nodeId: 'node-a', log: testLogger() });
    const controlB = await ClusterControl.start({ link: await link(), nodeId: 'node-b', log: testLogger() });
    const onA: ControlEvent[] = [];
    const onB: ControlEvent[] = [];
    controlA.onEvent((e) => void onA.push(e));
    controlB.onEvent((e) => void onB.push(e));
    expect(await controlA.publish({ kind: 'access-changed', userId: 'user-1' })).toBe(true);
    await waitFor(() => onB.length === 1, 5000, 'node b told');
    expect(onA).toEqual([{ kind: 'access-changed', userId: 'user-1' }]);
    expect(onB).toEqual([{ kind: 'access-changed', userId: 'user-1' }]);
    expect(controlA.mustPoll()).toBe(false);
    await Promise.all([controlA.close(), controlB.close()]);
  });

  it('shares presence between nodes and drops the people of a node that stops heart-beating', async () => {
    // Short enough to keep the test quick, long enough that a busy CI machine does not pass for a dead node.
    const fast = { heartbeatMs: 200, nodeTimeoutMs: 3000 };
    const boardId = 'board-presence-1';
    // Node a's room: an awareness holding whatever other nodes relay.
    const roomA = new Awareness(new Y.Doc());
    roomA.setLocalState(null);
    const boardA = awarenessPresenceBoard(roomA, () => []);
    const presenceA = await PresenceRelay.start({ link: await link(), nodeId: 'node-a', log: testLogger(), ...fast });
    await presenceA.hold(boardId, boardA);

    // Node b has one person on the board; node c has another.
    const linkB = await connectTestLink(redis.url, redis.prefix);
    // Node b's room holds Fay's state, relayed from her socket there.
    const personOnB = new Awareness(new Y.Doc());
    personOnB.setLocalState({ user: { name: 'Fay' } });
    const roomB = new Awareness(new Y.Doc());
    roomB.setLocalState(null);
    applyAwarenessUpdate(roomB, encodeAwarenessUpdate(personOnB, [personOnB.clientID]), 'socket');
    const presenceB = await PresenceRelay.start({ link: linkB, nodeId: 'node-b', log: testLogger(), ...fast });
    await presenceB.hold(boardId, awarenessPresenceBoard(roomB, () => [personOnB.clientID]));
    const personOnC = new Awareness(new Y.Doc());
    personOnC.setLocalState({ user: { name: 'Bo' } });
    const presenceC = await PresenceRelay.start({ link: await link(), nodeId: 'node-c', log: testLogger(), ...fast });
    await presenceC.hold(boardId, { applyRemote: () => {}, localStates: () => null, removeRemote: () => {} });
    await presenceC.publishLocal(boardId, encodeAwarenessUpdate(personOnC, [personOnC.clientID]));

    // Node b answered node c's query (and a's): both people are seen on node a.
    await waitFor(() => roomA.getStates().has(personOnB.clientID) && roomA.getStates().has(personOnC.clientID), 5000, 'both people on node a');
    await waitFor(() => presenceA.liveNodes().includes('node-b'), 5000, 'node b alive');

    // Another person on node b reconnects through node c (a browser keeps its awareness client id).
    const movedPerson = new Awareness(new Y.Doc());
    movedPerson.setLocalState({ user: { name: 'Sam' } });
    await presenceB.publishLocal(boardId, encodeAwarenessUpdate(movedPerson, [movedPerson.clientID]));
    await waitFor(() => roomA.getStates().has(movedPerson.clientID), 5000, 'the moving person on node a');
    movedPerson.setLocalState({ user: { name: 'Sam' }, cursor: { x: 1, y: 1 } });
    await presenceC.publishLocal(boardId, encodeAwarenessUpdate(movedPerson, [movedPerson.clientID]));
    await waitFor(() => (roomA.getStates().get(movedPerson.clientID) as { cursor?: unknown } | undefined)?.cursor, 5000, 'the moved person seen through node c');

    // Node b dies: its link drops without a goodbye, so its heartbeats stop.
    linkB.commands.disconnect();
    await waitFor(() => !roomA.getStates().has(personOnB.clientID), 10_000, "node b's person removed on node a");
    expect(roomA.getStates().has(personOnC.clientID)).toBe(true);
    expect(roomA.getStates().has(movedPerson.clientID)).toBe(true);
    expect(presenceA.liveNodes()).not.toContain('node-b');

    await Promise.all([presenceA.close(), presenceC.close()]);
    await linkB.close();
  });

  it('drops the people of a node that shuts down at once, without waiting for its heartbeats to stop', async () => {
    const boardId = 'board-presence-2';
    const roomA = new Awareness(new Y.Doc());
    roomA.setLocalState(null);
    // A timeout far longer than the test: only the goodbye can remove the person.
    const presenceA = await PresenceRelay.start({ link: await link(), nodeId: 'node-a', log: testLogger(), nodeTimeoutMs: 600_000 });
    await presenceA.hold(boardId, awarenessPresenceBoard(roomA, () => []));
    const presenceB = await PresenceRelay.start({ link: await link(), nodeId: 'node-b', log: testLogger() });
    await presenceB.hold(boardId, { applyRemote: () => {}, localStates: () => null, removeRemote: () => {} });
    const person = new Awareness(new Y.Doc());
    person.setLocalState({ user: { name: 'Fay' } });
    await presenceB.publishLocal(boardId, encodeAwarenessUpdate(person, [person.clientID]));
    await waitFor(() => roomA.getStates().has(person.clientID), 5000, 'the person on node a');
    await presenceB.close();
    await waitFor(() => !roomA.getStates().has(person.clientID), 5000, 'the person removed after the goodbye');
    await presenceA.close();
  });

  it('caps one person\'s sockets across nodes, and forgets the sockets of a node that died', async () => {
    const linkA = await link();
    const linkB = await link();
    const short = { max: 2, ttlMs: 3000, refreshMs: 300, log: testLogger() };
    const capA = createSocketCap({ link: linkA, nodeId: 'node-a', ...short });
    const capB = createSocketCap({ link: linkB, nodeId: 'node-b', ...short });
    expect(await capA.acquire('user-1', 's1')).toBe(true);
    expect(await capB.acquire('user-1', 's2')).toBe(true);
    expect(await capB.acquire('user-1', 's3')).toBe(false);
    expect(await capA.acquire('user-2', 's4')).toBe(true);
    await capB.release('user-1', 's2');
    expect(await capA.acquire('user-1', 's3')).toBe(true);
    expect(await capB.acquire('user-1', 's5')).toBe(false);
    // Node a dies: it stops renewing, and after the TTL its sockets no longer count.
    await capA.close();
    await linkA.close();
    await waitFor(() => capB.acquire('user-1', 's5'), 10_000, "node a's sockets to lapse");
    expect(capB.localCount('user-1')).toBe(1);
    await capB.close();
  });

  it('counts sign-in emails across nodes', async () => {
    const throttleA = new SendThrottle(2, 60_000, await link());
    const throttleB = new SendThrottle(2, 60_000, await link());
    const address = `fay-${redis.prefix}@example.org`;
    expect(await throttleA.allowSend(address)).toBe(true);
    expect(await throttleB.allowSend(address)).toBe(true);
    expect(await throttleA.allowSend(address)).toBe(false);
    expect(await throttleB.allowSend(address)).toBe(false);
    expect(await throttleB.allowSend(`bo-${redis.prefix}@example.org`)).toBe(true);
  });
});
