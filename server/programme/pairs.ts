import { z } from 'zod';
import type { Db } from '../db/client';
import { AppError, notFound } from '../errors';
import { checkPair, suggestPairs, type PairCandidate, type PairProblem } from '../domain/pairing';
import type { MemberRole } from '../domain/roles';
import { PAIR_BOARD_TEMPLATE } from './board-records';
import { isUniqueViolation } from './db-errors';
import { cohortGate } from '../access/cohort-gate';
import { displayName, type Actor } from '../domain/people';
import { AcceptSuggestionsInput, PairIdInput, PairInput, RePairInput } from './input';

/** The project title given to accepted suggestions until the pair agrees on theirs. */
export const PROJECT_TO_BE_AGREED = 'Project to be agreed';

type CohortRef = { id: string; programmeId: string };
type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/**
 * Loads a proposed partner as the pairing rules see them. Someone outside the cohort (or an
 * unknown id) is "That person", so a facilitator never learns names from another cohort.
 * `ignorePairId` treats the pair being replaced as already dissolved.
 */
async function loadCandidate(db: Db | Tx, memberId: string, cohortId: string, ignorePairId?: string): Promise<PairCandidate> {
  const member = await db.member.findUnique({
    where: { id: memberId },
    include: { user: { select: { name: true, email: true } }, asProfessional: { select: { id: true } }, asLayPartner: { select: { id: true } } },
  });
  if (!member || member.cohortId !== cohortId) {
    return { memberId, cohortId: '', role: 'professional', name: 'That person', isPaired: false };
  }
  const pairId = member.asProfessional?.id ?? member.asLayPartner?.id;
  return {
    memberId,
    cohortId: member.cohortId,
    role: member.role as MemberRole,
    name: displayName(member.user),
    isPaired: !!pairId && pairId !== ignorePairId,
  };
}

function problemsToError(problems: PairProblem[]): AppError {
  const fieldErrors: Record<string, string[]> = {};
  for (const p of problems) (fieldErrors[p.field] ??= []).push(p.message);
  return new AppError('invalid_input', problems[0].message, fieldErrors);
}

const RACE_MESSAGE =
  'Someone else changed these pairs at the same moment, so nothing was saved. Check the pairs below and try again if needed.';

interface NewPair {
  professionalId: string;
  layPartnerId: string;
  projectTitle: string;
  challenge: string;
}

/** Creates a pair with its pair board in one statement (so neither exists without the other). */
function createPairWithBoard(db: Db | Tx, cohort: CohortRef, pair: NewPair) {
  return db.pair.create({
    data: {
      cohortId: cohort.id,
      ...pair,
      boards: {
        create: { programmeId: cohort.programmeId, cohortId: cohort.id, kind: 'pair', title: pair.projectTitle, template: PAIR_BOARD_TEMPLATE },
      },
    },
  });
}

/**
 * Checks the rules, then creates the pair. Submitting the same pair again (a double click)
 * answers with the existing pair instead of an error; the unique member columns catch two
 * requests racing past the checks, and the loser gets a clear message.
 */
