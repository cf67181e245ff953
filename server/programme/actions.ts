'use server';

import { revalidatePath } from 'next/cache';
import type { FormState } from '../../lib/form-state';
import { db } from '../db/client';
import { signedInAction } from '../http/action';
import { createCohort } from './cohorts';
import type { CohortNotice } from './cohort-notices';
import { acceptSuggestedPairs, pairMembers, rePair, suggestPairsForCohort, unpair } from './pairs';
import { removeMember } from './members';
import { createProgramme } from './programmes';

/** A suggestion as the cohort page shows it. */
export interface SuggestionsState extends FormState {
  suggestions?: {
    pairs: { professional: { id: string; name: string }; layPartner: { id: string; name: string } }[];
    leftOver: string[];
  };
}

const cohortPath = (cohortId: string) => `/cohorts/${cohortId}`;

/** After a change that removes the form it came from: the cohort page, with a notice at the top. */
function toCohortWithNotice(cohortId: string, notice: CohortNotice) {
  revalidatePath(cohortPath(cohortId));
  return { redirectTo: `${cohortPath(cohortId)}?notice=${notice}` };
}

/** Creates a programme, then opens it. */
export async function createProgrammeAction(_previous: FormState, formData: FormData): Promise<FormState> {
  return signedInAction(formData, async (user, values) => {
    const programmeId = (await createProgramme(db(), user, values)).id;
    revalidatePath('/programmes');
    return { redirectTo: `/programmes/${programmeId}` };
  });
}

/** Creates a cohort in a programme; schedule warnings come back without blocking the save. */
export async function createCohortAction(programmeId: string, _previous: FormState, formData: FormData): Promise<FormState> {
  return signedInAction(formData, async (user, values) => {
    const { cohort, warnings } = await createCohort(db(), user, programmeId, values);
    revalidatePath(`/programmes/${programmeId}`);
    return {
      status: 'ok',
      message: `Cohort "${cohort.name}" created with its three workshops and workshop boards.`,
      warnings: warnings.map((w) => w.message),
      link: { href: cohortPath(cohort.id), label: `Open ${cohort.name}` },
    };
  });
}

/** Pairs a professional with a lay partner (a repeated submit answers with the same pair). */
export async function pairAction(cohortId: string, _previous: FormState, formData: FormData): Promise<FormState> {
  return signedInAction(formData, async (user, values) => {
    const { created } = await pairMembers(db(), user, cohortId, values);
    revalidatePath(cohortPath(cohortId));
    return { status: 'ok', message: created ? 'Pair made. Their pair board is ready.' : 'They were already paired: nothing changed.' };
  });
}

/** Proposes pairs for everyone unpaired; nothing is saved until they are accepted. */
export async function suggestPairsAction(cohortId: string, _previous: SuggestionsState): Promise<SuggestionsState> {
  return signedInAction<SuggestionsState>(undefined, async (user) => {
    const { pairs, leftOver } = await suggestPairsForCohort(db(), user, cohortId);
    const person = (p: { id: string; name: string }) => ({ id: p.id, name: p.name });
    const suggestions = {
      pairs: pairs.map((p) => ({ professional: person(p.professional), layPartner: person(p.layPartner) })),
      leftOver: [...leftOver.professionals, ...leftOver.layPartners].map((p) => p.name),
    };
    if (pairs.length === 0) {
      return { status: 'ok', message: 'There is nobody to pair: everyone is paired, or one side has nobody waiting.', suggestions };
    }
    return { status: 'ok', suggestions };
  }, { keepValues: false });
}

/** Creates the accepted suggestions, each checked again. */
export async function acceptSuggestionsAction(cohortId: string, _previous: FormState, formData: FormData): Promise<FormState> {
  return signedInAction(formData, async (user) => {
    const professionals = formData.getAll('professionalId').map(String);
    const layPartners = formData.getAll('layPartnerId').map(String);
    const pairs = professionals.map((professionalId, i) => ({ professionalId, layPartnerId: layPartners[i] ?? '' }));
    const { created, problems } = await acceptSuggestedPairs(db(), user, cohortId, { pairs });
    revalidatePath(cohortPath(cohortId));
    const made = created === 1 ? '1 pair made.' : `${created} pairs made.`;
    return {
      status: problems.length ? 'error' : 'ok',
      message: `${made} Each has a pair board; give them a project title when they have chosen one.`,
      warnings: problems,
    };
  }, { keepValues: false });
}

/** Dissolves a pair (its board is archived, not deleted), then shows the cohort page with a notice. */
export async function unpairAction(cohortId: string, _previous: FormState, formData: FormData): Promise<FormState> {
  return signedInAction(formData, async (user, values) => {
    const { removed } = await unpair(db(), user, cohortId, values);
    return toCohortWithNotice(cohortId, removed ? 'unpaired' : 'already-unpaired');
  }, { keepValues: false });
}

/** Changes a pair's project, or its partner(s) and project in one step, then shows the cohort page with a notice. */
export async function rePairAction(cohortId: string, _previous: FormState, formData: FormData): Promise<FormState> {
  return signedInAction(formData, async (user, values) => {
    const { created } = await rePair(db(), user, cohortId, values);
    return toCohortWithNotice(cohortId, created ? 'repaired' : 'project-saved');
  });
}

/** Removes someone from the cohort (their sockets close at once), then shows the cohort page with a notice. */
export async function removeMemberAction(cohortId: string, _previous: FormState, formData: FormData): Promise<FormState> {
  return signedInAction(formData, async (user, values) => {
    const { removed } = await removeMember(db(), user, cohortId, values);
    return toCohortWithNotice(cohortId, removed ? 'member-removed' : 'already-removed');
  }, { keepValues: false });
}
