import type { BoardKind, BoardState, MemberRole } from './roles';

/**
 * Every action a person can take, in one place. Pages, server actions, route handlers and
 * the realtime server all ask `can(role, action)`; nothing else decides.
 */
export const ACTIONS = [
  'cohort.view',
  'cohort.manage',
  'member.remove',
  'invitation.manage',
  'pair.manage',
  'board.create',
  'board.lock',
  'board.facilitate',
  'board.export',
  'board.exportNames',
  'board.restoreVersion',
  /** Remove anyone's comment on a note (everyone removes their own). */
  'comment.removeAny',
  'mural.publish',
  'evaluation.export',
] as const;
export type Action = (typeof ACTIONS)[number];

/** The role-by-action table. A missing entry means "not allowed". */
const TABLE: Record<MemberRole, ReadonlySet<Action>> = {
  facilitator: new Set<Action>(ACTIONS),
  professional: new Set<Action>(['cohort.view', 'board.export']),
  lay_partner: new Set<Action>(['cohort.view', 'board.export']),
};

/** Whether a member with `role` may take `action`. A non-member (null) may take none. */
export function can(role: MemberRole | null | undefined, action: Action): boolean {
  if (!role) return false;
  return TABLE[role].has(action);
}

export type BoardAccess = 'edit' | 'view';

/** What the server knows about a person and a board when deciding access. */
export interface BoardAccessInput {
  /** The person's role where the board lives (cohort, or any cohort of the mural's programme); null if none. */
  role: MemberRole | null;
  kind: BoardKind;
  state: BoardState;
  /** For a pair board: whether the person is one of the pair. */
  isPairMember: boolean;
}

/**
 * Board access: null (not found, do not reveal), 'view' or 'edit'.
 * - Outsiders get nothing.
 * - Archived boards are view-only for everyone; locked boards for everyone but facilitators.
 * - A pair board is edited by its pair and facilitators; the rest of the cohort may look.
 * - Workshop boards and murals are edited by every member.
 */
export function boardAccess(input: BoardAccessInput): BoardAccess | null {
  const { role, kind, state, isPairMember } = input;
  if (!role) return null;
  if (state === 'archived') return 'view';
  const isFacilitator = role === 'facilitator';
  if (state === 'locked' && !isFacilitator) return 'view';
  if (kind === 'pair' && !isFacilitator && !isPairMember) return 'view';
  return 'edit';
}

/** Why a person may only look at a board: it is archived, locked by a facilitator, or not theirs to change. */
export type ReadOnlyReason = 'archived' | 'locked' | 'view';

/** The read-only rule, in one place: null when the person may edit, otherwise why they may only look. */
export function readOnlyReason(access: BoardAccess, state: BoardState): ReadOnlyReason | null {
  if (access === 'edit') return null;
  if (state === 'archived') return 'archived';
  return state === 'locked' ? 'locked' : 'view';
}
