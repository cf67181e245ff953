import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { countBalance, type AuthorRole, type Balance } from '../../lib/board-outline';
import { requireCohortAction } from '../db/access';
import type { Db } from '../db/client';
import { MEMBER_ROLES, isMemberRole } from '../domain/roles';
import { errorResponse } from '../http/responses';
import type { Actor } from '../domain/people';
import { parseInput } from '../validation';
import { fileSlug } from '../../lib/poster';
import { responsesOnNotes, type ResponseBalance, type ResponseTally } from '../../lib/note-responses';
import { readBoardContent } from './notes';
import { ROLE_NAMES } from './notes-format';
import {
  publishFigure,
  publishWithTotal,
  SMALL_COUNT_THRESHOLD,
  SUPPRESSED_TEXT,
  SUPPRESSION_NOTES,
  type Figure,
  type PublishedFigure,
} from './suppression';

/** One row of the evaluation CSV: counts only (or "<5" when hidden), never a name, email or note text. */
export type EvaluationRow = [section: string, scope: string, measure: string, role: string, value: number | string, note: string];

/** The CSV's columns; `note` says why a figure is hidden. */
export const EVALUATION_HEADER = ['section', 'scope', 'measure', 'role', 'value', 'note'] as const;

/** The role column of a total over every role. */
export const ALL_ROLES = 'all roles';

/** What one group of boards (a workshop's, or the pairs') adds up to. */
export interface BoardGroupFigures {
  scope: string;
  /** Distinct people by role who opened or wrote on the boards. */
  attendance: Record<AuthorRole, number>;
  /** Distinct people by role who wrote at least one note (what `contributions` is about). */
  contributors: Record<AuthorRole, number>;
  contributions: Balance;
  /** Reactions given and comments written on the boards' notes, by the responder's role. */
  responses: ResponseBalance;
  /** Distinct people by role who gave those reactions, and who wrote those comments (what `responses` is about). */
  responders: Record<AuthorRole, Record<keyof ResponseTally, number>>;
}

/** The cohort's figures, ready to format. */
export interface EvaluationFigures {
  members: Record<AuthorRole, number>;
  pairs: number;
  groups: BoardGroupFigures[];
}

function cell(figure: PublishedFigure): [value: number | string, note: string] {
  return figure.hidden === null ? [figure.value, ''] : [SUPPRESSED_TEXT, SUPPRESSION_NOTES[figure.hidden]];
}

/** Rows for one measure by role plus its total, with small counts and give-away totals hidden. */
function byRole(section: string, scope: string, measure: string, parts: Record<AuthorRole, Figure>, threshold: number): EvaluationRow[] {
  const { parts: shown, total } = publishWithTotal(
    MEMBER_ROLES.map((role) => parts[role]),
    threshold,
  );
  // Roles in plain words, as everywhere else people read them (not the stored key 'lay_partner').
  return [...MEMBER_ROLES.map((role, i): EvaluationRow => [section, scope, measure, ROLE_NAMES[role], ...cell(shown[i])]), [section, scope, measure, ALL_ROLES, ...cell(total)]];
}

const people = (counts: Record<AuthorRole, number>): Record<AuthorRole, Figure> =>
  Object.fromEntries(MEMBER_ROLES.map((role) => [role, { value: counts[role], people: counts[role] }])) as Record<AuthorRole, Figure>;

/**
 * Formats the figures as CSV rows (pure, so the no-names and small-count rules are tested on
 * the format too). Counts of people are hidden when they are 1 to threshold - 1; notes and
 * words of a role are hidden when 1 to threshold - 1 people of that role wrote them; a total is
 * hidden when any of its parts is. Pairs are hidden under the threshold too: a small number of
 * pairs would bound the hidden numbers of lay partners and professionals (one of each per pair).
 */
export function evaluationRows(figures: EvaluationFigures, threshold = SMALL_COUNT_THRESHOLD): EvaluationRow[] {
  const rows: EvaluationRow[] = byRole('members', 'cohort', 'members', people(figures.members), threshold);
  rows.push(['pairs', 'cohort', 'pairs formed', '', ...cell(publishFigure({ value: figures.pairs, people: figures.pairs }, threshold))]);
  for (const group of figures.groups) {
    rows.push(...byRole('attendance', group.scope, 'people who opened or wrote on the boards', people(group.attendance), threshold));
    rows.push(...byRole('contributions', group.scope, 'people who wrote notes', people(group.contributors), threshold));
    for (const measure of ['notes', 'words'] as const) {
      const parts = Object.fromEntries(
        MEMBER_ROLES.map((role) => [role, { value: group.contributions[role][measure], people: group.contributors[role] }]),
      ) as Record<AuthorRole, Figure>;
      rows.push(...byRole('contributions', group.scope, measure, parts, threshold));
    }
    // Reactions and comments by role, each hidden when 1 to threshold - 1 people of the role gave them.
    for (const measure of ['reactions', 'comments'] as const) {
      const parts = Object.fromEntries(
        MEMBER_ROLES.map((role) => [role, { value: group.responses[role][measure], people: group.responders[role][measure] }]),
      ) as Record<AuthorRole, Figure>;
      rows.push(...byRole('responses', group.scope, measure, parts, threshold));
    }
  }
  return rows;
}

