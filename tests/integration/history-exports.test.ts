import { describe, expect } from 'vitest';
import { realtimeTest as it } from '../helpers/realtime-fixture';
import { COMMENTS_MAP, REACTIONS_MAP, RECORDS_MAP } from '../../lib/collab-protocol';
import { reactionKey, type CommentValue } from '../../lib/note-responses';
import { AppError } from '../../server/errors';
import { cohortEvaluation, evaluationCsv } from '../../server/exports/evaluation';
import { exportBoardNotes } from '../../server/exports/notes';
import { listVersions, restoreVersion, saveNamedVersion, versionOutline } from '../../server/history/versions';
import { createPrismaBoardStore } from '../../server/realtime/board-store';
import { waitFor } from '../helpers/db';
import { addNote, readStoredDoc, type FixtureUser } from '../helpers/realtime';

const actor = (user: FixtureUser) => ({ id: user.id, isFacilitator: false });


async function refused(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return 'allowed';
}

describe('history', () => {
  it('restores a version: a deleted note comes back for the people on the board, the current state is saved first', async ({ database, boards, realtime }) => {
    const board = boards.workshopBoardId;
    const lee = await realtime.connect(boards.layPartner, board);
    const watcher = await realtime.connect(boards.colleague, board);
    addNote(lee, 'shape:keep', 'Keep me');
    await waitFor(() => lee.allSaved(), 5000, 'note saved');
    const saved = await saveNamedVersion(database.db, actor(boards.layPartner), board, { name: ' Before voting ' });
    expect(saved.name).toBe('Before voting');

    lee.records.delete('shape:keep');
    addNote(lee, 'shape:later', 'Written after');
    await waitFor(() => lee.allSaved() && !watcher.records.has('shape:keep'), 5000, 'deletion saved');

    const { outline } = await versionOutline(database.db, actor(boards.facilitator), board, saved.id);
    expect(outline.unframed.map((n) => n.text)).toContain('Keep me');

    const result = await restoreVersion(database.db, actor(boards.facilitator), board, saved.id);
    expect(result.changed).toBe(2);
    await waitFor(() => watcher.records.has('shape:keep') && !watcher.records.has('shape:later'), 5000, 'restore seen live');
    await waitFor(() => lee.records.has('shape:keep'), 5000, 'restore seen by the writer');
    // The note keeps the author it had.
    expect((watcher.records.get('shape:keep') as { meta: unknown }).meta).toEqual({ createdBy: { userId: boards.layPartner.id, role: 'lay_partner' } });
    const stored = await readStoredDoc(createPrismaBoardStore(database.db), board);
    expect(stored.getMap(RECORDS_MAP).has('shape:keep')).toBe(true);

    const versions = await listVersions(database.db, actor(boards.professional), board);
    expect(versions.map((v) => [v.kind, v.name])).toEqual([
      ['before_restore', 'Before restoring “Before voting”'],
      ['named', 'Before voting'],
    ]);
    // The state before the restore is kept, with the later note in it.
    const before = await versionOutline(database.db, actor(boards.facilitator), board, versions[0].id);
    expect(before.outline.unframed.map((n) => n.text)).toEqual(['Written after']);
  });

  it('lets only facilitators look at or restore versions, and only editors save them', async ({ database, boards, realtime }) => {
    const board = boards.pairBoardId;
    await realtime.connect(boards.professional, board);
    const saved = await saveNamedVersion(database.db, actor(boards.professional), board, { name: 'Ours' });
    expect(await refused(restoreVersion(database.db, actor(boards.professional), board, saved.id))).toBe('forbidden');
    expect(await refused(restoreVersion(database.db, actor(boards.layPartner), board, saved.id))).toBe('forbidden');
    expect(await refused(versionOutline(database.db, actor(boards.layPartner), board, saved.id))).toBe('forbidden');
    expect(await refused(restoreVersion(database.db, actor(boards.outsider), board, saved.id))).toBe('not_found');
    // The colleague may look at the pair board but not change it.
    expect(await refused(saveNamedVersion(database.db, actor(boards.colleague), board, { name: 'Mine' }))).toBe('forbidden');
    expect(await refused(saveNamedVersion(database.db, actor(boards.professional), board, { name: '' }))).toBe('invalid_input');
    expect(await refused(restoreVersion(database.db, actor(boards.facilitator), boards.workshopBoardId, saved.id))).toBe('not_found');
  });
});

