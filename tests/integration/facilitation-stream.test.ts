import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDisplayLink, revokeDisplayLink } from '../../server/facilitation/display-links';
import { facilitationStream } from '../../server/facilitation/stream';
import { createTestDatabase, waitFor, type TestDatabase } from '../helpers/db';
import { seedBoardFixture, type BoardFixture } from '../helpers/realtime';

// The facilitation events stream (timer, votes, summon, celebrate) checks who is looking again
// with every tick, not only when it opens: a projector's link that runs out, or a member taken
// off the cohort, stops receiving the board's state.

const TICK_MS = 50;

let database: TestDatabase;
let fixture: BoardFixture;
const aborts: AbortController[] = [];

beforeEach(async () => {
  database = await createTestDatabase();
  fixture = await seedBoardFixture(database.db);
});

afterEach(async () => {
  for (const abort of aborts.splice(0)) abort.abort();
  await database.cleanup();
});

/** Opens a stream and collects its events (name and data) as they come. */
function open(viewer: Parameters<typeof facilitationStream>[2]): { events: { event: string; data: unknown }[]; closed: () => boolean } {
  const abort = new AbortController();
  aborts.push(abort);
  const stream = facilitationStream(database.db, fixture.workshopBoardId, viewer, abort.signal, { tickMs: TICK_MS });
  const events: { event: string; data: unknown }[] = [];
  let done = false;
  void (async () => {
    const decoder = new TextDecoder();
    let buffered = '';
    const reader = stream.getReader();
    for (;;) {
      const { value, done: finished } = await reader.read();
      if (finished) break;
      buffered += decoder.decode(value, { stream: true });
      for (let end = buffered.indexOf('\n\n'); end >= 0; end = buffered.indexOf('\n\n')) {
        const block = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) as unknown });
      }
    }
    done = true;
  })();
  return { events, closed: () => done };
}

const named = (events: { event: string }[], name: string) => events.filter((e) => e.event === name);

describe('facilitation events stream', () => {
  it('ends a projector’s stream within a tick once its display link has run out', async () => {
    const link = await createDisplayLink(database.db, { id: fixture.facilitator.id, isFacilitator: false }, fixture.workshopBoardId, { label: 'Projector' });
    const projector = open({ kind: 'display', displayLinkId: link.id });
    await waitFor(() => named(projector.events, 'state').length > 0 && named(projector.events, 'tick').length > 0, 5000, 'state and ticks');

    await database.db.displayLink.update({ where: { id: link.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await waitFor(() => projector.closed(), 5000, 'the stream closed');
    expect(projector.events.at(-1)).toEqual({ event: 'end', data: { reason: 'display-ended' } });
  });

  it('tells a projector at once when the facilitator switches its link off', async () => {
    const actor = { id: fixture.facilitator.id, isFacilitator: false };
    const link = await createDisplayLink(database.db, actor, fixture.workshopBoardId, { label: 'Projector' });
    const projector = open({ kind: 'display', displayLinkId: link.id });
    await waitFor(() => named(projector.events, 'state').length > 0, 5000, 'state');
    await revokeDisplayLink(database.db, actor, fixture.workshopBoardId, { displayLinkId: link.id });
    await waitFor(() => projector.closed(), 5000, 'the stream closed');
    expect(projector.events.at(-1)).toEqual({ event: 'end', data: { reason: 'display-revoked' } });
  });

  it('ends a member’s stream within a tick once they are taken off the cohort, and keeps the others’', async () => {
    const leaving = open({ kind: 'member', userId: fixture.layPartner.id, role: fixture.layPartner.role });
    const staying = open({ kind: 'member', userId: fixture.professional.id, role: fixture.professional.role });
    await waitFor(() => named(leaving.events, 'state').length > 0 && named(staying.events, 'state').length > 0, 5000, 'states');

    await database.db.member.deleteMany({ where: { userId: fixture.layPartner.id } });
    await waitFor(() => leaving.closed(), 5000, 'the stream closed');
    expect(leaving.events.at(-1)).toEqual({ event: 'end', data: { reason: 'access-removed' } });
    const ticks = named(staying.events, 'tick').length;
    await waitFor(() => named(staying.events, 'tick').length > ticks + 2, 5000, 'the other stream ticks on');
    expect(staying.closed()).toBe(false);
  });
});
