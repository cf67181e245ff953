import { describe, expect } from 'vitest';
import { realtimeTest as it } from '../helpers/realtime-fixture';
import { createPrismaBoardStore } from '../../server/realtime/board-store';
import { waitFor } from '../helpers/db';
import { noteRecord, readStoredDoc, type TestClient } from '../helpers/realtime';
import { RECORDS_MAP } from '../../lib/collab-protocol';

function createdBy(c: TestClient, key: string): unknown {
  return (c.records.get(key) as { meta?: { createdBy?: unknown } } | undefined)?.meta?.createdBy;
}

describe('attribution from the verified identity', () => {
  it('credits a new shape to the token’s person even when the client claims someone else', async ({ database, boards, realtime }) => {
    const lee = await realtime.connect(boards.layPartner, boards.pairBoardId);
    const priya = await realtime.connect(boards.professional, boards.pairBoardId);
    const forged = { ...noteRecord('shape:forged', 'Mine really'), meta: { createdBy: { userId: boards.professional.id, role: 'professional' } } };
    lee.records.set('shape:forged', forged);

    const expected = { userId: boards.layPartner.id, role: 'lay_partner' };
    await waitFor(() => JSON.stringify(createdBy(priya, 'shape:forged')) === JSON.stringify(expected), 5000, 'peer sees the verified author');
    await waitFor(() => JSON.stringify(createdBy(lee, 'shape:forged')) === JSON.stringify(expected), 5000, 'writer gets the correction');
    await waitFor(() => lee.allSaved(), 5000, 'saved');
    const stored = await readStoredDoc(createPrismaBoardStore(database.db), boards.pairBoardId);
    expect(createdBy({ records: stored.getMap(RECORDS_MAP) } as TestClient, 'shape:forged')).toEqual(expected);
  });

  it('keeps the author when someone else edits the shape or tries to take it over', async ({ boards, realtime }) => {
    const lee = await realtime.connect(boards.layPartner, boards.pairBoardId);
    const priya = await realtime.connect(boards.professional, boards.pairBoardId);
    lee.records.set('shape:idea', noteRecord('shape:idea', 'An idea'));
    await waitFor(() => createdBy(priya, 'shape:idea'), 5000, 'attributed');

    const current = priya.records.get('shape:idea') as Record<string, unknown>;
    priya.records.set('shape:idea', { ...current, x: 40, meta: { createdBy: { userId: boards.professional.id, role: 'professional' } } });
    await waitFor(() => (lee.records.get('shape:idea') as { x: number }).x === 40, 5000, 'edit relayed');
    await priya.roundTrip();
    await waitFor(() => (createdBy(priya, 'shape:idea') as { userId?: string }).userId === boards.layPartner.id, 5000, 'author restored');
    expect(createdBy(lee, 'shape:idea')).toEqual({ userId: boards.layPartner.id, role: 'lay_partner' });
  });

  it('gives a deleted shape its first author back when it returns (undo)', async ({ boards, realtime }) => {
    const lee = await realtime.connect(boards.layPartner, boards.pairBoardId);
    const priya = await realtime.connect(boards.professional, boards.pairBoardId);
    lee.records.set('shape:undo', noteRecord('shape:undo', 'Undo me'));
    await waitFor(() => createdBy(priya, 'shape:undo'), 5000, 'attributed');
    const record = priya.records.get('shape:undo');
    priya.records.delete('shape:undo');
    await waitFor(() => !lee.records.has('shape:undo'), 5000, 'deletion relayed');
    priya.records.set('shape:undo', record);
    await waitFor(() => lee.records.has('shape:undo'), 5000, 'undo relayed');
    await priya.roundTrip();
    expect(createdBy(lee, 'shape:undo')).toEqual({ userId: boards.layPartner.id, role: 'lay_partner' });
  });
});

describe('attendance', () => {
  it('records one visit per person and board, with their role and no content', async ({ database, boards, realtime }) => {
    await realtime.connect(boards.layPartner, boards.workshopBoardId);
    await realtime.connect(boards.layPartner, boards.workshopBoardId);
    await realtime.connect(boards.professional, boards.workshopBoardId);
    const visits = await waitFor(async () => {
      const rows = await database.db.boardVisit.findMany({ where: { boardId: boards.workshopBoardId }, orderBy: { role: 'asc' } });
      return rows.length === 2 ? rows : null;
    }, 5000, 'two visits');
    expect(visits.map((v) => [v.userId, v.role])).toEqual([
      [boards.layPartner.id, 'lay_partner'],
      [boards.professional.id, 'professional'],
    ]);
  });
});
