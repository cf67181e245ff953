/**
 * Notices shown at the top of the cohort page after a change that removes the form it came
 * from (an unpaired or replaced pair's card disappears, so its own message would vanish too).
 */
export const COHORT_NOTICES = {
  unpaired: 'Unpaired. Their pair board is archived and can still be viewed under Boards.',
  'already-unpaired': 'That pair had already been unpaired.',
  repaired: 'Re-paired. The old pair board is archived and the new pair has a fresh board.',
  'project-saved': 'Project saved.',
  'member-removed': 'Removed from the cohort. They can no longer open its boards; any pair board of theirs is archived and kept.',
  'already-removed': 'That person had already been removed.',
} as const;
export type CohortNotice = keyof typeof COHORT_NOTICES;

/** The notice named in the cohort page's `?notice=` parameter, or null for anything unknown. */
export function cohortNotice(value: unknown): string | null {
  return typeof value === 'string' && Object.hasOwn(COHORT_NOTICES, value) ? COHORT_NOTICES[value as CohortNotice] : null;
}