describe('exports', () => {
  it('the notes CSV contains every note, with roles, and names only for a facilitator who asks', async ({ database, boards, realtime }) => {
    const board = boards.pairBoardId;
    const lee = await realtime.connect(boards.layPartner, board);
    const priya = await realtime.connect(boards.professional, board);
    const texts = ['Plain note', 'Commas, "quotes"\nand a new line', 'Ünïcode – “curly”'];
    addNote(lee, 'shape:n1', texts[0]);
    addNote(priya, 'shape:n2', texts[1]);
    addNote(lee, 'shape:n3', texts[2]);
    await waitFor(() => lee.allSaved() && priya.allSaved(), 5000, 'saved');

    const csv = await exportBoardNotes(database.db, actor(boards.professional), board, { format: 'csv' });
    expect(csv.contentType).toMatch(/^text\/csv/);
    expect(csv.body).toContain('Not in a frame,Plain note,Lay partner,0,0,0,0,0,,\r\n');
    expect(csv.body).toContain('Not in a frame,"Commas, ""quotes""\nand a new line",Professional,0,0,0,0,0,,\r\n');
    expect(csv.body).toContain('Not in a frame,Ünïcode – “curly”,Lay partner,0,0,0,0,0,,\r\n');
    // Every note: the template's prompts and the three written here, one row each after the header.
    const stored = await readStoredDoc(createPrismaBoardStore(database.db), board);
    const noteCount = [...stored.getMap(RECORDS_MAP).values()].filter((r) => (r as { type?: string }).type === 'note').length;
    expect(csv.body.split('\r\n').filter(Boolean)).toHaveLength(1 + noteCount);
    expect(csv.body).toContain('Lay partner');
    expect(csv.body).not.toContain(boards.layPartner.name);

    const named = await exportBoardNotes(database.db, actor(boards.facilitator), board, { format: 'csv', names: '1' });
    expect(named.body).toContain(boards.layPartner.name);
    expect(named.body).toContain(boards.professional.name);

    const md = await exportBoardNotes(database.db, actor(boards.facilitator), board, { format: 'markdown' });
    expect(md.body).toContain('- Plain note (Lay partner)');

    expect(await refused(exportBoardNotes(database.db, actor(boards.layPartner), board, { names: '1' }))).toBe('forbidden');
    expect(await refused(exportBoardNotes(database.db, actor(boards.professional), board, { names: '1' }))).toBe('forbidden');
    expect(await refused(exportBoardNotes(database.db, actor(boards.outsider), board, {}))).toBe('not_found');
    expect(await refused(exportBoardNotes(database.db, actor(boards.facilitator), board, { format: 'pdf' }))).toBe('invalid_input');
  });

  it('the notes exports carry each note’s reactions and comments by role, with names only for a facilitator who asks', async ({ database, boards, realtime }) => {
    const board = boards.pairBoardId;
    const lee = await realtime.connect(boards.layPartner, board);
    const priya = await realtime.connect(boards.professional, board);
    addNote(lee, 'shape:n1', 'Ask at the coffee morning');
    await waitFor(() => lee.allSaved() && priya.records.has('shape:n1'), 5000, 'note seen');
    priya.doc.getMap(REACTIONS_MAP).set(reactionKey('shape:n1', boards.professional.id, 'love'), { role: 'professional' });
    const comment: CommentValue = { shapeId: 'shape:n1', authorId: boards.professional.id, authorRole: 'professional', text: 'Which day?', createdAt: Date.now(), editedAt: null, resolved: false };
    priya.doc.getMap(COMMENTS_MAP).set('comment:which-day', comment);
    await waitFor(() => priya.allSaved(), 5000, 'responses saved');

    const csv = await exportBoardNotes(database.db, actor(boards.layPartner), board, { format: 'csv' });
    expect(csv.body).toContain('Not in a frame,Ask at the coffee morning,Lay partner,0,1,0,0,0,Love it: Professional,Professional: Which day?\r\n');
    expect(csv.body).not.toContain(boards.professional.name);
    const named = await exportBoardNotes(database.db, actor(boards.facilitator), board, { format: 'csv', names: '1' });
    expect(named.body).toContain(`Love it: ${boards.professional.name} (Professional),${boards.professional.name} (Professional): Which day?`);
    const md = await exportBoardNotes(database.db, actor(boards.professional), board, { format: 'markdown' });
    expect(md.body).toContain('- Ask at the coffee morning (Lay partner)\n  - Reactions: Love it: Professional\n  - Comment from Professional: Which day?\n');
  });

  it('the evaluation CSV has counts by role and no names, for facilitators only', async ({ database, boards, realtime }) => {
    const workshop = await database.db.workshop.create({
      data: { cohortId: (await database.db.board.findUniqueOrThrow({ where: { id: boards.workshopBoardId } })).cohortId!, number: 1, date: new Date('2016-03-01') },
    });
    await database.db.board.update({ where: { id: boards.workshopBoardId }, data: { workshopId: workshop.id } });
    const lee = await realtime.connect(boards.layPartner, boards.workshopBoardId);
    await realtime.connect(boards.professional, boards.workshopBoardId);
    addNote(lee, 'shape:e1', 'Three words here');
    lee.doc.getMap(REACTIONS_MAP).set(reactionKey('shape:e1', boards.layPartner.id, 'idea'), { role: 'lay_partner' });
    lee.doc.getMap(COMMENTS_MAP).set('comment:evaluation', {
      shapeId: 'shape:e1',
      authorId: boards.layPartner.id,
      authorRole: 'lay_partner',
      text: 'A private thought',
      createdAt: Date.now(),
      editedAt: null,
      resolved: false,
    } satisfies CommentValue);
    await waitFor(() => lee.allSaved(), 5000, 'saved');
    await waitFor(async () => (await database.db.boardVisit.count({ where: { boardId: boards.workshopBoardId } })) === 2, 5000, 'visits');

    const cohortId = workshop.cohortId;
    const csv = evaluationCsv(await cohortEvaluation(database.db, actor(boards.facilitator), cohortId));
    const lines = csv.trim().split('\r\n');
    // A handful of people: every count is 1 to 4, so every one is hidden, and so is every total that would reveal one.
    const small = '<5,"Hidden: fewer than 5 people, so no one can be singled out."';
    expect(lines).toContain(`members,cohort,members,Professional,${small}`);
    expect(lines).toContain(`members,cohort,members,Lay partner,${small}`);
    expect(lines).toContain(`pairs,cohort,pairs formed,,${small}`);
    expect(lines).toContain(`attendance,Workshop 1,people who opened or wrote on the boards,Lay partner,${small}`);
    expect(lines).toContain(`attendance,Workshop 1,people who opened or wrote on the boards,Professional,${small}`);
    expect(lines).toContain(`contributions,Workshop 1,words,Lay partner,${small}`);
    expect(lines).toContain(`responses,Workshop 1,reactions,Lay partner,${small}`);
    expect(lines).toContain(`responses,Workshop 1,comments,Lay partner,${small}`);
    expect(lines).toContain('responses,Workshop 1,comments,Professional,0,');
    // Nobody from a role: 0 is shown (it singles no one out).
    expect(lines).toContain('contributions,Workshop 1,people who wrote notes,Facilitator,0,');
    for (const line of lines.slice(1)) expect(line).not.toMatch(/,[1-4],$/);
    const users = await database.db.user.findMany();
    for (const u of users) {
      expect(csv).not.toContain(u.name!);
      expect(csv).not.toContain(u.email!);
      expect(csv).not.toContain(u.id);
    }
    expect(csv).not.toContain('Three words here');
    expect(csv).not.toContain('A private thought');
    expect(await refused(cohortEvaluation(database.db, actor(boards.professional), cohortId))).toBe('forbidden');
    expect(await refused(cohortEvaluation(database.db, actor(boards.outsider), cohortId))).toBe('not_found');
  });
});
