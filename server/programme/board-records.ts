/** Template names the realtime server seeds canvases from (see the Board model). */
export const PAIR_BOARD_TEMPLATE = 'pair';
export const MURAL_BOARD_TEMPLATE = 'mural';

/** The template of a workshop board: one per workshop number, `workshop-1` to `workshop-3`. */
export function workshopBoardTemplate(workshopNumber: number): string {
  return `workshop-${workshopNumber}`;
}

/** The title people see for a cohort's workshop board. */
export function workshopBoardTitle(cohortName: string, workshopNumber: number): string {
  return `${cohortName}: workshop ${workshopNumber}`;
}

/** The title of a programme's celebration mural. */
export function muralBoardTitle(programmeName: string): string {
  return `${programmeName}: celebration mural`;
}