async function pairChecked(db: Db, cohort: CohortRef, pair: NewPair) {
  const samePair = () => db.pair.findFirst({ where: { professionalId: pair.professionalId, layPartnerId: pair.layPartnerId, cohortId: cohort.id } });
  const existing = await samePair();
  if (existing) return { pair: existing, created: false };
  const professional = await loadCandidate(db, pair.professionalId, cohort.id);
  const layPartner = await loadCandidate(db, pair.layPartnerId, cohort.id);
  const problems = checkPair(cohort.id, professional, layPartner);
  if (problems.length) {
    // The same submission racing this one may have made exactly this pair between the first
    // look and the checks (PostgreSQL runs them side by side): that is the answer, not an error.
    const madeMeanwhile = await samePair();
    if (madeMeanwhile) return { pair: madeMeanwhile, created: false };
    throw problemsToError(problems);
  }
  try {
    return { pair: await createPairWithBoard(db, cohort, pair), created: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const winner = await samePair();
    if (winner) return { pair: winner, created: false };
    throw new AppError('conflict', RACE_MESSAGE);
  }
}

/** Pairs one professional with one lay partner of the cohort, with their project (facilitators only). */
export async function pairMembers(db: Db, actor: Actor, cohortId: string, input: unknown) {
  const { data, cohort } = await cohortGate(db, actor, cohortId, 'pair.manage', PairInput, input);
  return pairChecked(db, cohort, data);
}

/** Proposes pairs for everyone still unpaired, in the order they joined (facilitators only). */
export async function suggestPairsForCohort(db: Db, actor: Actor, cohortId: string) {
  const { cohort } = await cohortGate(db, actor, cohortId, 'pair.manage', z.unknown(), undefined);
  const unpaired = await db.member.findMany({
    where: { cohortId: cohort.id, role: { in: ['professional', 'lay_partner'] }, asProfessional: null, asLayPartner: null },
    include: { user: { select: { name: true, email: true } } },
  });
  const people = unpaired.map((m) => ({ id: m.id, joinedAt: m.createdAt, name: displayName(m.user), role: m.role }));
  return suggestPairs(
    people.filter((p) => p.role === 'professional'),
    people.filter((p) => p.role === 'lay_partner'),
  );
}

/**
 * Creates the suggested pairs the facilitator accepted, each checked again (someone may have
 * been paired since). Pairs that can no longer be made are reported, not fatal.
 */
export async function acceptSuggestedPairs(db: Db, actor: Actor, cohortId: string, input: unknown) {
  const { data, cohort } = await cohortGate(db, actor, cohortId, 'pair.manage', AcceptSuggestionsInput, input);
  let created = 0;
  const problems: string[] = [];
  for (const proposal of data.pairs) {
    try {
      const result = await pairChecked(db, cohort, { ...proposal, projectTitle: PROJECT_TO_BE_AGREED, challenge: '' });
      if (result.created) created++;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      problems.push(error.message);
    }
  }
  return { created, problems };
}

/** Archives a pair's boards (never deleting them) and unlinks them from the pair. */
async function archivePairBoards(tx: Tx, pairId: string) {
  await tx.board.updateMany({ where: { pairId }, data: { state: 'archived', pairId: null } });
}

/**
 * Dissolves a pair. Its board is archived and kept (read-only) so the work is not lost.
 * Unpairing twice (a double click) is harmless: the second time reports nothing to do.
 */
export async function unpair(db: Db, actor: Actor, cohortId: string, input: unknown) {
  const { data, cohort } = await cohortGate(db, actor, cohortId, 'pair.manage', PairIdInput, input);
  const removed = await db.$transaction(async (tx) => {
    const pair = await tx.pair.findFirst({ where: { id: data.pairId, cohortId: cohort.id } });
    if (!pair) return false;
    await archivePairBoards(tx, pair.id);
    await tx.pair.delete({ where: { id: pair.id } });
    return true;
  });
  return { removed };
}

/**
 * Changes a pair. With the same two people it only saves the project (the board keeps its
 * work and takes the new title). With a new partner for either, the old pair is replaced in
 * one step: its board is archived and the new pair gets a fresh board.
 */
export async function rePair(db: Db, actor: Actor, cohortId: string, input: unknown) {
  const { data, cohort } = await cohortGate(db, actor, cohortId, 'pair.manage', RePairInput, input);
  const old = await db.pair.findFirst({ where: { id: data.pairId, cohortId: cohort.id } });
  if (!old) throw notFound('That pair');
  if (old.professionalId === data.professionalId && old.layPartnerId === data.layPartnerId) {
    return { pair: await updateProject(db, old.id, data), created: false };
  }
  const professional = await loadCandidate(db, data.professionalId, cohort.id, old.id);
  const layPartner = await loadCandidate(db, data.layPartnerId, cohort.id, old.id);
  const problems = checkPair(cohort.id, professional, layPartner);
  if (problems.length) throw problemsToError(problems);
  try {
    const pair = await db.$transaction(async (tx) => {
      const stillThere = await tx.pair.findFirst({ where: { id: old.id } });
      if (!stillThere) throw new AppError('conflict', RACE_MESSAGE);
      await archivePairBoards(tx, old.id);
      await tx.pair.delete({ where: { id: old.id } });
      const { pairId: _pairId, ...pairData } = data;
      return createPairWithBoard(tx, cohort, pairData);
    });
    return { pair, created: true };
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('conflict', RACE_MESSAGE);
    throw error;
  }
}

async function updateProject(db: Db, pairId: string, project: { projectTitle: string; challenge: string }) {
  const [pair] = await db.$transaction([
    db.pair.update({ where: { id: pairId }, data: { projectTitle: project.projectTitle, challenge: project.challenge } }),
    db.board.updateMany({ where: { pairId, kind: 'pair', state: { not: 'archived' } }, data: { title: project.projectTitle } }),
  ]);
  return pair;
}