/** The evaluation CSV with its header row. */
export function evaluationCsv(figures: EvaluationFigures, threshold = SMALL_COUNT_THRESHOLD): string {
  return stringify([[...EVALUATION_HEADER], ...evaluationRows(figures, threshold)], { record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}

/** GET /api/cohorts/<id>/evaluation.csv for a signed-in person: the CSV, or the refusal as JSON (404 outside the cohort, 403 for participants). */
export async function evaluationCsvResponse(db: Db, actor: Actor, cohortId: unknown): Promise<Response> {
  try {
    const id = parseInput(CohortIdInput, cohortId);
    const { cohort } = await requireCohortAction(db, actor.id, id, 'evaluation.export');
    const body = evaluationCsv(await cohortEvaluation(db, actor, id));
    // Named after the cohort, so several cohorts' files can sit side by side.
    const fileName = `${fileSlug(`${cohort.name} evaluation`)}.csv`;
    return new Response(body, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${fileName}"`,
        'cache-control': 'no-store',
      },
    });
  } catch (error) {
    return errorResponse(error, 'exporting the evaluation figures');
  }
}

const CohortIdInput = z.string({ error: 'That is not a cohort address.' }).trim().min(1, 'That is not a cohort address.').max(64, 'That is not a cohort address.');

const zero = (): Record<AuthorRole, number> => ({ facilitator: 0, professional: 0, lay_partner: 0 });

/**
 * A cohort's aggregate figures for the programme's independent evaluation (facilitators only):
 * members by role, pairs formed, and per workshop (and for the pair boards together) how many
 * people by role opened or wrote on the boards, how much each role wrote, and how many
 * reactions and comments each role gave on the notes. No names.
 */
export async function cohortEvaluation(db: Db, actor: Actor, cohortId: string): Promise<EvaluationFigures> {
  const { cohort } = await requireCohortAction(db, actor.id, cohortId, 'evaluation.export');
  const members = zero();
  // A cohort's facilitators are the programme's staff (who hold no membership row) and any
  // member made facilitator; each counted once.
  const facilitators = new Set<string>();
  for (const m of await db.member.findMany({ where: { cohortId }, select: { role: true, userId: true } })) {
    if (m.role === 'facilitator') facilitators.add(m.userId);
    else if (isMemberRole(m.role)) members[m.role] += 1;
  }
  for (const s of await db.programmeStaff.findMany({ where: { programmeId: cohort.programmeId }, select: { userId: true } })) facilitators.add(s.userId);
  members.facilitator = facilitators.size;
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
    const writers = new Map<string, AuthorRole>();
    const reactors = new Map<string, AuthorRole>();
    const commenters = new Map<string, AuthorRole>();
    const contributions: Balance = { facilitator: { notes: 0, words: 0 }, professional: { notes: 0, words: 0 }, lay_partner: { notes: 0, words: 0 } };
    const responses: ResponseBalance = { facilitator: { reactions: 0, comments: 0 }, professional: { reactions: 0, comments: 0 }, lay_partner: { reactions: 0, comments: 0 } };
    for (const board of group.boards) {
      for (const v of board.visits) if (isMemberRole(v.role)) people.set(v.userId, v.role);
      const content = await readBoardContent(db, board.id);
      for (const note of [...content.outline.frames.flatMap((f) => f.notes), ...content.outline.unframed]) if (note.author) {
        people.set(note.author.userId, note.author.role);
        writers.set(note.author.userId, note.author.role);
      }
      const balance = countBalance(content.outline);
      for (const role of MEMBER_ROLES) {
        contributions[role].notes += balance[role].notes;
        contributions[role].words += balance[role].words;
      }
      for (const note of responsesOnNotes(content.outline, content.responses)) {
        for (const r of note.reactions) {
          responses[r.role].reactions += 1;
          reactors.set(r.userId, r.role);
        }
        for (const c of note.comments) {
          responses[c.authorRole].comments += 1;
          commenters.set(c.authorId, c.authorRole);
        }
      }
    }
    const distinct = (byPerson: Map<string, AuthorRole>) => {
      const counts = zero();
      for (const role of byPerson.values()) counts[role] += 1;
      return counts;
    };
    const reactorCounts = distinct(reactors);
    const commenterCounts = distinct(commenters);
    const responders = Object.fromEntries(MEMBER_ROLES.map((role) => [role, { reactions: reactorCounts[role], comments: commenterCounts[role] }])) as BoardGroupFigures['responders'];
    figures.push({ scope: group.scope, attendance: distinct(people), contributors: distinct(writers), contributions, responses, responders });
  }
  return { members, pairs, groups: figures };
}
