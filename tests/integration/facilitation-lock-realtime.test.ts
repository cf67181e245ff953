import { expect } from 'vitest';
import { setBoardLocked } from '../../server/facilitation/room';
import { waitFor } from '../helpers/db';
import { addNote } from '../helpers/realtime';
import { realtimeTest as it } from '../helpers/realtime-fixture';

it('locking through the facilitation service makes open participant sockets read-only at once, and their writes change nothing', async ({ database, boards, realtime }) => {
  // A poll far slower than the test: only the facilitation service's own notice can make it pass.
  await realtime.start({ limits: { boardStatePollMs: 600_000 } });
  const board = boards.workshopBoardId;
  const participant = await realtime.connect(boards.layPartner, board);
  const facilitator = await realtime.connect(boards.facilitator, board);
  expect(participant.status?.access).toBe('edit');

  await setBoardLocked(database.db, { id: boards.facilitator.id, isFacilitator: false }, board, { locked: true });
  await waitFor(() => participant.status?.access === 'view', 2000, 'participant told about the lock');
  expect(participant.status).toMatchObject({ access: 'view', readOnlyReason: 'locked' });
  expect(facilitator.status?.access).toBe('edit');

  addNote(participant, 'shape:written-while-locked');
  await participant.roundTrip();
  // The facilitator's marker is committed after the participant's write was handled.
  addNote(facilitator, 'shape:marker');
  await waitFor(() => facilitator.allSaved(), 5000, 'marker saved');
  const fresh = await realtime.connect(boards.professional, board);
  expect(fresh.records.has('shape:marker')).toBe(true);
  expect(fresh.records.has('shape:written-while-locked')).toBe(false);
  expect(facilitator.records.has('shape:written-while-locked')).toBe(false);

  await setBoardLocked(database.db, { id: boards.facilitator.id, isFacilitator: false }, board, { locked: false });
  await waitFor(() => participant.status?.access === 'edit', 2000, 'participant told about the unlock');
});
