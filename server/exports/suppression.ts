/**
 * Small-count suppression for figures that leave the programme (the independent evaluation):
 * a cell about 1 to SMALL_COUNT_THRESHOLD - 1 people is hidden, so no one can be singled out,
 * and so is any total that would let someone work a hidden cell out (secondary suppression).
 * Pure: unit-tested in tests/unit/evaluation-suppression.test.ts.
 */

/** Cells about fewer people than this (but at least one) are hidden. */
export const SMALL_COUNT_THRESHOLD = 5;

/** What a hidden cell shows instead of its number. */
export const SUPPRESSED_TEXT = `<${SMALL_COUNT_THRESHOLD}`;

/** Why a cell is hidden, for the CSV's note column. */
export const SUPPRESSION_NOTES = {
  small: `Hidden: fewer than ${SMALL_COUNT_THRESHOLD} people, so no one can be singled out.`,
  secondary: 'Hidden: with the figures shown, it would give away a hidden figure.',
} as const;
export type SuppressionReason = keyof typeof SUPPRESSION_NOTES;

/** A figure and how many people it is about (for a count of people, the count itself). */
export interface Figure {
  value: number;
  people: number;
}

/** A figure as published: its number, or hidden with the reason. */
export type PublishedFigure = { value: number; hidden: null } | { value: null; hidden: SuppressionReason };

/** Whether a figure about this many people must be hidden (0 people reveals no one). */
export function isSmallCount(people: number, threshold = SMALL_COUNT_THRESHOLD): boolean {
  return people > 0 && people < threshold;
}

/** A figure on its own: hidden when it is about 1 to threshold - 1 people. */
export function publishFigure(figure: Figure, threshold = SMALL_COUNT_THRESHOLD): PublishedFigure {
  return isSmallCount(figure.people, threshold) ? { value: null, hidden: 'small' } : { value: figure.value, hidden: null };
}

/**
 * Parts and their total (for example members by role and all members). Each part is hidden when
 * small; the total is hidden when small itself, or when any part is hidden: with the total and
 * the other parts shown, a single hidden part is a subtraction away, and several hidden parts
 * whose sum is known can still be pinned down (two hidden parts summing to 2 are 1 and 1).
 */
export function publishWithTotal(parts: Figure[], threshold = SMALL_COUNT_THRESHOLD): { parts: PublishedFigure[]; total: PublishedFigure } {
  const published = parts.map((part) => publishFigure(part, threshold));
  const total: Figure = { value: parts.reduce((sum, p) => sum + p.value, 0), people: parts.reduce((sum, p) => sum + p.people, 0) };
  const ownTotal = publishFigure(total, threshold);
  const giveaway = published.some((p) => p.hidden !== null);
  return { parts: published, total: ownTotal.hidden === null && giveaway ? { value: null, hidden: 'secondary' } : ownTotal };
}
