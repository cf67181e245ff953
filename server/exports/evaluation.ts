import { stringify } from 'csv-stringify/sync';
import { countBalance, type AuthorRole, type Balance } from '../../lib/board-outline';
import { requireCohortAction } from '../db/access';
import type { Db } from '../db/client';
import { MEMBER_ROLES, isMemberRole } from '../domain/roles';
import type { Actor } from '../programme/input';
import { readBoardOutline } from './notes';

/** One row of the evaluation CSV: counts only, never a name, email or note text. */
export type EvaluationRow = [section: string, scope: string, measure: string, role: string, value: number];

/** What one group of boards (a workshop's, or the pairs') adds up to. */
export interface BoardGroupFigures {
  scope: string;
  /** Distinct people by role who opened or wrote on the boards. */
  attendance: Record<AuthorRole, number>;
  contributions: Balance;
}

/** The cohort's figures, ready to format. */
export interface EvaluationFigures {
  members: Record<AuthorRole, number>;
  pairs: number;
  groups: BoardGroupFigures[];
}

/** Formats the figures as CSV rows (pure, so the no-names rule is tested on the format too). */
export function evaluationRows(figures: EvaluationFigures): EvaluationRow[] {
  const rows: EvaluationRow[] = MEMBER_ROLES.map((role) => ['members', 'cohort', 'members', role, figures.members[role]]);
  rows.push(['pairs', 'cohort', 'pairs formed', '', figures.pairs]);
  for (const group of figures.groups) {
    for (const role of MEMBER_ROLES) rows.push(['attendance', group.scope, 'people who opened or wrote on the boards', role, group.attendance[role]]);
    for (const role of MEMBER_ROLES) {
      rows.push(['contributions', group.scope, 'notes', role, group.contributions[role].notes]);
      rows.push(['contributions', group.scope, 'words', role, group.contributions[role].words]);
    }
  }
  return rows;
}

/** The evaluation CSV with its header row. */
export function evaluationCsv(figures: EvaluationFigures): string {
  return stringify([['section', 'scope', 'measure', 'role', 'value'], ...evaluationRows(figures)], { record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}

const zero = (): Record<AuthorRole, number> => ({ facilitator: 0, professional: 0, lay_partner: 0 });

/**
 * A cohort's aggregate figures for the programme's independent evaluation (facilitators only):
 * members by role, pairs formed, and per workshop (and for the pair boards together) how many
 * people by role opened or wrote on the boards and how much each role wrote. No names.
 */
export async function cohortEvaluation(db: Db, actor: Actor, cohortId: string): Promise<EvaluationFigures> {
  await requireCohortAction(db, actor.id, cohortId, 'evaluation.export');
  const members = zero();
  for (const m of await db.member.findMany({ where: { cohortId }, select: { role: true } })) if (isMemberRole(m.role)) members[m.role] += 1;
  const pairs = await db.pair.count({ where: { cohortId } });
  const workshops = await db.workshop.findMany({ where: { cohortId }, orderBy: { number: 'asc' }, select: { id: true, number: true } });
  const boards = await db.board.findMany({
    where: { cohortId },
    select: { id: true, kind: true, workshopId: true, visits: { select: { userId: true, role: true } } },
  });
  const groups = [
    ...workshops.map((w) => ({ scope: `Workshop ${w.number}`, boards: boards.filter((b) => b.kind === 'workshop' && b.workshopId === w.id) })),
    { scope: 'Pair boards', boards: boards.filter((b) => b.kind === 'pair') },
  ];
  const figures: BoardGroupFigures[] = [];
  for (const group of groups) {
    const people = new Map<string, AuthorRole>();
    const contributions: Balance = { facilitator: { notes: 0, words: 0 }, professional: { notes: 0, words: 0 }, lay_partner: { notes: 0, words: 0 } };
    for (const board of group.boards) {
      for (const v of board.visits) if (isMemberRole(v.role)) people.set(v.userId, v.role);
      const outline = await readBoardOutline(db, board.id);
      for (const note of [...outline.frames.flatMap((f) => f.notes), ...outline.unframed]) if (note.author) people.set(note.author.userId, note.author.role);
      const balance = countBalance(outline);
      for (const role of MEMBER_ROLES) {
        contributions[role].notes += balance[role].notes;
        contributions[role].words += balance[role].words;
      }
    }
    const attendance = zero();
    for (const role of people.values()) attendance[role] += 1;
    figures.push({ scope: group.scope, attendance, contributions });
  }
  return { members, pairs, groups: figures };
}
