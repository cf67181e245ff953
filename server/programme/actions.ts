'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireApiUser } from '../auth/session';
import { db } from '../db/client';
import { createCohort } from './cohorts';
import type { CohortNotice } from './cohort-notices';
import { failureState, formValues, type FormState } from './form-state';
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

/** Creates a programme, then opens it. */
export async function createProgrammeAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  let programmeId: string;
  try {
    const user = await requireApiUser();
    programmeId = (await createProgramme(db(), user, values)).id;
  } catch (error) {
    return failureState(error, values);
  }
  revalidatePath('/programmes');
  redirect(`/programmes/${programmeId}`);
}

/** Creates a cohort in a programme; schedule warnings come back without blocking the save. */
export async function createCohortAction(programmeId: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  try {
    const user = await requireApiUser();
    const { cohort, warnings } = await createCohort(db(), user, programmeId, values);
    revalidatePath(`/programmes/${programmeId}`);
    return {
      status: 'ok',
      message: `Cohort "${cohort.name}" created with its three workshops and workshop boards.`,
      warnings: warnings.map((w) => w.message),
      link: { href: cohortPath(cohort.id), label: `Open ${cohort.name}` },
    };
  } catch (error) {
    return failureState(error, values);
  }
}

/** Pairs a professional with a lay partner (a repeated submit answers with the same pair). */
export async function pairAction(cohortId: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  try {
    const user = await requireApiUser();
    const { created } = await pairMembers(db(), user, cohortId, values);
    revalidatePath(cohortPath(cohortId));
    return { status: 'ok', message: created ? 'Pair made. Their pair board is ready.' : 'They were already paired: nothing changed.' };
  } catch (error) {
    return failureState(error, values);
  }
}

/** Proposes pairs for everyone unpaired; nothing is saved until they are accepted. */
export async function suggestPairsAction(cohortId: string, _previous: SuggestionsState): Promise<SuggestionsState> {
  try {
    const user = await requireApiUser();
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
  } catch (error) {
    return failureState(error);
  }
}

/** Creates the accepted suggestions, each checked again. */
export async function acceptSuggestionsAction(cohortId: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const professionals = formData.getAll('professionalId').map(String);
  const layPartners = formData.getAll('layPartnerId').map(String);
  const pairs = professionals.map((professionalId, i) => ({ professionalId, layPartnerId: layPartners[i] ?? '' }));
  try {
    const user = await requireApiUser();
    const { created, problems } = await acceptSuggestedPairs(db(), user, cohortId, { pairs });
    revalidatePath(cohortPath(cohortId));
    const made = created === 1 ? '1 pair made.' : `${created} pairs made.`;
    return {
      status: problems.length ? 'error' : 'ok',
      message: `${made} Each has a pair board; give them a project title when they have chosen one.`,
      warnings: problems,
    };
  } catch (error) {
    return failureState(error);
  }
}

/** Dissolves a pair (its board is archived, not deleted), then shows the cohort page with a notice. */
export async function unpairAction(cohortId: string, _previous: FormState, formData: FormData): Promise<FormState> {
  let notice: CohortNotice;
  try {
    const user = await requireApiUser();
    const { removed } = await unpair(db(), user, cohortId, formValues(formData));
    notice = removed ? 'unpaired' : 'already-unpaired';
  } catch (error) {
    return failureState(error);
  }
  revalidatePath(cohortPath(cohortId));
  redirect(`${cohortPath(cohortId)}?notice=${notice}`);
}

/** Changes a pair's project, or its partner(s) and project in one step, then shows the cohort page with a notice. */
export async function rePairAction(cohortId: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const values = formValues(formData);
  let notice: CohortNotice;
  try {
    const user = await requireApiUser();
    const { created } = await rePair(db(), user, cohortId, values);
    notice = created ? 'repaired' : 'project-saved';
  } catch (error) {
    return failureState(error, values);
  }
  revalidatePath(cohortPath(cohortId));
  redirect(`${cohortPath(cohortId)}?notice=${notice}`);
}

/** Removes someone from the cohort (their sockets close at once), then shows the cohort page with a notice. */
export async function removeMemberAction(cohortId: string, _previous: FormState, formData: FormData): Promise<FormState> {
  let notice: CohortNotice;
  try {
    const user = await requireApiUser();
    const { removed } = await removeMember(db(), user, cohortId, formValues(formData));
    notice = removed ? 'member-removed' : 'already-removed';
  } catch (error) {
    return failureState(error);
  }
  revalidatePath(cohortPath(cohortId));
  redirect(`${cohortPath(cohortId)}?notice=${notice}`);
}
