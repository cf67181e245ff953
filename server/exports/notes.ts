import { z } from 'zod';
import { buildOutline, countBalance, type BoardOutline } from '../../lib/board-outline';
import { COMMENTS_MAP, REACTIONS_MAP, RECORDS_MAP } from '../../lib/collab-protocol';
import { collectResponses, countResponses, responsesOnNotes, type BoardBalance, type NoteResponses } from '../../lib/note-responses';
import { requireBoardAccess } from '../db/access';
import type { Db } from '../db/client';
import { can } from '../domain/permissions';
import { AppError } from '../errors';
import { readBoardDoc } from '../history/board-document';
import type { Actor } from '../domain/people';
import { parseInput } from '../validation';
import { notesCsv, notesMarkdown } from './notes-format';

/** The export's options, from the query string. */
export const NotesExportInput = z.object({
  format: z.enum(['csv', 'markdown'], { error: 'Choose CSV or Markdown.' }).default('csv'),
  names: z
    .enum(['0', '1'], { error: 'names must be 0 or 1.' })
    .default('0')
    .transform((v) => v === '1'),
});

/** A board's notes and the reactions and comments on them. */
export interface BoardContent {
  outline: BoardOutline;
  /** Each note's responses, by shape id (also those on notes no longer on the board: see responsesOnNotes). */
  responses: Map<string, NoteResponses>;
}

/** A board's current outline and responses, read from the stored document. */
export async function readBoardContent(db: Db, boardId: string): Promise<BoardContent> {
  const doc = await readBoardDoc(db, boardId);
  try {
    return {
      outline: buildOutline(doc.getMap(RECORDS_MAP).values()),
      responses: collectResponses(doc.getMap(REACTIONS_MAP).entries(), doc.getMap(COMMENTS_MAP).entries()),
    };
  } finally {
    doc.destroy();
  }
}

/** A file to send: its text, type and suggested name. */
export interface ExportFile {
  body: string;
  contentType: string;
  filename: string;
}

function safeFilename(title: string): string {
  return title.replace(/[^A-Za-z0-9 _-]+/g, '').trim().replace(/\s+/g, '-').slice(0, 60) || 'board';
}

/**
 * The notes of a board, grouped by frame, with each author's role and the reactions and comments
 * on them, by role; with names only when a facilitator asks (`names`), because the programme's
 * exports leave names out by default.
 */
export async function exportBoardNotes(db: Db, actor: Actor, boardId: string, input: unknown): Promise<ExportFile> {
  const { board, role } = await requireBoardAccess(db, actor.id, boardId);
  const { format, names } = parseInput(NotesExportInput, input);
  if (!can(role, 'board.export')) throw new AppError('forbidden', 'You cannot export this board.');
  if (names && !can(role, 'board.exportNames')) throw new AppError('forbidden', 'Only a facilitator can export notes with people’s names.');
  const { outline, responses } = await readBoardContent(db, boardId);
  const naming = names ? { names: await peopleNames(db, { outline, responses }) } : {};
  const base = `${safeFilename(board.title)}-notes`;
  return format === 'csv'
    ? { body: notesCsv(outline, responses, naming), contentType: 'text/csv; charset=utf-8', filename: `${base}.csv` }
    : { body: notesMarkdown(board.title, outline, responses, naming), contentType: 'text/markdown; charset=utf-8', filename: `${base}.md` };
}

/** The names of everyone an export shows: the notes' authors, and who reacted to and commented on them. */
async function peopleNames(db: Db, { outline, responses }: BoardContent): Promise<Map<string, string>> {
  const ids = new Set([...outline.frames.flatMap((f) => f.notes), ...outline.unframed].flatMap((n) => (n.author ? [n.author.userId] : [])));
  for (const { reactions, comments } of responsesOnNotes(outline, responses)) {
    for (const r of reactions) ids.add(r.userId);
    for (const c of comments) ids.add(c.authorId);
  }
  const users = await db.user.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true, email: true } });
  return new Map(users.map((u) => [u.id, u.name ?? u.email ?? 'Unknown']));
}

/** How much lay partners and professionals have each written on a board, and their reactions and comments (anyone who may see it). */
export async function boardBalance(db: Db, actor: Actor, boardId: string): Promise<BoardBalance> {
  await requireBoardAccess(db, actor.id, boardId);
  const { outline, responses } = await readBoardContent(db, boardId);
  return { writing: countBalance(outline), responses: countResponses(outline, responses) };
}

/**
 * Dots each note has received in votes the facilitator has revealed or closed (open votes stay
 * hidden, as on the canvas). Keyed by shape id. The caller has checked access to the board.
 */
export async function revealedVoteCounts(db: Db, boardId: string): Promise<Record<string, number>> {
  const ballots = await db.voteBallot.groupBy({
    by: ['shapeId'],
    where: { vote: { boardId, status: { in: ['revealed', 'closed'] } } },
    _count: { _all: true },
  });
  return Object.fromEntries(ballots.map((b) => [b.shapeId, b._count._all]));
}
